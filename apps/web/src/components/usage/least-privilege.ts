import { unusedScopesAdviceOf, type LeastPrivilege, type ScopeRefusal } from '@tokens/core'

/** What the Scopes section proposes from the token's usage (the core decided which scopes qualify). */
export interface LeastPrivilegeOffer {
  /** Scopes to remove: unused for `days` on a token old enough with traffic; empty otherwise. */
  unused: string[]
  /**
   * None of the token's scopes was called in `days` though it had traffic: nothing is offered for
   * removal (a token keeps at least one scope), disabling it is suggested instead.
   */
  usedNone: boolean
  grantedCount: number
  days: number
  /** Scopes refused for lack of them, most often refused first. */
  missing: ScopeRefusal[]
}

export function leastPrivilegeOfferOf(leastPrivilege: LeastPrivilege | null): LeastPrivilegeOffer | null {
  if (!leastPrivilege) return null
  const advice = unusedScopesAdviceOf(leastPrivilege)
  const unused = advice?.kind === 'remove' ? advice.scopes : []
  const usedNone = advice?.kind === 'usedNone'
  const missing = [...leastPrivilege.missingScopes].sort((a, b) => b.count - a.count)
  if (unused.length === 0 && !usedNone && missing.length === 0) return null
  return { unused, usedNone, grantedCount: leastPrivilege.grantedCount, days: leastPrivilege.days, missing }
}

/** The token's scopes without `removed`, in their order. */
export function scopesWithout(scopes: readonly string[], removed: readonly string[]): string[] {
  const gone = new Set(removed)
  return scopes.filter((scope) => !gone.has(scope))
}

/** The token's scopes with `added` at the end (once). */
export function scopesWith(scopes: readonly string[], added: string): string[] {
  return scopes.includes(added) ? [...scopes] : [...scopes, added]
}
