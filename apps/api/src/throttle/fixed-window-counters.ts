const SWEEP_INTERVAL_MS = 1_000

interface Window {
  count: number
  endsAt: number
}

export interface WindowState {
  count: number
  /** Epoch ms at which the current window ends (and the count starts again from zero). */
  endsAt: number
}

/**
 * Counts per key in fixed time windows, in memory. Keys can come from attackers (addresses, SIDs),
 * so the map is kept small: ended windows are dropped as the map is used, read or written, and past
 * the key bound the oldest running windows are dropped (forgetting a count is safe; running out of
 * memory is not).
 *
 * A window is (re-)inserted when it opens and every window lasts `windowMs`, so the map's insertion
 * order is also the order in which windows end: the ended ones are always at the front, and
 * dropping them costs one look per dropped entry plus one at the first running window. (Should the
 * clock step back, a window could end before one in front of it; it is then dropped once the ones
 * in front of it have ended, or by the key bound.)
 */
export class FixedWindowCounters {
  readonly #windows = new Map<string, Window>()
  readonly #windowMs: number
  readonly #maxKeys: number
  readonly #now: () => number
  /**
   * When the next sweep may run (Infinity when the map is empty): at the earliest when the oldest
   * window ends, and at most once a second. Deleted entries stay in a Map's table, skipped by every
   * walk from the front, until the table is rebuilt; walking on every call would cost that many
   * skips each time.
   */
  #nextSweep = Number.POSITIVE_INFINITY

  constructor(options: { windowMs: number; maxKeys?: number; now?: () => number }) {
    this.#windowMs = options.windowMs
    this.#maxKeys = options.maxKeys ?? 100_000
    this.#now = options.now ?? Date.now
  }

  /** The key's current window, or a count of zero when it has none. */
  peek(key: string): WindowState {
    const now = this.#now()
    this.#sweep(now)
    const window = this.#windows.get(key)
    if (!window || window.endsAt <= now) return { count: 0, endsAt: now + this.#windowMs }
    return { count: window.count, endsAt: window.endsAt }
  }

  /** The key's count in its current window (0 without one); reads the clock only when the map holds a window. */
  count(key: string): number {
    // Checked on every authenticated request: with nothing counted it costs no clock read.
    if (this.#windows.size === 0) return 0
    const now = this.#now()
    this.#sweep(now)
    const window = this.#windows.get(key)
    return window && window.endsAt > now ? window.count : 0
  }

  /** Adds one to the key's window (opening a new window when the last one ended) and answers the state. */
  add(key: string): WindowState {
    const window = this.#currentWindow(key, this.#now())
    window.count += 1
    return { count: window.count, endsAt: window.endsAt }
  }

  /**
   * Counts one for the key unless its window already holds `limit`, reading the clock once: what
   * a rate limit does on every request. Answers whether it counted, the window as it now stands
   * and the seconds until that window ends (at least 1).
   */
  take(key: string, limit: number): WindowState & { counted: boolean; secondsLeft: number } {
    const now = this.#now()
    const window = this.#currentWindow(key, now)
    const counted = window.count < limit
    if (counted) window.count += 1
    return {
      counted,
      count: window.count,
      endsAt: window.endsAt,
      secondsLeft: this.#secondsLeft(window.endsAt, now),
    }
  }

  /** The key's live window, a new empty one when it has none or the last one ended. */
  #currentWindow(key: string, now: number): Window {
    this.#sweep(now)
    let window = this.#windows.get(key)
    if (!window || window.endsAt <= now) {
      // Re-inserted, so the map's order stays oldest window first for #sweep and the key bound.
      this.#windows.delete(key)
      window = { count: 0, endsAt: now + this.#windowMs }
      this.#windows.set(key, window)
      if (window.endsAt < this.#nextSweep) this.#nextSweep = window.endsAt
      if (this.#windows.size > this.#maxKeys) this.#overflow(now)
    }
    return window
  }

  delete(key: string): void {
    this.#windows.delete(key)
  }

  /** Seconds until the key's window ends, at least 1. */
  secondsUntilReset(state: WindowState): number {
    return this.#secondsLeft(state.endsAt, this.#now())
  }

  #secondsLeft(endsAt: number, now: number): number {
    return Math.max(1, Math.ceil((endsAt - now) / 1_000))
  }

  get size(): number {
    return this.#windows.size
  }

  /**
   * Drops the ended windows at the front of the map, stopping at the first one still running: a
   * comparison until the oldest window has ended, then at most one walk a second. Each window is
   * dropped once, so an ended window outlives its end by a second at most, once the counters are used.
   */
  #sweep(now: number): void {
    if (now < this.#nextSweep) return
    this.#sweepNow(now)
  }

  #sweepNow(now: number): void {
    for (const [key, window] of this.#windows) {
      if (window.endsAt > now) {
        this.#nextSweep = Math.max(window.endsAt, now + SWEEP_INTERVAL_MS)
        return
      }
      this.#windows.delete(key)
    }
    this.#nextSweep = Number.POSITIVE_INFINITY
  }

  /**
   * Past the key bound: the ended windows go first, then, only if that many keys are counting at
   * once, the oldest running windows, in a batch of 1 % of the bound so that a flood of new keys
   * pays for one walk per batch rather than one per key.
   */
  #overflow(now: number): void {
    this.#sweepNow(now)
    if (this.#windows.size <= this.#maxKeys) return
    const target = this.#maxKeys - Math.ceil(this.#maxKeys / 100)
    for (const key of this.#windows.keys()) {
      if (this.#windows.size <= target) return
      this.#windows.delete(key)
    }
  }
}
