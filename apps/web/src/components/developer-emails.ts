import { DeveloperEmails, MAX_DEVELOPER_EMAILS } from '@tokens/core'
import type { z } from 'zod'

/** Why an address was not added, kept as refused and worded where shown (in the language shown). */
export type EmailRefusal = 'required' | 'tooManyEmails' | 'duplicateEmail' | z.ZodError

/**
 * The address typed in the developer e-mails field but not added yet, and why it was last refused.
 * Held by the form, not the field: the field goes with its section or step, the typed text must not.
 */
export interface TypedEmail {
  readonly text: string
  readonly refusal: EmailRefusal | null
}

export function noTypedEmail(): TypedEmail {
  return { text: '', refusal: null }
}

/** Text in the field is work not saved yet: the token page's unsaved bar and leave guards count it. */
export function isEmailTyped(typed: TypedEmail): boolean {
  return typed.text.trim() !== ''
}

/** Add's rule: the list with the address added (as the core's schema normalises it), or why not. */
export function addDeveloperEmail(
  emails: readonly string[],
  text: string,
): { ok: true; emails: string[] } | { ok: false; refusal: EmailRefusal } {
  const value = text.trim()
  if (!value) return { ok: false, refusal: 'required' }
  const parsed = DeveloperEmails.safeParse([...emails, value])
  if (!parsed.success) {
    return {
      ok: false,
      refusal: emails.length >= MAX_DEVELOPER_EMAILS ? 'tooManyEmails' : parsed.error,
    }
  }
  if (parsed.data.length === emails.length) return { ok: false, refusal: 'duplicateEmail' }
  return { ok: true, emails: parsed.data }
}

/**
 * Update, Next and Create take an address typed but not added as Add would: added to the list, or
 * kept in the field with its refusal (`refused`: the form stops there). Nothing typed: nothing to
 * take, and a refusal of what was typed before goes.
 */
export function takeTypedEmail(
  emails: string[],
  typed: TypedEmail,
): { emails: string[]; typed: TypedEmail; refused: boolean } {
  if (!isEmailTyped(typed)) return { emails, typed: noTypedEmail(), refused: false }
  const added = addDeveloperEmail(emails, typed.text)
  if (!added.ok) return { emails, typed: { text: typed.text, refusal: added.refusal }, refused: true }
  return { emails: added.emails, typed: noTypedEmail(), refused: false }
}
