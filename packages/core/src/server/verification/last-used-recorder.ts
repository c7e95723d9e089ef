import type { RotationSecret } from '../core-contract.js'
import type { CoreLogger } from '../core-logger.js'
import type { Db, Executor } from '../database/schema.js'
import { writeRotationUse } from '../lifecycle/write-rotation-use.js'
import { WriteBehind } from '../scheduler/write-behind.js'
import type { TokenChangeFeed } from './token-change-feed.js'
import type { VerificationCache } from './verification-cache.js'

export const LAST_USED_FLUSH_INTERVAL_MS = 1_000

/**
 * Last-used bookkeeping off the request path: uses are remembered in memory and written once per
 * interval, so a busy token costs one write a second, not one per request. On SQLite the batch is
 * one transaction (one commit). On PostgreSQL each row is its own statement: a transaction holding
 * several token rows could deadlock with a mutation locking the same rows in another order (seen:
 * a legacy reset answered 503), while a lone statement holds one row lock and waits for nothing else.
 */
export class LastUsedRecorder extends WriteBehind {
  /** The latest use per token; turned into text only when written, not on every request. */
  #pending = new Map<string, Date>()
  /** During rotations: the latest use of each token's old and new auth token. */
  #pendingRotation = new Map<string, Partial<Record<RotationSecret, Date>>>()
  /** The rotation uses being written right now: no longer pending, not yet stored. */
  #writingRotation = new Map<string, Partial<Record<RotationSecret, Date>>>()

  readonly #db: Db
  readonly #now: () => Date
  readonly #writes: 'one-transaction' | 'per-row'
  readonly #rotationChanges: { changeFeed: TokenChangeFeed; verificationCache: VerificationCache } | undefined

  constructor(
    db: Db,
    now: () => Date,
    intervalMs = LAST_USED_FLUSH_INTERVAL_MS,
    writes: 'one-transaction' | 'per-row' = 'one-transaction',
    /** Where a written rotation use is announced (it may end a traffic-confirmed rotation). */
    rotationChanges?: { changeFeed: TokenChangeFeed; verificationCache: VerificationCache },
    /** Told of failing writes as `last_used.write_failed`, `last_used.write_recovered` and `last_used.write_dropped`. */
    logger?: CoreLogger,
  ) {
    super(intervalMs, { logger, name: 'last_used' })
    this.#db = db
    this.#now = now
    this.#writes = writes
    this.#rotationChanges = rotationChanges
  }

  record(tokenId: string, rotationSecret?: RotationSecret): void {
    const at = this.#now()
    this.#pending.set(tokenId, at)
    if (rotationSecret)
      this.#pendingRotation.set(tokenId, { ...this.#pendingRotation.get(tokenId), [rotationSecret]: at })
  }

  /**
   * The latest use of the token's old auth token that this instance holds and has not yet stored,
   * in epoch ms, or null. A traffic-confirmed rotation's end depends on it: verification asks
   * before refusing an old secret whose quiet period seems to have run out.
   */
  unstoredOldSecretUseMs(tokenId: string): number | null {
    const pending = this.#pendingRotation.get(tokenId)?.old
    const writing = this.#writingRotation.get(tokenId)?.old
    const latest = Math.max(pending?.getTime() ?? -Infinity, writing?.getTime() ?? -Infinity)
    return Number.isFinite(latest) ? latest : null
  }

  /** A failed write puts the uses back for the next attempt, unless newer ones arrived meanwhile. */
  protected async write(): Promise<void> {
    if (this.#pending.size === 0 && this.#pendingRotation.size === 0) return
    const batch = this.#pending
    this.#pending = new Map()
    const rotationBatch = this.#pendingRotation
    this.#pendingRotation = new Map()
    this.#writingRotation = rotationBatch
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
      if (this.#writes === 'one-transaction') await this.#db.transaction().execute(write)
      else await write(this.#db)
      if (rotationBatch.size > 0) await this.#writeRotationUses(rotationBatch)
    } catch (error) {
      for (const [tokenId, at] of batch) if (!this.#pending.has(tokenId)) this.#pending.set(tokenId, at)
      for (const [tokenId, uses] of rotationBatch) {
        this.#pendingRotation.set(tokenId, { ...uses, ...this.#pendingRotation.get(tokenId) })
      }
      throw error
    } finally {
      this.#writingRotation = new Map()
    }
  }

  /**
   * Each token's rotation uses in a transaction of their own that also announces its SID (one row
   * per transaction, for the deadlock reason above); the local cache drops it once committed.
   */
  async #writeRotationUses(batch: Map<string, Partial<Record<RotationSecret, Date>>>): Promise<void> {
    for (const [tokenId, uses] of batch) {
      const sid = await this.#db.transaction().execute(async (trx) => {
        let written: string | undefined
        for (const secret of ['old', 'new'] as const) {
          const when = uses[secret]
          if (when) written = (await writeRotationUse(trx, tokenId, secret, when.toISOString())) ?? written
        }
        if (written) await this.#rotationChanges?.changeFeed.publish(trx, [written])
        return written
      })
      if (sid) this.#rotationChanges?.verificationCache.evict([sid])
      batch.delete(tokenId)
    }
  }
}
