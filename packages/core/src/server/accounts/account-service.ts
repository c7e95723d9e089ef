import type { TokenConsoleCore } from '../core-contract.js'
import { runQuery } from '../database/run-in-transaction.js'
import type { Db } from '../database/schema.js'
import { accountViewOf, requireAccount } from './account-rows.js'

/** Every member of an account may see which account they are in (the no-access page names it too). */
export function accountService(db: Db): TokenConsoleCore['accounts'] {
  return {
    async get(context) {
      return accountViewOf(await runQuery(() => requireAccount(db, context.accountId)))
    },
    // Accounts are never removed and their kind and name never change; the legacy date changes once,
    // and enabling it evicts the account's cached credentials (verification-cache.ts evictAccount).
    ofCredential(credential) {
      return accountViewOf({
        id: credential.accountId,
        kind: credential.accountKind,
        name: credential.accountName,
        legacyEnabledAt: credential.accountLegacyEnabledAt,
      })
    },
  }
}
