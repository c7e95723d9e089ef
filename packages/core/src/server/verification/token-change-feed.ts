import { sql } from 'kysely'
import type pg from 'pg'
import { isWellFormedAccountSid } from '../../credentials/credential-format.js'
import type { CoreLogger } from '../core-logger.js'
import type { Executor } from '../database/schema.js'
import type { VerificationCache } from './verification-cache.js'

/** The PostgreSQL channel on which committed token writes are announced, by SID only. */
export const TOKEN_CHANGES_CHANNEL = 'tokens_changed'
/** NOTIFY payloads must stay under 8000 bytes; SIDs are 24 characters plus a separator. */
const PAYLOAD_MAX = 7_000
const RECONNECT_DELAY_MIN_MS = 50
const RECONNECT_DELAY_MAX_MS = 5_000
const KEEPALIVE_DELAY_MS = 10_000
const CONNECT_TIMEOUT_MS = 5_000
export const LISTENER_APPLICATION_NAME = 'token-console-change-listener'

/**
 * How late other instances' announcements arrive here: their count, the sum of their lags (so a
 * rate of one over the other is the mean) and the last one. A lag is this host's clock at arrival
 * minus the publisher's at publishing, so it includes any clock difference between the hosts.
 */
export interface ChangeFeedDelivery {
  received: number
  lagSecondsTotal: number
  lastLagSeconds: number | null
}

/**
 * How instances tell each other which credentials changed. `publish` runs inside the writing
 * transaction, so the announcement is delivered exactly when (and only if) the change commits.
 */
export interface TokenChangeFeed {
  publish(trx: Executor, sids: readonly string[]): Promise<void>
  close(): Promise<void>
  /** Whether other instances' changes reach this one now; null where there are no other instances. */
  readonly listening: boolean | null
  /** Null where there are no other instances. */
  readonly delivery: Readonly<ChangeFeedDelivery> | null
}

/** SQLite serves one instance: its own writes evict its cache directly, there is no one to tell. */
export const singleInstanceChangeFeed: TokenChangeFeed = {
  async publish() {},
  async close() {},
  listening: null,
  delivery: null,
}

/**
 * Space-separated SIDs, in payloads that fit a NOTIFY, each led by `@` and the publishing time in
 * milliseconds (what the lag is measured from; not a SID, so a reader that does not know it skips it).
 */
export function encodeChangePayloads(sids: readonly string[], sentAtMs = Date.now()): string[] {
  const stamp = `@${Math.trunc(sentAtMs)}`
  const payloads: string[] = []
  let current = ''
  for (const sid of sids) {
    if (current.length > 0 && stamp.length + current.length + 2 + sid.length > PAYLOAD_MAX) {
      payloads.push(`${stamp} ${current}`)
      current = ''
    }
    current = current.length === 0 ? sid : `${current} ${sid}`
  }
  if (current.length > 0) payloads.push(`${stamp} ${current}`)
  return payloads
}

/** The SIDs a payload names; anything else in it is ignored (the channel is not trusted with more). */
export function decodeChangePayload(payload: string | undefined): string[] {
  return (payload ?? '').split(' ').filter((sid) => isWellFormedAccountSid(sid))
}

/** When the payload was published (milliseconds), or null when it does not say. */
export function sentAtOfChangePayload(payload: string | undefined): number | null {
  const match = /^@(\d{1,15})(?: |$)/.exec(payload ?? '')
  return match ? Number(match[1]) : null
}

export interface PostgresChangeFeedOptions {
  databaseUrl: string
  cache: VerificationCache
  logger?: CoreLogger | undefined
}

/**
 * LISTEN on a dedicated connection (not from the pool: a pooled connection is shared and may be
 * closed at any time). While it is connected the cache is online; on connecting it flushes what
 * it may have missed; on losing the connection it goes offline at once and reconnects with
 * exponential backoff.
 */
class PostgresChangeFeed implements TokenChangeFeed {
  #client: pg.Client | undefined
  #closed = false
  #attempt = 0
  #retryTimer: NodeJS.Timeout | undefined
  #connecting: Promise<void> | undefined
  readonly delivery: ChangeFeedDelivery = { received: 0, lagSecondsTotal: 0, lastLagSeconds: null }

