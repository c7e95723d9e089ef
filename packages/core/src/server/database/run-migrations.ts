import { Migrator, type Kysely, type Migration } from 'kysely'
import { MIGRATIONS } from './migrations.js'
import type { DatabaseSchema } from './schema.js'

export const MIGRATION_TABLE = 'schema_migrations'

/**
 * Brings the schema up to date at start. Kysely's migrator records each applied migration by
 * name and takes a lock, so two instances starting together against PostgreSQL do not race.
 */
export async function runMigrations(db: Kysely<DatabaseSchema>): Promise<string[]> {
  const migrator = new Migrator({
    // Migrations are frozen in time, so they see an untyped database rather than today's schema.
    db: db as unknown as Kysely<unknown>,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: `${MIGRATION_TABLE}_lock`,
    provider: {
      async getMigrations() {
        const record: Record<string, Migration> = {}
        for (const [name, migration] of MIGRATIONS) record[name] = migration
        return record
      },
    },
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`Database migration ${failed} failed`, { cause: error })
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}
