import { sql } from 'kysely'
import { USAGE_RECENT_CLIENTS, type UsageOutcome } from '../../usage/usage-schemas.js'
import type { Db, Executor, TokenUsageTable } from '../database/schema.js'
import { LAST_USED_FLUSH_INTERVAL_MS } from '../verification/last-used-recorder.js'

export const USAGE_FLUSH_INTERVAL_MS = LAST_USED_FLUSH_INTERVAL_MS
const HOUR_MS = 3_600_000
/** Rows per upsert statement: well under either dialect's limit on bound parameters. */
const ROWS_PER_STATEMENT = 400
/** Longer user agents are kept as their first this many characters. */
const USER_AGENT_MAX = 256
const ADDRESS_MAX = 64

interface PendingCount {
  tokenId: string
  accountId: string
  hourMs: number
  scope: string
  outcome: UsageOutcome
  count: number
  lastMs: number
}

/** A token's recently seen addresses and user agents, value → last time (epoch ms), newest last. */
interface PendingClients {
  address: Map<string, number>
  user_agent: Map<string, number>
}

/** Moves `value` to the newest end and keeps the newest few: a busy token costs no growing memory. */
function remember(seen: Map<string, number>, value: string, ms: number): void {
  seen.delete(value)
  seen.set(value, ms)
  if (seen.size > USAGE_RECENT_CLIENTS) seen.delete(seen.keys().next().value as string)
}

/**
 * Usage counts off the request path, as last-used times are (verification/last-used-recorder.ts):
 * each authenticated request adds one to a counter in memory (token, hour, scope, outcome) and
 * remembers its client; a timer writes the counters every interval, and close() writes the rest.
 * Writes are additive upserts (count = count + excluded.count), so instances sharing a PostgreSQL
 * database add up and none overwrites another's counts. Rows go in key order, so two instances
 * upserting overlapping rows lock them in the same order and never deadlock. On SQLite a batch is
 * one transaction; on PostgreSQL each statement stands alone, and a failed statement's counts
 * (only those: the written ones are not counted again) wait for the next attempt.
 */
