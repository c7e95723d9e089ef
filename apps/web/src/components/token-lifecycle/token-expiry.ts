import {
  checkExpiryPolicy,
  DAY_MS,
  daysAfter,
  latestExpiryOf,
  type ExpiryPolicy,
  type ExpiryPolicyRefusal,
} from '@tokens/core'
import type { ExpiryDraft } from './expiry-choices'

export * from './expiry-choices'

/** Why an expiry is refused: the core's error codes, and a custom choice without a date. */
export type ExpiryRefusal = ExpiryPolicyRefusal | 'ExpiryDateMissing'

function isoDateOf(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** The end of a calendar day (YYYY-MM-DD) in local time, or null when it is not a real date. */
function endOfDay(date: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const end = new Date(year, month - 1, day, 23, 59, 59, 999)
  return end.getMonth() === month - 1 && end.getDate() === day ? end : null
}

/**
 * Bounds for the custom date input: from today to the last whole day within the policy
 * (a custom date expires at the end of that day, which must not pass the policy's latest instant).
 */
export function customDateBoundsOf(
  policy: ExpiryPolicy,
  now: Date,
): { min: string; max: string | undefined } {
  const latest = latestExpiryOf(policy, now)
  if (!latest) return { min: isoDateOf(now), max: undefined }
  const lastDay = endOfDay(isoDateOf(latest))
  const max = lastDay && lastDay.getTime() > latest.getTime() ? new Date(latest.getTime() - DAY_MS) : latest
  return { min: isoDateOf(now), max: isoDateOf(max) }
}

export type ExpiryResult = { ok: true; expiresAt: string | null } | { ok: false; refusal: ExpiryRefusal }

/**
 * The `expiresAt` to send for a draft, checked by the core's own rule (`checkExpiryPolicy`), which
 * also clamps an expiry a moment past the policy's bound to that bound.
 */
export function expiresAtOf(draft: ExpiryDraft, policy: ExpiryPolicy, now: Date): ExpiryResult {
  let expiry: Date | null
  if (draft.choice === 'none') expiry = null
  else if (draft.choice === 'custom') {
    expiry = endOfDay(draft.date)
    if (!expiry) return { ok: false, refusal: 'ExpiryDateMissing' }
  } else expiry = daysAfter(now, Number(draft.choice))

  const result = checkExpiryPolicy(policy, expiry ? expiry.toISOString() : null, now)
  return result.ok ? result : { ok: false, refusal: result.refusal }
}
