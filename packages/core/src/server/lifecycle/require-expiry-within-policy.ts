import { TokenConsoleError } from '../../errors/error-codes.js'
import { checkExpiryPolicy, type ExpiryPolicy } from '../../lifecycle/expiry-policy.js'

/**
 * The expiry a new, renewed or duplicated token gets under the account's policy
 * (lifecycle/expiry-policy.ts, the rule the SPA checks too), or its refusal thrown.
 */
export function requireExpiryWithinPolicy(
  policy: ExpiryPolicy,
  expiresAt: string | null,
  now: Date,
): string | null {
  const result = checkExpiryPolicy(policy, expiresAt, now)
  if (result.ok) return result.expiresAt
  if (result.refusal === 'ExpiryBeyondPolicy') {
    const { maxLifetimeDays, latest } = result
    throw new TokenConsoleError('ExpiryBeyondPolicy', { maxLifetimeDays, latest })
  }
  throw new TokenConsoleError(result.refusal)
}
