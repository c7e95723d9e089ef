import { currentActorOf } from '../access/current-token-actor.js'
import type { ActorContext } from '../core-contract.js'
import { requireAccount, type AccountRecord } from '../accounts/account-rows.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { actingTokenIds, lockTokenRows } from './lock-token-rows.js'
import { runTokenWrite } from './run-token-write.js'
import type { TokenServiceDeps } from './token-service-deps.js'
import { requireScopedToken } from './token-records.js'

/** `acting`: the caller as its token stands in this transaction (currentActorOf); the delegation rule is checked against it. */
export type ScopedTokenWork<T> = (
  trx: Executor,
  account: AccountRecord,
  row: TokensTable,
  at: string,
  acting: ActorContext,
) => Promise<T>

/**
 * How a service changes one existing scoped token: `authorise` the caller (each service has its
 * own rule), load the token within the caller's account (another account's token is "not found")
 * under a row lock, read a calling token again as it stands now and authorise it once more, and
 * change the token in one transaction that also announces the change, so it holds on every
 * instance from the next request on.
 */
export function scopedTokenWriter(
  deps: Pick<TokenServiceDeps, 'db' | 'dialect' | 'now' | 'verificationCache' | 'changeFeed'>,
  authorise: (context: ActorContext) => void,
): <T>(context: ActorContext, id: string, work: ScopedTokenWork<T>) => Promise<T> {
  return async (context, id, work) => {
    authorise(context)
    return runTokenWrite(deps, async (trx, changing) => {
      const account = await requireAccount(trx, context.accountId)
      // This token and a calling token together, in the one order, so two tokens writing to each other cannot deadlock.
      await lockTokenRows(trx, deps.dialect, context.accountId, { ids: [id, ...actingTokenIds(context)] })
      // The caller first: a token disabled, deleted or reset since the guard let its request in
      // gets the uniform 401, whatever the target (not a 404 carrying its rate-limit headers).
      const acting = await currentActorOf(trx, context, deps)
      authorise(acting)
      const row = await requireScopedToken(trx, context.accountId, id)
      changing(row.sid)
      return work(trx, account, row, deps.now().toISOString(), acting)
    })
  }
}
