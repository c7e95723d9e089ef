import type { AccountKind } from '../accounts/account-kinds.js'
import { allScopes } from '../scopes/catalog.js'
import { parseScope, type Scope } from '../scopes/scope.js'

export const LEGACY_ACCESS = ['read_write', 'read_only'] as const
export type LegacyAccess = (typeof LEGACY_ACCESS)[number]

/** Legacy Read/Write holds every scope of its version; Read-Only every GET scope. */
export function legacyScopes(kind: AccountKind, apiVersion: string, access: LegacyAccess): Scope[] {
  const scopes = [...allScopes(kind, apiVersion)]
  return access === 'read_write' ? scopes : scopes.filter((scope) => parseScope(scope).method === 'GET')
}
