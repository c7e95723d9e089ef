import { runInTransaction } from '../database/run-in-transaction.js'
import type { Executor } from '../database/schema.js'
import type { TokenServiceDeps } from './token-service-deps.js'

/** Registers SIDs whose credentials the running write creates or changes. */
export type ChangingCredentials = (...sids: string[]) => void

/**
 * One transaction that creates or changes credentials. The work names every SID it touches
 * before it writes; from then on this instance neither serves nor caches them, the change is
 * announced to the other instances as part of the commit, and once the transaction has ended
 * the SIDs are evicted here. So no instance answers from memory with a credential state older
 * than a write it has been told about.
 */
export async function runTokenWrite<T>(
  deps: Pick<TokenServiceDeps, 'db' | 'verificationCache' | 'changeFeed'>,
  work: (trx: Executor, changing: ChangingCredentials) => Promise<T>,
): Promise<T> {
  const { verificationCache, changeFeed } = deps
  const sids = new Set<string>()
  try {
    return await runInTransaction(deps.db, async (trx) => {
      const result = await work(trx, (...changed) => {
        for (const sid of changed) {
          if (sids.has(sid)) continue
          sids.add(sid)
          verificationCache.beginWrite(sid)
        }
      })
      if (sids.size > 0) await changeFeed.publish(trx, [...sids])
      return result
    })
  } finally {
    for (const sid of sids) verificationCache.endWrite(sid)
  }
}
