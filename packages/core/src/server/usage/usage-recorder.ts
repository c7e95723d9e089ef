import { sql } from 'kysely'
import { USAGE_RECENT_CLIENTS, type UsageOutcome } from '../../usage/usage-schemas.js'
import type { CoreLogger } from '../core-logger.js'
import type { Db, Executor, TokenUsageTable } from '../database/schema.js'
import { WriteBehind } from '../scheduler/write-behind.js'
import { LAST_USED_FLUSH_INTERVAL_MS } from '../verification/last-used-recorder.js'
import { HOUR_MS } from '../../time/durations.js'

export const USAGE_FLUSH_INTERVAL_MS = LAST_USED_FLUSH_INTERVAL_MS
/** Rows per upsert statement: well under either dialect's limit on bound parameters. */
const ROWS_PER_STATEMENT = 400
/** Longer user agents are kept as their first this many characters. */
const USER_AGENT_MAX = 256
const ADDRESS_MAX = 64

/** Index of each outcome in a scope's counters. */
const OUTCOME_INDEX: Readonly<Record<UsageOutcome, number>> = {
  ok: 0,
  clientError: 1,
  refused: 2,
  rateLimited: 3,
  serverError: 4,
}
const OUTCOMES = Object.keys(OUTCOME_INDEX) as UsageOutcome[]

/** One scope's requests in one hour, by outcome index: how many, and the latest (epoch ms). */
interface ScopeCounts {
  counts: number[]
  lastMs: number[]
}

interface TokenCounts {
  accountId: string
  scopes: Map<string, ScopeCounts>
}

/** Recently seen values, value → last time (epoch ms), newest last; and which is the newest. */
interface RecentValues {
  seen: Map<string, number>
  newest: string | undefined
}

/** A token's recently seen addresses and user agents. */
interface PendingClients {
  address: RecentValues
  user_agent: RecentValues
}

