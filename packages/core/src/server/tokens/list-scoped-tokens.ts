import { sql } from 'kysely'
import type { AccountKind } from '../../accounts/account-kinds.js'
import { createdBounds, type TokenFilter } from '../../tokens/token-filter.js'
import type { TokenView } from '../../tokens/token-schemas.js'
import { searchableName } from '../../tokens/token-text.js'
import { beforePosition, decodeCursor, encodeCursor } from '../database/keyset-cursor.js'
import type { Executor } from '../database/schema.js'
import { tokenViewsOf } from './token-records.js'

/** `%`, `_` and the escape character itself match literally in the LIKE pattern. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`)
}

/**
 * The query behind a page of the token list: the filter rule of `matchesTokenFilter` as SQL, newest
 * first on (created_at, id), one row more than the page to tell whether another page follows.
 * Every combination of filters walks one of the list indexes in this order (token-list-plan.test.ts).
 */
export function scopedTokenListQuery(executor: Executor, accountId: string, filter: TokenFilter, now: Date) {
  let query = executor
    .selectFrom('tokens')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('kind', '=', 'scoped')
  if (filter.state === 'expired') {
    query = query.where('expires_at', '<=', now.toISOString())
  } else if (filter.state) {
    // Enabled and disabled exclude the expired, whose state reads `expired` (tokenStateAt).
    query = query
      .where('state', '=', filter.state)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now.toISOString())]))
  }
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
    query = query.where((eb) => beforePosition(eb, { at: 'created_at', id: 'id' }, after))
  }
  return query
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
}

/** A page of the token list, keyset-paginated so every row is served exactly once across pages. */
export async function listScopedTokens(
  executor: Executor,
  account: { id: string; kind: AccountKind },
  filter: TokenFilter,
  now: Date,
): Promise<{ items: TokenView[]; nextCursor: string | null }> {
  const rows = await scopedTokenListQuery(executor, account.id, filter, now).execute()
  const page = rows.slice(0, filter.limit)
  const last = page[page.length - 1]
  return {
    items: await tokenViewsOf(executor, account.kind, page, now),
    nextCursor:
      rows.length > filter.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
  }
}
