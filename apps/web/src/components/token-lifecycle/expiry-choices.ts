import { checkExpiryPolicy, expiryKeptByDuplicate, type ExpiryPolicy } from '@tokens/core'

// What the Duplicate dialog needs when it opens, apart from the rest of token-expiry.ts (the
// custom date's rules), which comes with the expiry field: the API page's initial load carries this only.

/** The wizard's and the renew dialog's expiry choices: none, a preset number of days, or a date. */
export const EXPIRY_PRESET_DAYS = [30, 90, 365] as const
export type ExpiryChoice = 'none' | `${(typeof EXPIRY_PRESET_DAYS)[number]}` | 'custom'

export interface ExpiryDraft {
  choice: ExpiryChoice
  /** The custom date as a date input holds it (YYYY-MM-DD, the user's local calendar). */
  date: string
}

export type { ExpiryPolicy }

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