/** Moves `value` to the newest end and keeps the newest few: a busy token costs no growing memory. */
function remember(recent: RecentValues, value: string, ms: number): void {
  // Already the newest (the common case of one integration): only its time changes.
  if (recent.newest === value) {
    recent.seen.set(value, ms)
    return
  }
  recent.seen.delete(value)
  recent.seen.set(value, ms)
  recent.newest = value
  if (recent.seen.size > USAGE_RECENT_CLIENTS) recent.seen.delete(recent.seen.keys().next().value as string)
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
export class UsageRecorder extends WriteBehind {
  /**
   * Counters by hour, token and scope. Keyed by the strings the request already holds (token id,
   * route scope), whose hashes V8 keeps, rather than by a key built per request; the current
   * hour's map is kept at hand.
   */
  #hours = new Map<number, Map<string, TokenCounts>>()
  #currentHourMs = -1
  #current: Map<string, TokenCounts> | undefined
  #clients = new Map<string, PendingClients>()
  readonly #db: Db
  /** Epoch ms: Date.now unless a clock is injected (no Date object per request). */
  readonly #nowMs: () => number
  readonly #writes: 'one-transaction' | 'per-statement'

  constructor(
    db: Db,
    nowMs: () => number,
    intervalMs = USAGE_FLUSH_INTERVAL_MS,
    writes: 'one-transaction' | 'per-statement' = 'one-transaction',
    /** Told of failing writes as `usage.write_failed`, `usage.write_recovered` and `usage.write_dropped`. */
    logger?: CoreLogger,
  ) {
    super(intervalMs, { logger, name: 'usage' })
    this.#db = db
    this.#nowMs = nowMs
    this.#writes = writes
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
    const ms = this.#nowMs()
    this.#add(ms - (ms % HOUR_MS), tokenId, accountId, scope, OUTCOME_INDEX[outcome], 1, ms)
    if (address === null && !userAgent) return
    let seen = this.#clients.get(tokenId)
    if (!seen) {
      seen = {
        address: { seen: new Map(), newest: undefined },
        user_agent: { seen: new Map(), newest: undefined },
      }
      this.#clients.set(tokenId, seen)
    }
    if (address !== null) remember(seen.address, address.slice(0, ADDRESS_MAX), ms)
    if (userAgent) remember(seen.user_agent, userAgent.slice(0, USER_AGENT_MAX), ms)
  }

  #add(
    hourMs: number,
    tokenId: string,
    accountId: string,
    scope: string,
    outcome: number,
    count: number,
    lastMs: number,
  ): void {
    let tokens = this.#current
    if (hourMs !== this.#currentHourMs || tokens === undefined) {
      tokens = this.#hours.get(hourMs)
      if (!tokens) {
        tokens = new Map()
        this.#hours.set(hourMs, tokens)
      }
      this.#current = tokens
      this.#currentHourMs = hourMs
    }
    let token = tokens.get(tokenId)
    if (!token) {
      token = { accountId, scopes: new Map() }
      tokens.set(tokenId, token)
    }
    let counted = token.scopes.get(scope)
    if (!counted) {
      counted = { counts: [0, 0, 0, 0, 0], lastMs: [0, 0, 0, 0, 0] }
      token.scopes.set(scope, counted)
    }
    ;(counted.counts[outcome] as number) += count
    if (lastMs > (counted.lastMs[outcome] as number)) counted.lastMs[outcome] = lastMs
  }

  /**
   * Puts back clients whose write failed, before those seen since (which are newer): a single call
   * from an unknown address must not vanish from "recent addresses" because a write was busy.
   */
  #restoreClients(failed: Map<string, PendingClients>): void {
    for (const [tokenId, older] of failed) {
      const newer = this.#clients.get(tokenId)
      if (newer) {
        for (const kind of ['address', 'user_agent'] as const)
          for (const [value, ms] of newer[kind].seen) remember(older[kind], value, ms)
      }
      this.#clients.set(tokenId, older)
    }
  }

  /** Counts whose write failed are kept (and added to) for the next attempt. */
  protected async write(): Promise<void> {
    if (this.#hours.size === 0 && this.#clients.size === 0) return
    const hours = this.#hours
    this.#hours = new Map()
    this.#current = undefined
    this.#currentHourMs = -1
    const clients = this.#clients
    this.#clients = new Map()
    const rows = rowsOf(hours).sort(compareRows)
    const chunks: TokenUsageTable[][] = []
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
      chunks.push(rows.slice(i, i + ROWS_PER_STATEMENT))
    let written = 0
    try {
      if (this.#writes === 'one-transaction') {
        await this.#db.transaction().execute(async (trx) => {
          for (const chunk of chunks) await upsertCounts(trx, chunk)
          await writeClients(trx, clients)
        })
        written = chunks.length
      } else {
        for (const chunk of chunks) {
          await upsertCounts(this.#db, chunk)
          written++
        }
        await writeClients(this.#db, clients)
      }
    } catch (error) {
      // The clients are written last (or in the failed transaction): none of them is stored.
      this.#restoreClients(clients)
      for (const chunk of chunks.slice(written)) {
        for (const row of chunk) {
          const outcome = OUTCOME_INDEX[row.outcome as UsageOutcome]
          const lastMs = Date.parse(row.last_at)
          this.#add(Date.parse(row.hour), row.token_id, row.account_id, row.scope, outcome, row.count, lastMs)
        }
      }
      throw error
    }
  }
}

function rowsOf(hours: Map<number, Map<string, TokenCounts>>): TokenUsageTable[] {
  const rows: TokenUsageTable[] = []
  for (const [hourMs, tokens] of hours) {
    const hour = new Date(hourMs).toISOString()
    for (const [tokenId, token] of tokens) {
      for (const [scope, counted] of token.scopes) {
        counted.counts.forEach((count, i) => {
          if (count === 0) return
          rows.push({
            token_id: tokenId,
            account_id: token.accountId,
            hour,
            scope,
            outcome: OUTCOMES[i] as UsageOutcome,
            count,
            last_at: new Date(counted.lastMs[i] as number).toISOString(),
          })
        })
      }
    }
  }
  return rows
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
      [...seen[kind].seen]
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
