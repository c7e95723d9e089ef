import { Migrator, type Kysely, type Migration } from 'kysely'
import { MIGRATIONS } from './migrations.js'
import type { DatabaseSchema } from './schema.js'

export const MIGRATION_TABLE = 'schema_migrations'

/**
 * The migrator of this schema: Kysely's, recording each applied migration by name in
 * MIGRATION_TABLE and taking a lock, so two instances starting together against PostgreSQL do not
 * race. Tests stop it at an older migration to build a database from an older release.
 */
export function migratorOf(db: Kysely<DatabaseSchema>): Migrator {
  return new Migrator({
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
}

/** Brings the schema up to date at start (migratorOf). Answers the migrations applied. */
export async function runMigrations(db: Kysely<DatabaseSchema>): Promise<string[]> {
  const { error, results } = await migratorOf(db).migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`Database migration ${failed} failed`, { cause: error })
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}