export class UsageRecorder {
  private pending = new Map<string, PendingCount>()
  private clients = new Map<string, PendingClients>()
  private readonly timer: NodeJS.Timeout
  private flushing: Promise<void> = Promise.resolve()

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    intervalMs = USAGE_FLUSH_INTERVAL_MS,
    private readonly writes: 'one-transaction' | 'per-statement' = 'one-transaction',
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs)
    this.timer.unref()
  }

  /** One request of a token; `scope` '' for a path outside the catalog. Never waits, never throws. */
  record(
    tokenId: string,
    accountId: string,
    scope: string,
    outcome: UsageOutcome,
    address: string | null,
    userAgent: string | null,
  ): void {
    const ms = this.now().getTime()
    const hourMs = ms - (ms % HOUR_MS)
    const key = `${tokenId} ${hourMs} ${outcome} ${scope}`
    const counted = this.pending.get(key)
    if (counted) {
      counted.count++
      counted.lastMs = ms
    } else {
      this.pending.set(key, { tokenId, accountId, hourMs, scope, outcome, count: 1, lastMs: ms })
    }
    if (address === null && !userAgent) return
    let seen = this.clients.get(tokenId)
    if (!seen) {
      seen = { address: new Map(), user_agent: new Map() }
      this.clients.set(tokenId, seen)
    }
    if (address !== null) remember(seen.address, address.slice(0, ADDRESS_MAX), ms)
    if (userAgent) remember(seen.user_agent, userAgent.slice(0, USER_AGENT_MAX), ms)
  }

  /** Writes what is pending; counts whose write failed are kept (and added to) for the next attempt. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0 && this.clients.size === 0) return
      const batch = [...this.pending.values()]
      this.pending = new Map()
      const clients = this.clients
      this.clients = new Map()
      const rows = batch.map(rowOf).sort(compareRows)
      const chunks: TokenUsageTable[][] = []
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
        chunks.push(rows.slice(i, i + ROWS_PER_STATEMENT))
      let written = 0
      try {
        if (this.writes === 'one-transaction') {
          await this.db.transaction().execute(async (trx) => {
            for (const chunk of chunks) await upsertCounts(trx, chunk)
            await writeClients(trx, clients)
          })
          written = chunks.length
        } else {
          for (const chunk of chunks) {
            await upsertCounts(this.db, chunk)
            written++
          }
          await writeClients(this.db, clients)
        }
      } catch (error) {
        for (const chunk of chunks.slice(written)) for (const row of chunk) this.putBack(row)
        throw error
      }
    })
    return this.flushing
  }

  private putBack(row: TokenUsageTable): void {
    const hourMs = Date.parse(row.hour)
    const key = `${row.token_id} ${hourMs} ${row.outcome} ${row.scope}`
    const lastMs = Date.parse(row.last_at)
    const counted = this.pending.get(key)
    if (counted) {
      counted.count += row.count
      counted.lastMs = Math.max(counted.lastMs, lastMs)
    } else {
      this.pending.set(key, {
        tokenId: row.token_id,
        accountId: row.account_id,
        hourMs,
        scope: row.scope,
        outcome: row.outcome as UsageOutcome,
        count: row.count,
        lastMs,
      })
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    await this.flush()
  }
}

function rowOf(pending: PendingCount): TokenUsageTable {
  return {
    token_id: pending.tokenId,
    account_id: pending.accountId,
    hour: new Date(pending.hourMs).toISOString(),
    scope: pending.scope,
    outcome: pending.outcome,
    count: pending.count,
    last_at: new Date(pending.lastMs).toISOString(),
  }
}

/** The primary key's order (bytewise on both dialects). */
function compareRows(a: TokenUsageTable, b: TokenUsageTable): number {
  return (
    compareText(a.token_id, b.token_id) ||
    compareText(a.hour, b.hour) ||
    compareText(a.scope, b.scope) ||
    compareText(a.outcome, b.outcome)
  )
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

async function upsertCounts(executor: Executor, rows: TokenUsageTable[]): Promise<void> {
  await executor
    .insertInto('token_usage')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['token_id', 'hour', 'scope', 'outcome']).doUpdateSet({
        count: sql`token_usage.count + excluded.count`,
        last_at: sql`case when excluded.last_at > token_usage.last_at then excluded.last_at else token_usage.last_at end`,
      }),
    )
    .execute()
}

/** Upserts each token's recent clients, then keeps only its newest few of each kind. */
async function writeClients(executor: Executor, clients: Map<string, PendingClients>): Promise<void> {
  const tokenIds = [...clients.keys()].sort(compareText)
  const rows = tokenIds.flatMap((tokenId) => {
    const seen = clients.get(tokenId) as PendingClients
    return (['address', 'user_agent'] as const).flatMap((kind) =>
      [...seen[kind]]
        .sort(([a], [b]) => compareText(a, b))
        .map(([value, ms]) => ({ token_id: tokenId, kind, value, last_at: new Date(ms).toISOString() })),
    )
  })
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await executor
      .insertInto('token_usage_clients')
      .values(rows.slice(i, i + ROWS_PER_STATEMENT))
      .onConflict((oc) =>
        oc.columns(['token_id', 'kind', 'value']).doUpdateSet({
          last_at: sql`case when excluded.last_at > token_usage_clients.last_at then excluded.last_at else token_usage_clients.last_at end`,
        }),
      )
      .execute()
  }
  // One statement per batch of tokens, not one per token: the newest few of each kind stay.
  for (let i = 0; i < tokenIds.length; i += ROWS_PER_STATEMENT) {
    const ids = tokenIds.slice(i, i + ROWS_PER_STATEMENT)
    await sql`delete from token_usage_clients where (token_id, kind, value) in (
      select token_id, kind, value from (
        select token_id, kind, value,
          row_number() over (partition by token_id, kind order by last_at desc, value) as position
        from token_usage_clients where token_id in (${sql.join(ids)})
      ) ranked where position > ${USAGE_RECENT_CLIENTS})`.execute(executor)
  }
}
