/**
 * A recorder that keeps what it is told in memory, off the request path, and writes it with
 * `write` every `intervalMs` and once more on close(). Writes never overlap: each starts after the
 * previous one ended, whether that wrote or failed (chained on a rejected write, every later one
 * would be skipped and nothing written again). A timer's failed write is left to the next one;
 * flush() and close() answer theirs.
 */
export abstract class WriteBehind {
  readonly #timer: NodeJS.Timeout
  #flushing: Promise<void> = Promise.resolve()

  constructor(intervalMs: number) {
    this.#timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs)
    this.#timer.unref()
  }

  /** Writes what is pending; what it could not write stays pending for the next write. */
  protected abstract write(): Promise<void>

  flush(): Promise<void> {
    this.#flushing = this.#flushing.catch(() => undefined).then(() => this.write())
    return this.#flushing
  }

  async close(): Promise<void> {
    clearInterval(this.#timer)
    await this.flush()
  }
}
