import { sql } from 'kysely'
import type { Db, Executor } from '../database/schema.js'
import type { LedgerAnswer, LedgerAsk, LimitLedger } from './limit-ledger.js'

/** An instance whose heartbeat is older than this is not counted among the live ones. */
export const LIVE_WITHIN_MS = 2_000
/** Heartbeat rows older than this are deleted when windows are pruned. */
const FORGET_INSTANCE_AFTER_MS = 60_000

/** The database's clock in epoch ms, so instances on machines with skewed clocks agree on liveness. */
const DATABASE_NOW_MS = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`

/**
 * The shared ledger on PostgreSQL: one `insert … on conflict do update` per round for every ask,
 * in key order (two instances' batches lock common rows in the same order, so they cannot
 * deadlock). The grant is computed in that statement from the row as it is when locked, so grants
 * never take a count past its cap, however many instances ask at once.
 */
export class PostgresLimitLedger implements LimitLedger {
  readonly #db: Db
  readonly #instanceId: string

  constructor(db: Db, instanceId: string) {
    this.#db = db
    this.#instanceId = instanceId
  }

  async reconcile(asks: readonly LedgerAsk[]): Promise<LedgerAnswer[]> {
    const resets = asks.filter((ask) => ask.reset)
    if (resets.length === 0) return this.#upsert(this.#db, asks)
    // The reset and the counts commit together: a round that fails is undone by its caller as if
    // nothing was written, so a reset that committed alone would be made again and wipe what
    // other instances counted meanwhile.
    return this.#db.transaction().execute(async (trx) => {
      await sql`update limit_counters set count = 0
        from unnest(${resets.map((a) => a.key)}::text[], ${resets.map((a) => a.windowStart)}::bigint[]) as r(key, window_start)
        where limit_counters.key = r.key and limit_counters.window_start = r.window_start`.execute(trx)
      return this.#upsert(trx, asks)
    })
  }

  async #upsert(executor: Executor, asks: readonly LedgerAsk[]): Promise<LedgerAnswer[]> {
    const { rows } = await sql<{ key: string; window_start: number; count: number; granted: number }>`
      insert into limit_counters as t (key, window_start, window_end, count, granted, asked_delta, asked_want, asked_cap)
      select v.key, v.window_start, v.window_end,
        greatest(0, v.delta) + least(v.want, greatest(0, v.cap - greatest(0, v.delta))),
        least(v.want, greatest(0, v.cap - greatest(0, v.delta))),
        v.delta, v.want, v.cap
      from unnest(
        ${asks.map((a) => a.key)}::text[], ${asks.map((a) => a.windowStart)}::bigint[],
        ${asks.map((a) => a.windowEnd)}::bigint[], ${asks.map((a) => a.delta)}::int[],
        ${asks.map((a) => a.want)}::int[], ${asks.map((a) => a.cap)}::int[]
      ) as v(key, window_start, window_end, delta, want, cap)
      order by v.key, v.window_start
      on conflict (key, window_start) do update set
        count = greatest(0, t.count + excluded.asked_delta)
          + least(excluded.asked_want, greatest(0, excluded.asked_cap - greatest(0, t.count + excluded.asked_delta))),
        granted = least(excluded.asked_want, greatest(0, excluded.asked_cap - greatest(0, t.count + excluded.asked_delta))),
        asked_delta = excluded.asked_delta,
        asked_want = excluded.asked_want,
        asked_cap = excluded.asked_cap
      returning t.key, t.window_start, t.count, t.granted`.execute(executor)
    const byKey = new Map<string, LedgerAnswer>()
    for (const row of rows)
      byKey.set(`${row.key} ${Number(row.window_start)}`, { count: row.count, granted: row.granted })
    return asks.map((ask) => byKey.get(`${ask.key} ${ask.windowStart}`) ?? { count: ask.cap, granted: 0 })
  }

  async heartbeat(): Promise<number> {
    const { rows } = await sql<{ live: number }>`
      with beat as (
        insert into limit_instances (id, seen_at) values (${this.#instanceId}, ${DATABASE_NOW_MS})
        on conflict (id) do update set seen_at = excluded.seen_at
        returning seen_at
      )
      select 1 + (select count(*) from limit_instances, beat
        where limit_instances.id <> ${this.#instanceId} and limit_instances.seen_at > beat.seen_at - ${LIVE_WITHIN_MS})::int as live`.execute(
      this.#db,
    )
    return rows[0]?.live ?? 1
  }

  async prune(before: number): Promise<void> {
    await this.#db.deleteFrom('limit_counters').where('window_end', '<', before).execute()
    await sql`delete from limit_instances where seen_at < ${DATABASE_NOW_MS} - ${FORGET_INSTANCE_AFTER_MS}`.execute(
      this.#db,
    )
  }

  async leave(): Promise<void> {
    await this.#db.deleteFrom('limit_instances').where('id', '=', this.#instanceId).execute()
  }
}

/**
 * Instances whose heartbeat the database saw within `withinMs` (its clock). Every instance on
 * PostgreSQL heartbeats while it serves, whether or not its change listener is connected; 0 on a
 * database whose schema has no heartbeat table yet (no instance of this version ever ran on it).
 */
export async function countLiveInstances(db: Db, withinMs: number): Promise<number> {
  const { rows: table } = await sql<{ present: boolean }>`
    select to_regclass('limit_instances') is not null as present`.execute(db)
  if (table[0]?.present !== true) return 0
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from limit_instances where seen_at > ${DATABASE_NOW_MS} - ${withinMs}`.execute(
    db,
  )
  return rows[0]?.n ?? 0
}
