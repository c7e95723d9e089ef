// No schema here: the SPA loads the roles and the permission rule before (and without) zod.
export const ROLES = ['account_administrator', 'implementation_specialist', 'analyst'] as const
export type Role = (typeof ROLES)[number]

const TOKEN_MANAGERS: ReadonlySet<Role> = new Set(['account_administrator', 'implementation_specialist'])

/**
 * The one permission rule of the product: only Account Administrators and Implementation
 * Specialists may enable API access, see tokens and their credentials, and manage them.
 */
export function canManageApiTokens(role: Role): boolean {
  return TOKEN_MANAGERS.has(role)
}
