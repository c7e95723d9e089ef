import { chmodSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely'
import type { DatabaseSchema } from './schema.js'

export const DATABASE_FILE = 'tokens.db'
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000

export interface DatabaseOptions {
  dataDir: string
  databaseUrl?: string | undefined
  busyTimeoutMs?: number | undefined
}

export type DatabaseDialectName = 'sqlite' | 'postgres'

export function dialectNameOf(databaseUrl: string | undefined): DatabaseDialectName {
  return databaseUrl !== undefined && /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgres' : 'sqlite'
}

async function postgresDialect(connectionString: string): Promise<Dialect> {
  // Loaded only when asked for, so SQLite deployments never load the PostgreSQL driver.
  const { default: pg } = await import('pg')
  return new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 10 }) })
}

function sqliteDialect(dataDir: string, busyTimeoutMs: number): Dialect {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const path = join(dataDir, DATABASE_FILE)
  const database = new SqliteDatabase(path, { timeout: busyTimeoutMs })
  // Owner-only, like the key file: the WAL and shared-memory files SQLite creates inherit this mode.
  try {
    chmodSync(path, 0o600)
  } catch {
    // A file owned by another user (a shared volume) keeps its mode; the folder's mode still applies.
  }
  database.pragma('journal_mode = WAL')
  database.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
  database.pragma('foreign_keys = ON')
  database.pragma('synchronous = NORMAL')
  return new SqliteDialect({ database })
}

export async function openDatabase(options: DatabaseOptions): Promise<{ db: Kysely<DatabaseSchema>; dialect: DatabaseDialectName }> {
  const name = dialectNameOf(options.databaseUrl)
  const dialect =
    name === 'postgres'
      ? await postgresDialect(options.databaseUrl as string)
      : sqliteDialect(options.dataDir, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)
  return { db: new Kysely<DatabaseSchema>({ dialect }), dialect: name }
}
