import type { LeastPrivilege } from './usage-schemas.js'

/**
 * What to propose about a token's unused scopes: remove them, or (when none of the scopes it holds
 * was called in the window) nothing to remove but the token itself to disable, or null when there
 * is nothing to say (too young, no traffic, usage not recorded that long, or every scope used).
 */
export type UnusedScopesAdvice = { kind: 'remove'; scopes: string[] } | { kind: 'usedNone' } | null

/**
 * The one place that decides whether the unused scopes are offered for removal. A token keeps at
 * least one scope (`scopesRequired`), so removing every scope it holds cannot succeed: a token
 * whose traffic was all refused used none of its scopes, and is itself what is unused.
 */
export function unusedScopesAdviceOf(leastPrivilege: LeastPrivilege): UnusedScopesAdvice {
  if (!leastPrivilege.eligible || leastPrivilege.unusedScopes.length === 0) return null
  // `unusedScopes` is a subset of the granted scopes, so as many means all of them.
  if (leastPrivilege.unusedScopes.length >= leastPrivilege.grantedCount) return { kind: 'usedNone' }
  return { kind: 'remove', scopes: [...leastPrivilege.unusedScopes] }
}