  readonly #Client: typeof pg.Client
  readonly #options: PostgresChangeFeedOptions

  constructor(Client: typeof pg.Client, options: PostgresChangeFeedOptions) {
    this.#Client = Client
    this.#options = options
  }

  get listening(): boolean {
    return this.#client !== undefined
  }

  async publish(trx: Executor, sids: readonly string[]): Promise<void> {
    for (const payload of encodeChangePayloads(sids)) {
      await sql`select pg_notify(${TOKEN_CHANGES_CHANNEL}, ${payload})`.execute(trx)
    }
  }

  /** Resolves after the first attempt, connected or not: a failed attempt keeps retrying in the background. */
  start(): Promise<void> {
    this.#connecting = this.#connect()
    return this.#connecting
  }

  async #connect(): Promise<void> {
    if (this.#closed) return
    const { cache, logger } = this.#options
    const client = new this.#Client({
      connectionString: this.#options.databaseUrl,
      application_name: LISTENER_APPLICATION_NAME,
      // A connection that dies silently is noticed by TCP keepalive; until then the TTL bounds staleness.
      keepAlive: true,
      keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    })
    client.on('notification', (message) => {
      if (this.#client !== client || message.channel !== TOKEN_CHANGES_CHANNEL) return
      cache.evict(decodeChangePayload(message.payload))
      this.#measureLag(message.payload)
    })
    client.on('error', (error) => this.#lost(client, error))
    client.on('end', () => this.#lost(client, undefined))
    try {
      await client.connect()
      await client.query(`listen ${TOKEN_CHANGES_CHANNEL}`)
    } catch (error) {
      client.removeAllListeners('end')
      client.on('error', () => {})
      await client.end().catch(() => undefined)
      logger?.log('warn', 'verification.change_feed.connect_failed', {
        attempt: this.#attempt,
        code: codeOf(error),
      })
      this.#scheduleReconnect()
      return
    }
    if (this.#closed) {
      await client.end().catch(() => undefined)
      return
    }
    this.#client = client
    this.#attempt = 0
    // Whatever changed while nobody listened is unknown: start from an empty cache.
    cache.flush()
    cache.setOnline(true)
    logger?.log('info', 'verification.change_feed.connected', {})
  }

  #measureLag(payload: string | undefined): void {
    const sentAt = sentAtOfChangePayload(payload)
    if (sentAt === null) return
    const lag = Math.max(0, Date.now() - sentAt) / 1_000
    this.delivery.received++
    this.delivery.lagSecondsTotal += lag
    this.delivery.lastLagSeconds = lag
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#client !== client) return
    this.#client = undefined
    this.#options.cache.setOnline(false)
    client.on('error', () => {})
    void client.end().catch(() => undefined)
    if (this.#closed) return
    this.#options.logger?.log('warn', 'verification.change_feed.lost', { code: codeOf(error) })
    this.#scheduleReconnect()
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retryTimer) return
    const ceiling = Math.min(RECONNECT_DELAY_MAX_MS, RECONNECT_DELAY_MIN_MS * 2 ** this.#attempt)
    // Full jitter: instances that lost the server together do not reconnect in lockstep.
    const delay = Math.max(RECONNECT_DELAY_MIN_MS, Math.round(Math.random() * ceiling))
    this.#attempt++
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined
      this.#connecting = this.#connect()
    }, delay)
    this.#retryTimer.unref()
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#retryTimer) clearTimeout(this.#retryTimer)
    this.#retryTimer = undefined
    await this.#connecting
    const client = this.#client
    this.#client = undefined
    this.#options.cache.setOnline(false)
    if (client) await client.end().catch(() => undefined)
  }
}

function codeOf(error: unknown): string | null {
  // Codes only: driver messages can quote connection parameters.
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null
}

export async function startPostgresChangeFeed(options: PostgresChangeFeedOptions): Promise<TokenChangeFeed> {
  const { default: pg } = await import('pg')
  const feed = new PostgresChangeFeed(pg.Client, options)
  await feed.start()
  return feed
}
