import { sql } from 'kysely'
import type { Db, Executor } from '../database/schema.js'

/** How long `call` may take to reach the held locks (or settle without them) before the test gives up. */
const REACH_THE_WAIT_MS = 10_000
const LOOK_EVERY_MS = 10

export interface HeldTransaction {
  /**
   * Starts `call` (which will wait on the held transaction's locks), waits until it does wait on
   * them (or has settled without needing them), commits the held transaction, and resolves or
   * rejects as `call` does.
   */
  commitDuring<T>(call: () => Promise<T>): Promise<T>
}

/**
 * Runs `work` in a PostgreSQL transaction on `db` and keeps it open, holding its locks and
 * uncommitted changes: another writer caught in the middle, as on PostgreSQL (READ COMMITTED) it
 * can be. Resolves once `work` is done.
 */
export async function holdTransaction(
  db: Db,
  work: (trx: Executor) => Promise<void>,
): Promise<HeldTransaction> {
  let commit!: () => void
  const committed = new Promise<void>((resolve) => (commit = resolve))
  let held!: (pid: number) => void
  const holding = new Promise<number>((resolve) => (held = resolve))
  const transaction = db.transaction().execute(async (trx) => {
    await work(trx)
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)
    held(rows[0]!.pid)
    await committed
  })
  // A failed work rejects here rather than leaving the caller waiting.
  const holder = await Promise.race([holding, transaction.then(() => -1)])
  return {
    async commitDuring(call) {
      let settled = false
      const pending = call()
      // Settled below; not an unhandled rejection meanwhile.
      pending.then(
        () => (settled = true),
        () => (settled = true),
      )
      // Exact rather than timed: the commit comes only once PostgreSQL shows the call's session
      // blocked by the held one, so the test proves what happens to a writer that waited.
      const giveUpAt = Date.now() + REACH_THE_WAIT_MS
      while (!settled && !(await blockedBy(db, holder))) {
        if (Date.now() > giveUpAt) {
          commit()
          throw new Error(
            `the call neither waited on the held transaction's locks nor settled in ${REACH_THE_WAIT_MS} ms`,
          )
        }
        await new Promise((resolve) => setTimeout(resolve, LOOK_EVERY_MS))
      }
      commit()
      await transaction
      return pending
    },
  }
}

/** Whether some session waits on a lock that session `holder` holds. */
async function blockedBy(db: Db, holder: number): Promise<boolean> {
  const { rows } = await sql<{ waiting: boolean }>`
    select exists (select 1 from pg_stat_activity where ${holder} = any(pg_blocking_pids(pid))) as waiting`.execute(
    db,
  )
  return rows[0]?.waiting === true
}
