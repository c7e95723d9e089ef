import { sql } from 'kysely'
import type { Executor } from '../database/schema.js'

/** What the leak records hold of an auth token: its leak is recorded; a leak response ended it, as a previous secret of that token. */
export interface LeakRecords {
  recorded: boolean
  endedTokenId: string | null
}

/**
 * What the leak records hold of each of `tokenHashes` (SHA-256 of auth tokens), by hash; one read
 * for them all. A hash they hold nothing of is absent.
 */
export async function leakRecordsOf(
  executor: Executor,
  tokenHashes: readonly string[],
): Promise<Map<string, LeakRecords>> {
  const byHash = new Map<string, LeakRecords>()
  if (tokenHashes.length === 0) return byHash
  const rows = await executor
    .selectFrom('token_leaks')
    .select(['token_hash', sql<string | null>`null`.as('ended_token_id')])
    .where('token_hash', 'in', tokenHashes)
    .unionAll(
      executor
        .selectFrom('leak_ended_secrets')
        .select(['token_hash', 'token_id as ended_token_id'])
        .where('token_hash', 'in', tokenHashes),
    )
    .execute()
  for (const row of rows) {
    const records = byHash.get(row.token_hash) ?? { recorded: false, endedTokenId: null }
    if (row.ended_token_id === null) records.recorded = true
    else records.endedTokenId = row.ended_token_id
    byHash.set(row.token_hash, records)
  }
  return byHash
}
