import { sql } from 'kysely'
import type { DatabaseReadiness } from '../core-contract.js'
import type { DatabaseDialectName } from '../database/open-database.js'
import type { Db } from '../database/schema.js'
import { withinTime } from './within-time.js'

/** A readiness probe must answer in time: a database that does not answer within this is not ready. */
const READINESS_QUERY_TIMEOUT_MS = 2_000

/**
 * Whether the database answers within the probe's time, and on PostgreSQL whether it takes writes:
 * after a failover an instance's pool may reach a hot standby (or a primary demoted read-only),
 * which answers every read while each write fails, so that instance must leave the load balancer.
 * A session's `transaction_read_only` is on in both cases; SQLite is a file this process writes.
 */
export async function databaseState(db: Db, dialect: DatabaseDialectName): Promise<DatabaseReadiness> {
  const answered =
    dialect === 'postgres'
      ? sql<{ readOnly: string }>`select current_setting('transaction_read_only') as "readOnly"`
          .execute(db)
          .then(({ rows }) => (rows[0]?.readOnly === 'on' ? ('read-only' as const) : ('ok' as const)))
      : sql`select 1`.execute(db).then(() => 'ok' as const)
  return (await withinTime(answered, READINESS_QUERY_TIMEOUT_MS)) ?? 'unavailable'
}
