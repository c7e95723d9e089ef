import type { LeastPrivilege, ScopeRefusal } from '@tokens/core'

/** What the Scopes section proposes from the token's usage (the core decided which scopes qualify). */
export interface LeastPrivilegeOffer {
  /** Scopes to remove: unused for `days` on a token old enough with traffic; empty otherwise. */
  unused: string[]
  grantedCount: number
  days: number
  /** Scopes refused for lack of them, most often refused first. */
  missing: ScopeRefusal[]
}

export function leastPrivilegeOfferOf(leastPrivilege: LeastPrivilege | null): LeastPrivilegeOffer | null {
  if (!leastPrivilege) return null
  const unused = leastPrivilege.eligible ? [...leastPrivilege.unusedScopes] : []
  const missing = [...leastPrivilege.missingScopes].sort((a, b) => b.count - a.count)
  if (unused.length === 0 && missing.length === 0) return null
  return { unused, grantedCount: leastPrivilege.grantedCount, days: leastPrivilege.days, missing }
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
