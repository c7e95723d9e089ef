import { UpdateTokenInput, type TokenView } from '@tokens/core'
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

/** The PATCH body: only what changed, parsed by the core's UpdateTokenInput like the API does. */
export function updateRequest(token: TokenView, draft: TokenDraft) {
  const body: Record<string, unknown> = {}
  for (const field of changedFields(token, draft)) body[field] = draft[field]
  return UpdateTokenInput.safeParse(body)
}

/**
 * The server changed the token (upgrade, reset, another update): fields the user has not touched
 * take the new values, edits in progress are kept.
 */
export function rebaseDraft(previous: TokenView, next: TokenView, draft: TokenDraft): TokenDraft {
  const before = draftOf(previous)
  const after = draftOf(next)
  const rebased = { ...draft }
  for (const field of DRAFT_FIELDS) {
    if (sameValue(before[field], draft[field])) (rebased as Record<DraftField, unknown>)[field] = after[field]
  }
  return rebased
}
