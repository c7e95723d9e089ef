import { withinTime, type TokenConsoleCore } from '@tokens/core/server'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { RequestTally } from './request-tally.js'

/** What the platform API and /verify answered, as an operator groups it. */
export const VERIFICATION_OUTCOMES = ['ok', '401', '403', '429', 'other'] as const
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number]

type OutboxFigures = Awaited<ReturnType<TokenConsoleCore['operations']['outbox']>>

/** How long a scrape waits for the outbox figures before answering without them. */
export const OUTBOX_READ_TIMEOUT_MS = 2_000

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

export function outcomeOf(status: number): VerificationOutcome {
  if (status >= 200 && status < 300) return 'ok'
  if (status === 401) return '401'
  if (status === 403) return '403'
  if (status === 429) return '429'
  return 'other'
}

/**
 * The Prometheus metrics of one app. Labels are route templates, methods, statuses and outcomes
 * only: never a token id, an Account SID, an address or anything else a request chooses.
 */
export class ApiMetrics {
  readonly registry = new Registry()
  readonly #requests = new RequestTally()
  readonly #verifications: Record<VerificationOutcome, Counter.Internal>
  readonly #latency: Histogram

  constructor(core: TokenConsoleCore) {
    const registry = this.registry
    // Process metrics, among them nodejs_eventloop_lag_seconds and its percentiles.
    collectDefaultMetrics({ register: registry, prefix: 'tokens_' })

    const requests = this.#requests
    new Counter({
      name: 'tokens_http_requests_total',
      help: 'HTTP requests answered, by route template, method and status.',
      labelNames: ['route', 'method', 'status'],
      registers: [registry],
      collect() {
        this.reset()
        for (const { route, method, status, count } of requests.entries())
          this.inc({ route, method, status: String(status) }, count)
      },
    })

    const verifications = new Counter({
      name: 'tokens_platform_verifications_total',
      help: 'Platform API and /verify answers by outcome: ok (2xx), 401, 403, 429, other.',
      labelNames: ['outcome'],
      registers: [registry],
    })
    // Children bound once, so counting an outcome allocates nothing.
    this.#verifications = Object.fromEntries(
      VERIFICATION_OUTCOMES.map((outcome) => [outcome, verifications.labels({ outcome })]),
    ) as Record<VerificationOutcome, Counter.Internal>

    this.#latency = new Histogram({
      name: 'tokens_platform_request_duration_seconds',
      help: 'Time to answer a platform API or /verify request, credential check included.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    })

    new Counter({
      name: 'tokens_verification_cache_lookups_total',
      help: 'Credential lookups answered from the verification cache (hit) or the database (miss).',
      labelNames: ['result'],
      registers: [registry],
      collect() {
        const { hits, misses } = core.operations.stats().verificationCache
        this.reset()
        this.inc({ result: 'hit' }, hits)
        this.inc({ result: 'miss' }, misses)
      },
    })
    new Gauge({
      name: 'tokens_verification_cache_entries',
      help: 'Credentials held in the verification cache.',
      registers: [registry],
      collect() {
        this.set(core.operations.stats().verificationCache.entries)
      },
    })
    new Gauge({
      name: 'tokens_database_pool_connections',
      help: 'PostgreSQL pool connections by state (idle, in_use), the pool size (max) and queries waiting for one; absent on SQLite.',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const pool = core.operations.stats().databasePool
        this.reset()
        if (!pool) return
        this.set({ state: 'max' }, pool.max)
        this.set({ state: 'idle' }, pool.idle)
        this.set({ state: 'in_use' }, pool.total - pool.idle)
        this.set({ state: 'waiting' }, pool.waiting)
      },
    })

    // On PostgreSQL: how late other instances' token changes arrive here (absent on SQLite).
    if (core.operations.stats().changeFeed) this.#countChangeFeed(core, registry)

    // One read per scrape for both outbox gauges, whichever collects first. The only figures read
    // from the database, and best-effort: a scrape waits for every collector, so a failed read
    // would turn the whole answer into a 500, and one queued behind a saturated pool would time
    // the scrape out, losing the process and pool figures exactly when they are needed. NaN (not
    // known; a figure of 0 would say "nothing waiting") when the read fails or takes longer than
    // OUTBOX_READ_TIMEOUT_MS.
    // A read still running when a scrape gave up on it is the one the next scrape waits for: one
    // query at the most, not one more per scrape behind a saturated pool.
    let outboxRead: Promise<OutboxFigures> | undefined
    const readOutbox = () => {
      outboxRead ??= core.operations.outbox().finally(() => {
        outboxRead = undefined
      })
      return withinTime(outboxRead, OUTBOX_READ_TIMEOUT_MS)
    }
    new Gauge({
      name: 'tokens_notification_outbox_pending',
      help: 'Notification deliveries still to send (pending or retrying), by channel; NaN when the database did not answer in time.',
      labelNames: ['channel'],
      registers: [registry],
      async collect() {
        const outbox = await readOutbox()
        this.set({ channel: 'email' }, outbox?.pending.email ?? NaN)
        this.set({ channel: 'webhook' }, outbox?.pending.webhook ?? NaN)
      },
    })
    new Gauge({
      name: 'tokens_notification_outbox_oldest_pending_seconds',
      help: 'Age of the oldest delivery still to send, in seconds; 0 when none is; NaN when the database did not answer in time.',
      registers: [registry],
      async collect() {
        const outbox = await readOutbox()
        this.set(outbox ? (outbox.oldestPendingSeconds ?? 0) : NaN)
      },
    })
  }

  #countChangeFeed(core: TokenConsoleCore, registry: Registry): void {
    const delivery = () => core.operations.stats().changeFeed
    new Counter({
      name: 'tokens_change_feed_notifications_total',
      help: "Other instances' token-change announcements received.",
      registers: [registry],
      collect() {
        this.reset()
        this.inc(delivery()?.received ?? 0)
      },
    })
    new Counter({
      name: 'tokens_change_feed_lag_seconds_total',
      help: "Sum of the announcements' lags (arrival here minus publishing there, clock difference included); over the count, the mean lag.",
      registers: [registry],
      collect() {
        this.reset()
        this.inc(delivery()?.lagSecondsTotal ?? 0)
      },
    })
    new Gauge({
      name: 'tokens_change_feed_last_lag_seconds',
      help: "The last announcement's lag, in seconds.",
      registers: [registry],
      collect() {
        this.set(delivery()?.lastLagSeconds ?? 0)
      },
    })
  }

  /** Every answered request: its route template (`/api/tokens/:id`), never its path. */
  countRequest(route: string, method: string, status: number): void {
    this.#requests.count(route, KNOWN_METHODS.has(method) ? method : 'OTHER', status)
  }

  /** A platform API or /verify answer and how long it took. */
  countVerification(status: number, seconds: number): void {
    this.#verifications[outcomeOf(status)].inc()
    this.#latency.observe(seconds)
  }
}
