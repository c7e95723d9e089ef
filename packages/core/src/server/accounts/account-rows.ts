import { AccountKind } from '../../accounts/account-kinds.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import type { AccountView } from '../../session/session-schemas.js'
import type { AccountsTable, Executor } from '../database/schema.js'

export interface AccountRecord {
  id: string
  kind: AccountKind
  name: string
  legacyEnabledAt: string | null
}

export function accountRecordOf(row: AccountsTable): AccountRecord {
  return {
    id: row.id,
    kind: AccountKind.parse(row.kind),
    name: row.name,
    legacyEnabledAt: row.legacy_enabled_at,
  }
}

export function accountViewOf(account: AccountRecord): AccountView {
  return { id: account.id, kind: account.kind, name: account.name, legacyEnabledAt: account.legacyEnabledAt }
}

/** The acting account. Its absence means a stale context (account removed): treated as signed out. */
export async function requireAccount(executor: Executor, accountId: string): Promise<AccountRecord> {
  const row = await executor.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst()
  if (!row) throw new TokenConsoleError('Unauthenticated')
  return accountRecordOf(row)
}
