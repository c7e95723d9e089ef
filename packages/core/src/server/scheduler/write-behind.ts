import { failureFactsOf, type CoreLogger } from '../core-logger.js'

/** Attempts of the last write at close(), and the pause before each further one (ms, times the attempt). */
const CLOSE_ATTEMPTS = 3
const CLOSE_RETRY_MS = 250

/** Where a write-behind says that its writes fail: `<name>.write_failed`, `.write_recovered`, `.write_dropped`. */
export interface WriteBehindLog {
  logger: CoreLogger | undefined
  name: string
}

/**
 * A recorder that keeps what it is told in memory, off the request path, and writes it with
 * `write` every `intervalMs` and once more on close(). Writes never overlap: each starts after the
 * previous one ended, whether that wrote or failed (chained on a rejected write, every later one
 * would be skipped and nothing written again). A timer's failed write is left to the next one;
 * flush() and close() answer theirs. What is pending lives only in memory, so a failing write is
 * logged (once per outage, and its recovery), and close() tries the last write a few times before
 * it gives up on what is pending, which it logs too.
 */
export abstract class WriteBehind {
  readonly #timer: NodeJS.Timeout
  readonly #log: WriteBehindLog | undefined
  #flushing: Promise<void> = Promise.resolve()
  /** Writes failed in a row since the last that succeeded. */
  #failedWrites = 0

  constructor(intervalMs: number, log?: WriteBehindLog) {
    this.#log = log
    this.#timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs)
    this.#timer.unref()
  }

  /** Writes what is pending; what it could not write stays pending for the next write. */
  protected abstract write(): Promise<void>

  flush(): Promise<void> {
    this.#flushing = this.#flushing.catch(() => undefined).then(() => this.#writeAndSay())
    return this.#flushing
  }

  async close(): Promise<void> {
    clearInterval(this.#timer)
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.flush()
      } catch (error) {
        if (attempt === CLOSE_ATTEMPTS) {
          this.#say('error', 'write_dropped', { ...failureFactsOf(error), attempts: attempt })
          throw error
        }
        await new Promise((resolve) => setTimeout(resolve, CLOSE_RETRY_MS * attempt))
      }
    }
  }

  async #writeAndSay(): Promise<void> {
    try {
      await this.write()
    } catch (error) {
      // Once per outage, not every interval: the next write tries again with everything pending.
      if (this.#failedWrites++ === 0) this.#say('warn', 'write_failed', failureFactsOf(error))
      throw error
    }
    if (this.#failedWrites > 0) this.#say('info', 'write_recovered', { failedWrites: this.#failedWrites })
    this.#failedWrites = 0
  }

  #say(level: 'info' | 'warn' | 'error', what: string, fields: Record<string, string | number | null>): void {
    this.#log?.logger?.log(level, `${this.#log.name}.${what}`, fields)
  }
}
