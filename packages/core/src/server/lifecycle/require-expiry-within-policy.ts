import { TokenConsoleError } from '../../errors/error-codes.js'
import type { AccountPolicy } from '../../lifecycle/lifecycle-schemas.js'

const DAY_MS = 86_400_000

/**
 * The expiry a new or renewed token gets under the account's policy: refused when the policy
 * requires one and none is given, when it is not in the future, or when it lies further than
 * `maxLifetimeDays` from now (the bound is inclusive).
 */
export function requireExpiryWithinPolicy(
  policy: AccountPolicy,
  expiresAt: string | null,
  now: Date,
): string | null {
  if (expiresAt === null) {
    if (policy.requireExpiry) {
      throw new TokenConsoleError('ExpiryRequired')
    }
    return null
  }
  if (Date.parse(expiresAt) <= now.getTime()) throw new TokenConsoleError('ExpiryNotInFuture')
  if (policy.maxLifetimeDays !== null) {
    const latest = new Date(now.getTime() + policy.maxLifetimeDays * DAY_MS)
    if (Date.parse(expiresAt) > latest.getTime()) {
      throw new TokenConsoleError('ExpiryBeyondPolicy', {
        maxLifetimeDays: policy.maxLifetimeDays,
        latest: latest.toISOString(),
      })
    }
  }
  return expiresAt
}
