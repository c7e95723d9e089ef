import { FixedWindowCounters } from './fixed-window-counters.js'

export interface ThrottleLimit {
  /** Failures allowed per window; the next attempt is refused until the window ends. */
  max: number
  windowMs: number
}

/** Counts failed attempts per key and says how long a key must wait once it has used up its allowance. */
export class FailureThrottle {
  readonly #counters: FixedWindowCounters
  readonly #max: number

  constructor(limit: ThrottleLimit, now?: () => number) {
    this.#max = limit.max
    this.#counters = new FixedWindowCounters({ windowMs: limit.windowMs, ...(now ? { now } : {}) })
  }

  /** Seconds the key must wait, or 0 when it may try. */
  retryAfter(key: string): number {
    // Checked on every authenticated request: a key that never failed costs a map lookup, nothing more.
    if (this.#counters.count(key) < this.#max) return 0
    return this.#counters.secondsUntilReset(this.#counters.peek(key))
  }

  /** Whether the key has failed at all in its current window. */
  hasFailed(key: string): boolean {
    return this.#counters.count(key) > 0
  }

  recordFailure(key: string): void {
    this.#counters.add(key)
  }

  forget(key: string): void {
    this.#counters.delete(key)
  }
}
