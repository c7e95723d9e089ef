import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { testDialect } from '../test-support/test-postgres.js'
import { MIGRATIONS } from './migrations.js'
import { openDatabase } from './open-database.js'
import { migratorOf, runMigrations } from './run-migrations.js'
import type { DatabaseSchema } from './schema.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** The migrator of run-migrations.ts, stopped at an older migration: a database from an older release. */
async function migrateTo(db: Kysely<DatabaseSchema>, name: string): Promise<void> {
  const { error } = await migratorOf(db).migrateTo(name)
  if (error) throw error
}

describe.skipIf(testDialect() !== 'sqlite')('migrations on SQLite', () => {
  it('a migration that fails half-way on SQLite leaves the database to migrate again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tokens-migrate-'))
    folders.push(dataDir)
    const older = await openDatabase({ dataDir })
    await migrateTo(older.db, '0004-shared-limit-counters')
    await older.db.destroy()

    // An upgrade on a full disk: not one page may be added, so a later statement of a migration fails.
    const full = await openDatabase({
      dataDir,
      onSqliteConnection: (database) => {
        const pages = database.pragma('page_count', { simple: true }) as number
        database.pragma(`max_page_count = ${pages}`)
      },
    })
    await expect(runMigrations(full.db)).rejects.toThrow(/Database migration .* failed/)
    await full.db.destroy()

    // Space freed: the next start migrates to the latest schema.
    const freed = await openDatabase({ dataDir })
    try {
      const applied = await runMigrations(freed.db)
      expect(applied[0]).toMatch(/^0005-/)
      expect(applied.at(-1)).toBe(MIGRATIONS.at(-1)?.[0])
    } finally {
      await freed.db.destroy()
    }
  })
})
