import type { Db } from '../database/schema.js'

export const LAST_USED_FLUSH_INTERVAL_MS = 1_000

/**
 * Last-used bookkeeping off the request path: uses are remembered in memory and written in one
 * batched transaction per interval, so a busy token costs one write a second, not one per request.
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
        await this.db.transaction().execute(async (trx) => {
          for (const [tokenId, when] of batch) {
            const at = when.toISOString()
            await trx
              .updateTable('tokens')
              .set({ last_used_at: at })
              .where('id', '=', tokenId)
              .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
              .execute()
          }
        })
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
