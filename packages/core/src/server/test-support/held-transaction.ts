import type { Db, Executor } from '../database/schema.js'

/** Long enough for a call started on another connection to reach the lock it waits on. */
const REACH_THE_WAIT_MS = 300

export interface HeldTransaction {
  /**
   * Starts `call` (which will wait on the held transaction's locks), lets it reach its wait,
   * commits the held transaction, and resolves or rejects as `call` does.
   */
  commitDuring<T>(call: () => Promise<T>): Promise<T>
}

/**
 * Runs `work` in a transaction on `db` and keeps it open, holding its locks and uncommitted
 * changes: another writer caught in the middle, as on PostgreSQL (READ COMMITTED) it can be.
 * Resolves once `work` is done.
 */
export async function holdTransaction(
  db: Db,
  work: (trx: Executor) => Promise<void>,
): Promise<HeldTransaction> {
  let commit!: () => void
  const committed = new Promise<void>((resolve) => (commit = resolve))
  let held!: () => void
  const holding = new Promise<void>((resolve) => (held = resolve))
  const transaction = db.transaction().execute(async (trx) => {
    await work(trx)
    held()
    await committed
  })
  // A failed work rejects here rather than leaving the caller waiting.
  await Promise.race([holding, transaction])
  return {
    async commitDuring(call) {
      const pending = call()
      // Settled below; not an unhandled rejection meanwhile.
      pending.catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, REACH_THE_WAIT_MS))
      commit()
      await transaction
      return pending
    },
  }
}
