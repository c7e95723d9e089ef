import type { Updateable } from 'kysely'
import type { Executor, TokensTable } from '../database/schema.js'

/**
 * Changes `columns` of one token's row and stamps `updated_at` with `at`: the one way a manager's
 * change to a token (renew, upgrade, state, a rotation's end) is written.
 */
export async function updateTokenRow(
  trx: Executor,
  tokenId: string,
  columns: Updateable<TokensTable>,
  at: string,
): Promise<void> {
  await trx
    .updateTable('tokens')
    .set({ ...columns, updated_at: at })
    .where('id', '=', tokenId)
    .execute()
}
