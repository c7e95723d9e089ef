import { isApiVersionOf, type AccountKind } from '../../accounts/account-kinds.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import { normaliseScopes, unknownScopes } from '../../scopes/catalog.js'
import type { Executor } from '../database/schema.js'

export function requireApiVersionOf(kind: AccountKind, apiVersion: string): void {
  if (!isApiVersionOf(kind, apiVersion))
    throw new TokenConsoleError('ApiVersionNotForAccount', { apiVersion })
}

/** Scopes must all exist in the catalog of the token's kind and version; stored in catalog order. */
export function validScopes(kind: AccountKind, apiVersion: string, scopes: readonly string[]): string[] {
  const unknown = unknownScopes(kind, apiVersion, scopes)
  if (unknown.length > 0)
    throw new TokenConsoleError('ScopeUnknown', { scopes: unknown.join(', '), apiVersion })
  return normaliseScopes(kind, apiVersion, scopes)
}

/** The primary contact is a user of the same account; any other id reads as "not found". */
export async function requirePrimaryContact(
  executor: Executor,
  accountId: string,
  userId: string,
): Promise<void> {
  const user = await executor
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('account_id', '=', accountId)
    .executeTakeFirst()
  if (!user) throw new TokenConsoleError('PrimaryContactNotFound')
}
