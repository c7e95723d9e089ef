import {
  apiVersionRank,
  isApiVersionOf,
  latestApiVersion,
  type AccountKind,
} from '../../accounts/account-kinds.js'
import { TokenConsoleError } from '../../errors/error-codes.js'

/**
 * The upgrade rule for every token kind: forward only, within the account kind's own version line.
 * Without a requested version the target is the latest.
 */
export function resolveUpgradeTarget(
  kind: AccountKind,
  current: string,
  requested: string | undefined,
): string {
  const target = requested ?? latestApiVersion(kind)
  if (!isApiVersionOf(kind, target))
    throw new TokenConsoleError('ApiVersionNotForAccount', { apiVersion: target })
  if (apiVersionRank(kind, target) <= apiVersionRank(kind, current)) {
    throw new TokenConsoleError('ApiVersionNotNewer', { apiVersion: target, current })
  }
  return target
}
