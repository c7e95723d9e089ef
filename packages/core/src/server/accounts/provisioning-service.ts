import { z } from 'zod'
import { AccountKind } from '../../accounts/account-kinds.js'
import { Role } from '../../access/roles.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import { Locale } from '../../i18n/locales.js'
import type { TokenConsoleCore } from '../core-contract.js'
import { hashPassword } from '../crypto/password-hash.js'
import { generateId } from '../crypto/random-secrets.js'
import { runInTransaction } from '../database/run-in-transaction.js'
import type { Db } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import { accountViewOf } from './account-rows.js'

const CreateAccountInput = z.strictObject({ kind: AccountKind, name: z.string().trim().min(1).max(200) })

const CreateUserInput = z.strictObject({
  accountId: z.string().min(1),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  name: z.string().trim().min(1).max(200),
  role: Role,
  password: z.string().min(8).max(1_024),
  locale: Locale.nullable().optional(),
})

export function provisioningService(db: Db, now: () => Date): TokenConsoleCore['provisioning'] {
  return {
    async createAccount(input) {
      const { kind, name } = parseInput(CreateAccountInput, input)
      const account = { id: generateId('acc'), kind, name, legacyEnabledAt: null }
      await runInTransaction(db, (trx) =>
        trx
          .insertInto('accounts')
          .values({ id: account.id, kind, name, legacy_enabled_at: null, created_at: now().toISOString() })
          .execute(),
      )
      return accountViewOf(account)
    },

    async createUser(input) {
      const user = parseInput(CreateUserInput, input)
      const passwordHash = await hashPassword(user.password)
      const id = generateId('usr')
      await runInTransaction(db, async (trx) => {
        const account = await trx
          .selectFrom('accounts')
          .select('id')
          .where('id', '=', user.accountId)
          .executeTakeFirst()
        if (!account) throw new TokenConsoleError('NotFound')
        const taken = await trx
          .selectFrom('users')
          .select('id')
          .where('email', '=', user.email)
          .executeTakeFirst()
        if (taken) throw new TokenConsoleError('ValidationFailed', { field: 'email', reason: 'taken' })
        await trx
          .insertInto('users')
          .values({
            id,
            account_id: user.accountId,
            email: user.email,
            name: user.name,
            role: user.role,
            password_hash: passwordHash,
            locale: user.locale ?? null,
            created_at: now().toISOString(),
          })
          .execute()
      })
      return { id, name: user.name, email: user.email, role: user.role }
    },
  }
}
