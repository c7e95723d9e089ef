import type { AccountPolicy } from './lifecycle-schemas.js'
import { daysAfter } from '../time/durations.js'

/**
 * How far past `now + maxLifetimeDays` an expiry may lie and still be accepted (stored clamped to
 * that bound). The SPA computes "now + N days" on the browser's clock and the request takes a
 * while to arrive, so the longest preset, which equals the maximum, always lands a little beyond
 * the server's bound; a few minutes absorb clock skew and latency without stretching the policy.
 */
export const EXPIRY_CLOCK_TOLERANCE_MS = 10 * 60_000

/** The part of the account policy that bounds an expiry. */
export type ExpiryPolicy = Pick<AccountPolicy, 'requireExpiry' | 'maxLifetimeDays'>

/** Why the policy refuses an expiry: the core's error codes. */
export const EXPIRY_POLICY_REFUSALS = ['ExpiryRequired', 'ExpiryNotInFuture', 'ExpiryBeyondPolicy'] as const
export type ExpiryPolicyRefusal = (typeof EXPIRY_POLICY_REFUSALS)[number]

export type ExpiryPolicyResult =
  | { ok: true; expiresAt: string | null }
  | { ok: false; refusal: Exclude<ExpiryPolicyRefusal, 'ExpiryBeyondPolicy'> }
  /** `latest`: the latest expiry allowed as of `now`. */
  | { ok: false; refusal: 'ExpiryBeyondPolicy'; maxLifetimeDays: number; latest: string }

/** The latest instant the policy allows from `now`, or null without a maximum lifetime. */
export function latestExpiryOf(policy: ExpiryPolicy, now: Date): Date | null {
  return policy.maxLifetimeDays === null ? null : daysAfter(now, policy.maxLifetimeDays)
}

/** The expiry a duplicate keeps when none is chosen: its source's, only while it lies ahead. */
export function expiryKeptByDuplicate(sourceExpiresAt: string | null, now: Date): string | null {
  return sourceExpiresAt !== null && Date.parse(sourceExpiresAt) > now.getTime() ? sourceExpiresAt : null
}

/**
 * The expiry a new, renewed or duplicated token gets under the account's policy, or why it is
 * refused: none while the policy requires one, not in the future, or further than
 * `maxLifetimeDays` from now. An expiry beyond that bound by at most EXPIRY_CLOCK_TOLERANCE_MS is
 * accepted as the bound itself. The one rule for the server's check and the SPA's: it imports only
 * a type, so no zod comes with it.
 */
export function checkExpiryPolicy(
  policy: ExpiryPolicy,
  expiresAt: string | null,
  now: Date,
): ExpiryPolicyResult {
  if (expiresAt === null) {
    return policy.requireExpiry ? { ok: false, refusal: 'ExpiryRequired' } : { ok: true, expiresAt: null }
  }
  const at = Date.parse(expiresAt)
  if (at <= now.getTime()) return { ok: false, refusal: 'ExpiryNotInFuture' }
  const max = policy.maxLifetimeDays
  const latest = latestExpiryOf(policy, now)
  if (max !== null && latest && at > latest.getTime()) {
    if (at - latest.getTime() > EXPIRY_CLOCK_TOLERANCE_MS) {
      return { ok: false, refusal: 'ExpiryBeyondPolicy', maxLifetimeDays: max, latest: latest.toISOString() }
    }
    return { ok: true, expiresAt: latest.toISOString() }
  }
  return { ok: true, expiresAt }
}
