import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../database/open-database.js'
import { openTestCore } from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import { databaseState } from './database-state.js'

describe('the database state a readiness probe reports', () => {
  it('is ok for a database that answers and takes writes', async () => {
    const test = await openTestCore()
    try {
      expect(await databaseState(await test.database(), test.dialect)).toBe('ok')
    } finally {
      await test.close()
    }
  })

  it.runIf(testDialect() === 'postgres')(
    'is read-only for a PostgreSQL session that refuses writes, as every session of a hot standby does',
    async () => {
      const test = await openTestCore()
      const admin = await test.database()
      const name = sql.id(
        (await sql<{ name: string }>`select current_database() as name`.execute(admin)).rows[0]!.name,
      )
      try {
        // New sessions of this database are read-only from now on: a pool reaching a standby after a failover.
        await sql`alter database ${name} set default_transaction_read_only = on`.execute(admin)
        const { db: standby } = await openDatabase({ dataDir: test.dataDir, databaseUrl: test.databaseUrl })
        try {
          expect(await databaseState(standby, 'postgres')).toBe('read-only')
        } finally {
          await standby.destroy()
        }
      } finally {
        await sql`alter database ${name} reset default_transaction_read_only`.execute(admin)
        await test.close()
      }
    },
  )
})
