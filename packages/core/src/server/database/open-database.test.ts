import { randomBytes } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import { MasterKeyError } from '../crypto/master-key.js'
import { openTestCoresClosedAfterEach } from '../test-support/open-test-core.js'
import { readDatabase } from '../test-support/read-database.js'
import { testDialect } from '../test-support/test-postgres.js'
import { DATABASE_FILE, dialectNameOf } from './open-database.js'
import { MIGRATIONS } from './migrations.js'
import { MIGRATION_TABLE } from './run-migrations.js'

const openCore = openTestCoresClosedAfterEach()

describe('database', () => {
  it('selects PostgreSQL for postgres:// URLs and SQLite otherwise', () => {
    expect(dialectNameOf('postgres://u@h/db')).toBe('postgres')
    expect(dialectNameOf('postgresql://u@h/db')).toBe('postgres')
    expect(dialectNameOf(undefined)).toBe('sqlite')
    expect(dialectNameOf('')).toBe('sqlite')
  })

  it('records every migration once, in order, across restarts', async () => {
    const first = await openCore()
    await first.core.close()
    await first.openSibling()
    const db = (await first.database()) as unknown as Kysely<Record<string, { name: string }>>
    const rows = await db.selectFrom(MIGRATION_TABLE).select('name').orderBy('name').execute()
    expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map(([name]) => name))
  })

  it.runIf(testDialect() === 'sqlite')(
    'runs SQLite in WAL mode with the token-list indexes and a unique SID',
    async () => {
      const test = await openCore()
      const facts = readDatabase(test.dataDir, (db) => ({
        journal: db.pragma('journal_mode', { simple: true }),
        indexes: db
          .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = 'tokens'")
          .all() as { name: string; sql: string | null }[],
      }))
      expect(facts.journal).toBe('wal')
      expect(statSync(join(test.dataDir, DATABASE_FILE)).mode & 0o777).toBe(0o600)
      const sqlOf = (name: string) => facts.indexes.find((i) => i.name === name)?.sql ?? ''
      expect(sqlOf('tokens_list_with_name')).toMatch(
        /"account_id", "kind", "created_at", "id", "name_search"/,
      )
      expect(sqlOf('tokens_list_by_state_with_name')).toMatch(
        /"account_id", "kind", "state", "created_at", "id", "name_search"/,
      )
      expect(facts.indexes.some((i) => i.sql === null && i.name.startsWith('sqlite_autoindex_tokens'))).toBe(
        true,
      )
    },
  )

  it('keeps sealed credentials readable after a restart with the same key, and refuses to start with another', async () => {
    const first = await openCore()
    const account = await first.core.provisioning.createAccount({ kind: 'brand', name: 'A' })
    const admin = await first.core.provisioning.createUser({
      accountId: account.id,
      email: 'a@example.test',
      name: 'A',
      role: 'account_administrator',
      password: 'long enough',
    })
    const context = {
      accountId: account.id,
      actor: { type: 'user' as const, userId: admin.id, role: admin.role },
      ip: null,
    }
    const { token, credentials } = await first.core.tokens.create(context, {
      name: 'x',
      primaryContactUserId: admin.id,
      scopes: ['GET /Account'],
    })
    await first.core.close()

    const same = await first.openSibling()
    expect(await same.core.tokens.reveal(context, token.id)).toEqual(credentials)
    expect(await same.core.verification.verify(credentials.accountSid, credentials.authToken)).not.toBeNull()
    await same.core.close()

    // Another key opens none of them: a server that started with it would verify nothing.
    await expect(first.openSibling({ masterKey: randomBytes(32).toString('base64') })).rejects.toBeInstanceOf(
      MasterKeyError,
    )
  })
})
