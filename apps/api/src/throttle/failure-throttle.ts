import type { SharedLimits, SharedWindowCounters } from '@tokens/core/server'
import { FixedWindowCounters } from './fixed-window-counters.js'

export interface ThrottleLimit {
  /** Failures allowed per window; the next attempt is refused until the window ends. */
  max: number
  windowMs: number
}

/**
 * Where a throttle counts when instances share limits (PostgreSQL): the core's shared limits and
 * this throttle's own name there. Without it (SQLite: one instance) it counts in this process.
 */
export interface SharedCounting {
  limits: SharedLimits
  name: string
}

/**
 * Counts failed attempts per key and says how long a key must wait once it has used up its allowance.
 * Attempts still being checked can be held (`hold`): they count as failures until released, so
 * attempts sent all at once cannot each pass before the first failures are recorded.
 */
export class FailureThrottle {
  readonly #counters: FixedWindowCounters | undefined
  readonly #shared: SharedWindowCounters | undefined
  readonly #max: number
  /** Attempts in flight per key, in this process. */
  readonly #held = new Map<string, number>()

  constructor(limit: ThrottleLimit, now?: () => number, shared?: SharedCounting) {
    this.#max = limit.max
    if (shared) this.#shared = shared.limits.counters(shared.name, limit.windowMs)
    else this.#counters = new FixedWindowCounters({ windowMs: limit.windowMs, ...(now ? { now } : {}) })
  }

  /**
   * Seconds the key must wait, or 0 when it may try. Refused only because of attempts in flight,
   * it waits a second: they may yet succeed and count nothing.
   */
  retryAfter(key: string): number {
    const wait = this.#recordedWait(key)
    if (wait > 0 || this.#held.size === 0) return wait
    const held = this.#held.get(key) ?? 0
    return held > 0 && this.#count(key) + held >= this.#max ? 1 : 0
  }

  #recordedWait(key: string): number {
    if (this.#shared) return this.#shared.retryAfter(key, this.#max)
    const counters = this.#counters as FixedWindowCounters
    // Checked on every authenticated request: a key that never failed costs a clock read, a comparison
    // (ended windows are swept only once the oldest one has ended) and a map lookup.
    if (counters.count(key) < this.#max) return 0
    return counters.secondsUntilReset(counters.peek(key))
  }

  #count(key: string): number {
    return (this.#shared ?? (this.#counters as FixedWindowCounters)).count(key)
  }

  /** Whether the key has failed at all in its current window, or has an attempt in flight. */
  hasFailed(key: string): boolean {
    return this.#count(key) > 0 || this.#held.has(key)
  }

  /** Counts an attempt in flight as a failure until `release`. */
  hold(key: string): void {
    this.#held.set(key, (this.#held.get(key) ?? 0) + 1)
  }

  release(key: string): void {
    const held = this.#held.get(key) ?? 0
    if (held <= 1) this.#held.delete(key)
    else this.#held.set(key, held - 1)
  }

  recordFailure(key: string): void {
    if (this.#shared) this.#shared.add(key, this.#max)
    else this.#counters?.add(key)
  }

  forget(key: string): void {
    if (this.#shared) this.#shared.forget(key)
    else this.#counters?.delete(key)
  }
}

/**
 * The maker of one throttle's named FailureThrottles: each counts on the core's limits shared by
 * every instance under its name when `shared` is given (PostgreSQL), else in this process.
 */
export function failureThrottlesOn(shared: SharedLimits | null, now: () => number) {
  return (limit: ThrottleLimit, name: string) =>
    new FailureThrottle(limit, now, shared ? { limits: shared, name } : undefined)
}
