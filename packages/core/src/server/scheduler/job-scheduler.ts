import { randomUUID } from 'node:crypto'
import { failureFactsOf, type CoreLogger } from '../core-logger.js'
import type { Db } from '../database/schema.js'
import { extendJobLease, releaseJobLease, takeJobLease } from './job-lease.js'
import type { RecurringJob } from './recurring-job.js'

/** How often an instance looks for due jobs (default): a job runs at most this late. */
export const SCHEDULER_TICK_MS_DEFAULT = 60_000
/** How long a run is its holder's before another instance may take it over (renewed while it runs). */
export const JOB_LEASE_MS_DEFAULT = 5 * 60_000

export interface JobSchedulerOptions {
  db: Db
  /** The clock of due times and leases (config.now). */
  now: () => Date
  logger?: CoreLogger | undefined
  /** Names this instance in the lease rows; random by default. */
  holderId?: string
  tickMs?: number | undefined
  leaseMs?: number | undefined
}

/**
 * The server's one way to run recurring jobs. Every instance ticks; a due job runs where its lease
 * row is taken (scheduler/job-lease.ts), so one instance runs it per period however many share the
 * database. A lease row rather than PostgreSQL advisory locks: it works on SQLite too, outlives no
 * crash (it expires), does not pin a pooled connection for the length of a run, and it records
 * when the job is next due, which a lock alone does not (an instance ticking just after another
 * finished would run the job again). Times are the instances' own clocks: a skew between them
 * moves a takeover by that much, far less than the lease.
 */
export class JobScheduler {
  readonly #db: Db
  readonly #now: () => Date
  readonly #logger: CoreLogger | undefined
  readonly #holder: string
  readonly #tickMs: number
  readonly #leaseMs: number
  readonly #jobs = new Map<string, RecurringJob>()
  #timer: NodeJS.Timeout | undefined
  #closed = false
  /** The tick in progress; ticks never overlap on one instance. */
  #current: Promise<string[]> = Promise.resolve([])

  constructor(options: JobSchedulerOptions) {
    this.#db = options.db
    this.#now = options.now
    this.#logger = options.logger
    this.#holder = options.holderId ?? randomUUID()
    this.#tickMs = options.tickMs ?? SCHEDULER_TICK_MS_DEFAULT
    this.#leaseMs = options.leaseMs ?? JOB_LEASE_MS_DEFAULT
  }

  /** Adds a job; its first run is due at once (at the next tick) unless another instance ran it. */
  register(job: RecurringJob): void {
    if (this.#jobs.has(job.name)) throw new Error(`job ${job.name} is already registered`)
    if (!(job.intervalMs > 0)) throw new RangeError(`job ${job.name} needs a positive interval`)
    this.#jobs.set(job.name, job)
  }

  /** Ticks every `tickMs` until closed; the first tick comes one interval after the start. */
  start(): void {
    if (this.#closed || this.#timer) return
    this.#schedule()
  }

  /**
   * One tick now: runs, one after another, each registered job that is due and whose lease this
   * instance takes. Answers the names of the jobs it ran (failed runs included).
   */
  runDue(): Promise<string[]> {
    if (this.#closed) return Promise.resolve([])
    this.#current = this.#current.then(async () => {
      const ran: string[] = []
      for (const job of this.#jobs.values()) if (await this.#runIfDue(job)) ran.push(job.name)
      return ran
    })
    return this.#current
  }

  /** Stops ticking; a tick already asked for (its runs) finishes first. */
  async close(): Promise<void> {
    this.#closed = true
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#current
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      void this.runDue().finally(() => {
        if (!this.#closed) this.#schedule()
      })
    }, this.#tickMs)
    this.#timer.unref()
  }

  async #runIfDue(job: RecurringJob): Promise<boolean> {
    const lease = () => ({
      name: job.name,
      holder: this.#holder,
      nowMs: this.#now().getTime(),
      leaseMs: this.#leaseMs,
    })
    try {
      if (!(await takeJobLease(this.#db, lease()))) return false
    } catch (error) {
      this.#logger?.log('warn', 'job.lease_failed', { job: job.name, ...failureFactsOf(error) })
      return false
    }
    const leaseLost = new AbortController()
    // A renewal still in flight when the run ends can answer after the release below: not lost.
    let finished = false
    const heartbeat = setInterval(() => {
      extendJobLease(this.#db, lease())
        .then((held) => {
          if (held || finished || leaseLost.signal.aborted) return
          // Another instance took the job over (this one stalled past its lease): stop, not run twice.
          this.#logger?.log('warn', 'job.lease_lost', { job: job.name })
          leaseLost.abort()
        })
        .catch((error: unknown) =>
          this.#logger?.log('warn', 'job.lease_failed', { job: job.name, ...failureFactsOf(error) }),
        )
    }, this.#leaseMs / 3)
    heartbeat.unref()
    const started = performance.now()
    try {
      await job.run(leaseLost.signal)
      this.#logger?.log('info', 'job.done', {
        job: job.name,
        durationMs: Math.round(performance.now() - started),
      })
    } catch (error) {
      this.#logger?.log('error', 'job.failed', {
        job: job.name,
        durationMs: Math.round(performance.now() - started),
        ...failureFactsOf(error),
      })
    } finally {
      finished = true
      clearInterval(heartbeat)
    }
    try {
      await releaseJobLease(this.#db, {
        name: job.name,
        holder: this.#holder,
        nextRunMs: this.#now().getTime() + job.intervalMs,
      })
    } catch (error) {
      // The lease then expires on its own; the job runs again once it has.
      this.#logger?.log('warn', 'job.lease_failed', { job: job.name, ...failureFactsOf(error) })
    }
    return true
  }
}
