/**
 * Writes of what a recorder keeps in memory off the request path: `write` runs every `intervalMs`
 * and once more on close(). Runs never overlap: each starts after the previous one ended, whether
 * that wrote or failed (chained on a rejected run, every later one would be skipped and nothing
 * written again). A timer's failed run is left to the next one; flush() and close() answer theirs.
 */
export class WriteBehind {
  readonly #write: () => Promise<void>
  readonly #timer: NodeJS.Timeout
  #flushing: Promise<void> = Promise.resolve()

  constructor(write: () => Promise<void>, intervalMs: number) {
    this.#write = write
    this.#timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs)
    this.#timer.unref()
  }

  flush(): Promise<void> {
    this.#flushing = this.#flushing.catch(() => undefined).then(this.#write)
    return this.#flushing
  }

  async close(): Promise<void> {
    clearInterval(this.#timer)
    await this.flush()
  }
}
