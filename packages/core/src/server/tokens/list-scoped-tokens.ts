import { sql } from 'kysely'
import type { AccountKind } from '../../accounts/account-kinds.js'
import { createdBounds, type TokenFilter } from '../../tokens/token-filter.js'
import type { TokenView } from '../../tokens/token-schemas.js'
import { searchableName } from '../../tokens/token-text.js'
import { decodeCursor, encodeCursor } from '../database/keyset-cursor.js'
import type { Executor } from '../database/schema.js'
import { tokenViewsOf } from './token-records.js'

/** `%`, `_` and the escape character itself match literally in the LIKE pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`)
}

/**
 * The token list: the filter rule of `matchesTokenFilter` as SQL, newest first, keyset-paginated
 * on (created_at, id) so every row is served exactly once across pages.
 */
export async function listScopedTokens(
  executor: Executor,
  account: { id: string; kind: AccountKind },
  filter: TokenFilter,
  now: Date,
): Promise<{ items: TokenView[]; nextCursor: string | null }> {
  let query = executor
    .selectFrom('tokens')
    .selectAll()
    .where('account_id', '=', account.id)
    .where('kind', '=', 'scoped')
  if (filter.state) query = query.where('state', '=', filter.state)
  if (filter.name) {
    const term = escapeLikePattern(searchableName(filter.name))
    query = query.where(sql<boolean>`name_search like '%' || ${term} || '%' escape '\\'`)
  }
  if (filter.created) {
    const { from, before } = createdBounds(filter.created, now)
    if (from) query = query.where('created_at', '>=', from.toISOString())
    if (before) query = query.where('created_at', '<', before.toISOString())
  }
  if (filter.cursor !== undefined) {
    const after = decodeCursor(filter.cursor)
    query = query.where((eb) =>
      eb.or([eb('created_at', '<', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '<', after.id)])]),
    )
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute()
  const page = rows.slice(0, filter.limit)
  const last = page[page.length - 1]
  return {
    items: await tokenViewsOf(executor, account.kind, page),
    nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
  }
}
