import type { ActorContext } from '../core-contract.js'
import type { DatabaseDialectName } from '../database/open-database.js'
import type { Executor } from '../database/schema.js'

/**
 * Locks, on PostgreSQL, the token rows a write is about to read and change: the tokens `ids` of
 * the account, and with `legacy` its two legacy rows. One statement locks them all in id order,
 * the order every transaction locking several token rows takes (the master-key rotation pages
 * through them by id too), so two writes locking some of the same rows wait for each other
 * instead of deadlocking. SQLite's BEGIN IMMEDIATE already serialises every write.
 */
export async function lockTokenRows(
  trx: Executor,
  dialect: DatabaseDialectName,
  accountId: string,
  rows: { ids: readonly string[]; legacy?: boolean },
): Promise<void> {
  if (dialect !== 'postgres' || (rows.ids.length === 0 && !rows.legacy)) return
  await trx
    .selectFrom('tokens')
    .select('id')
    .where('account_id', '=', accountId)
    .where((eb) =>
      eb.or([
        ...(rows.ids.length > 0 ? [eb('id', 'in', rows.ids)] : []),
        ...(rows.legacy ? [eb('kind', 'in', ['legacy_read_write', 'legacy_read_only'])] : []),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .execute()
}

/** The id of the token acting, to lock with the rows its write changes; none for a user. */
export function actingTokenIds(context: ActorContext): string[] {
  return context.actor.type === 'token' ? [context.actor.tokenId] : []
}
