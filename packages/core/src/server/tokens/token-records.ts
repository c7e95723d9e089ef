import type { AccountKind } from '../../accounts/account-kinds.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import { legacyScopes, type LegacyAccess } from '../../legacy/legacy-scopes.js'
import { normaliseScopes } from '../../scopes/catalog.js'
import { TokenKind, TokenState, type TokenView } from '../../tokens/token-schemas.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { rotationViewOf } from '../lifecycle/rotation-end.js'
import { tokenStateAt } from '../lifecycle/token-state-at.js'
import { loadOpenLeaks } from '../leaks/open-leaks.js'

export function legacyAccessOf(kind: TokenKind): LegacyAccess | undefined {
  return kind === 'legacy_read_write' ? 'read_write' : kind === 'legacy_read_only' ? 'read_only' : undefined
}

export function legacyKindOf(access: LegacyAccess): TokenKind {
  return access === 'read_write' ? 'legacy_read_write' : 'legacy_read_only'
}

/**
 * Scoped tokens only: legacy rows are reached through the legacy service, never by id here. A write
 * locks the row first (lockTokenRows), so concurrent writes to one token queue up and each reads
 * the row as the previous one left it.
 */
export async function requireScopedToken(
  executor: Executor,
  accountId: string,
  id: string,
): Promise<TokensTable> {
  const row = await executor
    .selectFrom('tokens')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .where('kind', '=', 'scoped')
    .executeTakeFirst()
  if (!row) throw new TokenConsoleError('TokenNotFound')
  return row
}

/** The stored scopes of scoped tokens, by token id, in no set order (grantedScopes puts them in catalog order). */
export const loadScopedScopes = tokenListLoader(
  (executor, ids) => executor.selectFrom('token_scopes').selectAll().where('token_id', 'in', ids).execute(),
  (row) => row.scope,
)

/** The developer e-mails of tokens, by token id, in the order they were given. */
export const loadDeveloperEmails = tokenListLoader(
  (executor, ids) =>
    executor
      .selectFrom('token_developer_emails')
      .selectAll()
      .where('token_id', 'in', ids)
      .orderBy('position')
      .execute(),
  (row) => row.email,
)

/**
 * The loader of one of a token's lists kept in a child table (scopes, developer e-mails): its values
 * gathered per token, in the order `rowsOf` reads them, for a page of tokens at once. No query for
 * no tokens.
 */
function tokenListLoader<Row extends { token_id: string }>(
  rowsOf: (executor: Executor, tokenIds: readonly string[]) => Promise<Row[]>,
  valueOf: (row: Row) => string,
): (executor: Executor, tokenIds: readonly string[]) => Promise<Map<string, string[]>> {
  return async (executor, tokenIds) => {
    const byToken = new Map<string, string[]>()
    if (tokenIds.length === 0) return byToken
    for (const row of await rowsOf(executor, tokenIds)) {
      const list = byToken.get(row.token_id) ?? []
      list.push(valueOf(row))
      byToken.set(row.token_id, list)
    }
    return byToken
  }
}

/** The scopes a token grants: its stored ones, or for legacy tokens the set its access and version imply. */
export function grantedScopes(
  accountKind: AccountKind,
  row: TokensTable,
  stored: readonly string[],
): string[] {
  const access = legacyAccessOf(TokenKind.parse(row.kind))
  return access
    ? legacyScopes(accountKind, row.api_version, access)
    : normaliseScopes(accountKind, row.api_version, stored)
}

/** `now` decides expiry and whether a rotation is still open (legacy rows have neither, and may omit it). */
export async function tokenViewsOf(
  executor: Executor,
  accountKind: AccountKind,
  rows: readonly TokensTable[],
  now?: Date,
): Promise<TokenView[]> {
  const ids = rows.map((row) => row.id)
  const scopes = await loadScopedScopes(
    executor,
    rows.filter((row) => row.kind === 'scoped').map((row) => row.id),
  )
  const emails = await loadDeveloperEmails(executor, ids)
  const leaks = await loadOpenLeaks(executor, ids)
  return rows.map((row) => ({
    id: row.id,
    kind: TokenKind.parse(row.kind),
    name: row.name,
    description: row.description,
    accountSid: row.sid,
    apiVersion: row.api_version,
    state: now ? tokenStateAt(TokenState.parse(row.state), row.expires_at, now) : TokenState.parse(row.state),
    scopes: grantedScopes(accountKind, row, scopes.get(row.id) ?? []),
    primaryContactUserId: row.primary_contact_user_id,
    developerEmails: emails.get(row.id) ?? [],
    rateLimitPerHour: row.rate_limit_per_hour,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    disabled: TokenState.parse(row.state) === 'disabled',
    rotation: now ? rotationViewOf(row, now) : null,
    leak: leaks.get(row.id) ?? null,
  }))
}

export async function tokenViewOf(
  executor: Executor,
  accountKind: AccountKind,
  row: TokensTable,
  now?: Date,
): Promise<TokenView> {
  const [view] = await tokenViewsOf(executor, accountKind, [row], now)
  return view as TokenView
}
