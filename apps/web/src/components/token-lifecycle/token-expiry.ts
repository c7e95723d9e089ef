import {
  checkExpiryPolicy,
  expiryKeptByDuplicate,
  latestExpiryOf,
  type ExpiryPolicy,
  type ExpiryPolicyRefusal,
} from '@tokens/core'

const DAY_MS = 86_400_000

/** The wizard's and the renew dialog's expiry choices: none, a preset number of days, or a date. */
export const EXPIRY_PRESET_DAYS = [30, 90, 365] as const
export type ExpiryChoice = 'none' | `${(typeof EXPIRY_PRESET_DAYS)[number]}` | 'custom'

export interface ExpiryDraft {
  choice: ExpiryChoice
  /** The custom date as a date input holds it (YYYY-MM-DD, the user's local calendar). */
  date: string
}

export type { ExpiryPolicy }

/** Why an expiry is refused: the core's error codes, and a custom choice without a date. */
export type ExpiryRefusal = ExpiryPolicyRefusal | 'ExpiryDateMissing'

/** What the policy offers: "none" only without required expiry, presets only within the maximum lifetime. */
export function expiryChoicesOf(policy: ExpiryPolicy): ExpiryChoice[] {
  const max = policy.maxLifetimeDays
  return [
    ...(policy.requireExpiry ? [] : (['none'] as const)),
    ...EXPIRY_PRESET_DAYS.filter((days) => max === null || days <= max).map((days) => `${days}` as const),
    'custom',
  ]
}

/** The first choice offered: no expiry where allowed, else the longest preset within the policy. */
export function defaultExpiryDraft(policy: ExpiryPolicy): ExpiryDraft {
  const choices = expiryChoicesOf(policy)
  const choice = choices.includes('none')
    ? 'none'
    : (choices.filter((c) => c !== 'custom').at(-1) ?? 'custom')
  return { choice, date: '' }
}

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
  } else expiry = new Date(now.getTime() + Number(draft.choice) * DAY_MS)

  const result = checkExpiryPolicy(policy, expiry ? expiry.toISOString() : null, now)
  return result.ok ? result : { ok: false, refusal: result.refusal }
}

/**
 * Whether Duplicate asks for the copy's expiry: when the expiry the copy would keep (the core's
 * rule: the source's while it lies ahead, else none) is one the policy refuses, e.g. none while
 * the policy requires one, or beyond a maximum lifetime lowered since; and when the source's has
 * passed, so the user chooses rather than gets a copy that silently never expires.
 */
export function duplicateAsksExpiry(
  policy: ExpiryPolicy,
  sourceExpiresAt: string | null,
  now: Date,
): boolean {
  const kept = expiryKeptByDuplicate(sourceExpiresAt, now)
  if (sourceExpiresAt !== null && kept === null) return true
  return !checkExpiryPolicy(policy, kept, now).ok
}
