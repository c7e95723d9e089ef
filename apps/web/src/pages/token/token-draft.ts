import { UpdateTokenInput, type TokenView } from '@tokens/core'
import { isEmailTyped, type TypedEmail } from '../../components/developer-emails'
import { DRAFT_FIELDS, type DraftField, type TokenDraft } from './token-form-fields'

/** The draft of a stored token: each editable field's value, a missing contact held as ''. */
export function draftOf(token: TokenView): TokenDraft {
  const draft: Record<string, unknown> = {}
  for (const field of DRAFT_FIELDS) {
    const value = token[field]
    draft[field] = Array.isArray(value) ? [...value] : (value ?? '')
  }
  return draft as TokenDraft
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  const set = new Set(a)
  return b.every((item) => set.has(item))
}

function sameValue(a: TokenDraft[DraftField], b: TokenDraft[DraftField]): boolean {
  return Array.isArray(a) && Array.isArray(b) ? sameList(a, b) : a === b
}

/** The fields whose draft value differs from the stored token, in page order. */
export function changedFields(token: TokenView, draft: TokenDraft): DraftField[] {
  const stored = draftOf(token)
  return DRAFT_FIELDS.filter((field) => !sameValue(stored[field], draft[field]))
}

/**
 * What the unsaved bar counts and Update saves, in page order: the changed fields, and the developer
 * e-mails while an address is typed in their field but not added (Update adds it, or says why not).
 */
export function unsavedFields(token: TokenView, draft: TokenDraft, typed: TypedEmail): DraftField[] {
  const changed = changedFields(token, draft)
  if (!isEmailTyped(typed)) return changed
  return DRAFT_FIELDS.filter((field) => field === 'developerEmails' || changed.includes(field))
}

/** The PATCH body: only what changed, parsed by the core's UpdateTokenInput like the API does. */
export function updateRequest(token: TokenView, draft: TokenDraft) {
  const body: Record<string, unknown> = {}
  for (const field of changedFields(token, draft)) body[field] = draft[field]
  return UpdateTokenInput.safeParse(body)
}

/**
 * A list the user edited, on the server's new list: the items they added or removed (against the
 * list they started from) are added to or removed from `after`; the rest is the server's.
 */
export function rebaseList(
  before: readonly string[],
  after: readonly string[],
  draft: readonly string[],
): string[] {
  const started = new Set(before)
  const kept = new Set(draft)
  const rebased = after.filter((item) => !started.has(item) || kept.has(item))
  for (const item of draft) if (!started.has(item) && !rebased.includes(item)) rebased.push(item)
  return rebased
}

/**
 * The server changed the token (upgrade, reset, another update): fields the user has not touched
 * take the new values, edits in progress are kept. A list is rebased item by item, so a scope the
 * server removed meanwhile (least privilege) is not granted again by the user's next Update.
 */
export function rebaseDraft(previous: TokenView, next: TokenView, draft: TokenDraft): TokenDraft {
  const before = draftOf(previous)
  const after = draftOf(next)
  const rebased: Record<DraftField, unknown> = { ...draft }
  for (const field of DRAFT_FIELDS) {
    const [was, is, edited] = [before[field], after[field], draft[field]]
    if (sameValue(was, edited)) rebased[field] = is
    else if (Array.isArray(was) && Array.isArray(is) && Array.isArray(edited))
      rebased[field] = rebaseList(was, is, edited)
  }
  return rebased as TokenDraft
}
