import type { ActorContext } from '../core-contract.js'
import { requireAccount, type AccountRecord } from '../accounts/account-rows.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { runTokenWrite } from './run-token-write.js'
import type { TokenServiceDeps } from './token-service-deps.js'
import { requireScopedToken } from './token-records.js'

export type ScopedTokenWork<T> = (
  trx: Executor,
  account: AccountRecord,
  row: TokensTable,
  at: string,
) => Promise<T>

/**
 * How a service changes one existing scoped token: `authorise` the caller (each service has its
 * own rule), load the token within the caller's account (another account's token is "not found")
 * under a row lock, and change it in one transaction that also announces the change, so it holds
 * on every instance from the next request on.
 */
export function scopedTokenWriter(
  deps: Pick<TokenServiceDeps, 'db' | 'dialect' | 'now' | 'verificationCache' | 'changeFeed'>,
  authorise: (context: ActorContext) => void,
): <T>(context: ActorContext, id: string, work: ScopedTokenWork<T>) => Promise<T> {
  return async (context, id, work) => {
    authorise(context)
    return runTokenWrite(deps, async (trx, changing) => {
      const account = await requireAccount(trx, context.accountId)
      const row = await requireScopedToken(trx, context.accountId, id, deps.dialect === 'postgres')
      changing(row.sid)
      return work(trx, account, row, deps.now().toISOString())
    })
  }
}
