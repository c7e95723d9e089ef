import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { USAGE_RETENTION_DAYS } from '../../usage/usage-schemas.js'
import type { Db } from '../database/schema.js'
import { manualClock, openTestCoresClosedAfterEach } from '../test-support/open-test-core.js'
import { pruneTokenUsage } from './usage-service.js'

const openCore = openTestCoresClosedAfterEach()
const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
const NOW = new Date('2026-09-01T12:00:00.000Z')
const EXPIRED_USAGE = 50_000
const EXPIRED_CLIENTS = 5_000
const KEPT = 200

/** `count` rows of `row(i)` in one transaction, a few hundred per statement. */
async function insertMany<R>(count: number, row: (i: number) => R, insert: (rows: R[]) => Promise<unknown>) {
  for (let start = 0; start < count; start += 500) {
    await insert(Array.from({ length: Math.min(500, count - start) }, (_, k) => row(start + k)))
  }
}

const iso = (ms: number) => new Date(ms).toISOString()

/** The time column by which each usage table is pruned. */
const PRUNED_BY = { token_usage: 'hour', token_usage_clients: 'last_at' } as const

/** How many rows `table` keeps, and the oldest time among them. */
async function keptIn(db: Db, table: keyof typeof PRUNED_BY) {
  const kept = await db
    .selectFrom(table)
    .select((eb) => [
      eb.fn.countAll<number | string>().as('rows'),
      eb.fn.min(sql.ref<string>(PRUNED_BY[table])).as('oldest'),
    ])
    .executeTakeFirstOrThrow()
  return { rows: Number(kept.rows), oldest: kept.oldest }
}

describe('pruning token usage', () => {
  it('deletes a large backlog in batches, serving the event loop between them, and keeps recent rows', async () => {
    const test = await openCore({ clock: manualClock(NOW) })
    const db = await test.database()
    const expiredFrom = NOW.getTime() - 200 * DAY_MS
    const recentFrom = NOW.getTime() - 2 * DAY_MS
    // 50 tokens × 1,000 hours, all older than the retention; 200 rows of the last days.
    await db.transaction().execute(async (trx) => {
      await insertMany(
        EXPIRED_USAGE + KEPT,
        (i) => {
          const expired = i < EXPIRED_USAGE
          const n = expired ? i : i - EXPIRED_USAGE
          return {
            token_id: `token-${n % 50}`,
            account_id: 'account-1',
            hour: iso((expired ? expiredFrom : recentFrom) + Math.floor(n / 50) * HOUR_MS),
            scope: 'GET /Reports',
            outcome: 'ok',
            count: 1,
            last_at: iso((expired ? expiredFrom : recentFrom) + Math.floor(n / 50) * HOUR_MS + 1_000),
          }
        },
        (rows) => trx.insertInto('token_usage').values(rows).execute(),
      )
      await insertMany(
        EXPIRED_CLIENTS + KEPT,
        (i) => ({
          token_id: `token-${i % 50}`,
          kind: 'address',
          value: `client-${i}`,
          last_at: iso((i < EXPIRED_CLIENTS ? expiredFrom : recentFrom) + i * 1_000),
        }),
        (rows) => trx.insertInto('token_usage_clients').values(rows).execute(),
      )
    })

    let finished = false
    let servedDuringPrune: boolean | undefined
    setImmediate(() => (servedDuringPrune = !finished))
    const pruned = await pruneTokenUsage(db, NOW)
    finished = true

    expect(servedDuringPrune).toBe(true)
    expect(pruned).toEqual({ usageRows: EXPIRED_USAGE, clientRows: EXPIRED_CLIENTS })
    const cutoff = iso(NOW.getTime() - USAGE_RETENTION_DAYS * DAY_MS)
    const usage = await keptIn(db, 'token_usage')
    expect(usage.rows).toBe(KEPT)
    expect(usage.oldest! >= cutoff).toBe(true)
    const clients = await keptIn(db, 'token_usage_clients')
    expect(clients.rows).toBe(KEPT)
    expect(clients.oldest! >= cutoff).toBe(true)
    expect(await pruneTokenUsage(db, NOW)).toEqual({ usageRows: 0, clientRows: 0 })
  })
})
