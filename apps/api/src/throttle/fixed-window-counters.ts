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
 * so the map is bounded: expired windows are swept when it grows, and past the bound the oldest
 * windows are dropped (forgetting a count is safe; running out of memory is not).
 */
export class FixedWindowCounters {
  readonly #windows = new Map<string, Window>()
  readonly #windowMs: number
  readonly #maxKeys: number
  readonly #now: () => number

  constructor(options: { windowMs: number; maxKeys?: number; now?: () => number }) {
    this.#windowMs = options.windowMs
    this.#maxKeys = options.maxKeys ?? 100_000
    this.#now = options.now ?? Date.now
  }

  /** The key's current window, or a count of zero when it has none. */
  peek(key: string): WindowState {
    const now = this.#now()
    const window = this.#windows.get(key)
    if (!window || window.endsAt <= now) return { count: 0, endsAt: now + this.#windowMs }
    return { count: window.count, endsAt: window.endsAt }
  }

  /** The key's count in its current window (0 without one); reads the clock only when the key has a window. */
  count(key: string): number {
    const window = this.#windows.get(key)
    return window && window.endsAt > this.#now() ? window.count : 0
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
    let window = this.#windows.get(key)
    if (!window || window.endsAt <= now) {
      // Re-inserted, so the map's order stays oldest window first for #shrink.
      this.#windows.delete(key)
      window = { count: 0, endsAt: now + this.#windowMs }
      this.#windows.set(key, window)
      if (this.#windows.size > this.#maxKeys) this.#shrink(now)
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

  #shrink(now: number): void {
    for (const [key, window] of this.#windows) if (window.endsAt <= now) this.#windows.delete(key)
    // Map iteration follows insertion order, and a window is re-inserted when it opens: oldest first.
    // Shrinking below the bound spreads the sweep's cost over many later insertions.
    const target = Math.floor(this.#maxKeys * 0.9)
    for (const key of this.#windows.keys()) {
      if (this.#windows.size <= target) break
      this.#windows.delete(key)
    }
  }
}
