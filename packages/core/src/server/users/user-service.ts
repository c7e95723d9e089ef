import type { TokenConsoleCore } from '../core-contract.js'
import { requireTokenManager } from '../access/require-token-manager.js'
import { runQuery } from '../database/run-in-transaction.js'
import type { Db } from '../database/schema.js'

/** The primary-contact picker: part of managing tokens, so it follows the same role rule. */
export function userService(db: Db): TokenConsoleCore['users'] {
  return {
    async list(context) {
      requireTokenManager(context)
      const rows = await runQuery(() =>
        db
          .selectFrom('users')
          .select(['id', 'name', 'email'])
          .where('account_id', '=', context.accountId)
          .orderBy('name')
          .orderBy('id')
          .execute(),
      )
      return rows.map((row) => ({ id: row.id, name: row.name, email: row.email }))
    },
  }
}
