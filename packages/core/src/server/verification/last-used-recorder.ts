import type { Db, Executor } from '../database/schema.js'

export const LAST_USED_FLUSH_INTERVAL_MS = 1_000

/**
 * Last-used bookkeeping off the request path: uses are remembered in memory and written once per
 * interval, so a busy token costs one write a second, not one per request. On SQLite the batch is
 * one transaction (one commit). On PostgreSQL each row is its own statement: a transaction holding
 * several token rows could deadlock with a mutation locking the same rows in another order (seen:
 * a legacy reset answered 503), while a lone statement holds one row lock and waits for nothing else.
 */
export class LastUsedRecorder {
  /** The latest use per token; turned into text only when written, not on every request. */
  private pending = new Map<string, Date>()
  private readonly timer: NodeJS.Timeout
  private flushing: Promise<void> = Promise.resolve()

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    intervalMs = LAST_USED_FLUSH_INTERVAL_MS,
    private readonly writes: 'one-transaction' | 'per-row' = 'one-transaction',
  ) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), intervalMs)
    this.timer.unref()
  }

  record(tokenId: string): void {
    this.pending.set(tokenId, this.now())
  }

  /** Writes what is pending; a failed write keeps the uses for the next attempt unless newer ones arrived. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.size === 0) return
      const batch = this.pending
      this.pending = new Map()
      try {
        const write = async (executor: Executor) => {
          for (const [tokenId, when] of batch) {
            const at = when.toISOString()
            await executor
              .updateTable('tokens')
              .set({ last_used_at: at })
              .where('id', '=', tokenId)
              .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
              .execute()
          }
        }
        if (this.writes === 'one-transaction') await this.db.transaction().execute(write)
        else await write(this.db)
      } catch (error) {
        for (const [tokenId, at] of batch) if (!this.pending.has(tokenId)) this.pending.set(tokenId, at)
        throw error
      }
    })
    return this.flushing
  }

  async close(): Promise<void> {
    clearInterval(this.timer)
    await this.flush()
  }
}
