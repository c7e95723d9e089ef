import { chmodSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely'
import type { CoreLogger } from '../core-logger.js'
import type { DatabaseSchema } from './schema.js'

export const DATABASE_FILE = 'tokens.db'
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000
export const POSTGRES_POOL_SIZE = 10
/** Shown in pg_stat_activity, so operators can tell the core's connections from others. */
export const POSTGRES_APPLICATION_NAME = 'token-console'

export interface DatabaseOptions {
  dataDir: string
  databaseUrl?: string | undefined
  busyTimeoutMs?: number | undefined
  /** Called with the SQLite connection right after it is configured (tests pin pragmas through it). */
  onSqliteConnection?: ((database: SqliteDatabase.Database) => void) | undefined
  logger?: CoreLogger | undefined
}

export type DatabaseDialectName = 'sqlite' | 'postgres'

/** How the PostgreSQL pool's connections are used right now (SQLite has one connection and no pool). */
export interface DatabasePoolUse {
  max: number
  /** Open connections, idle or lent out. */
  total: number
  idle: number
  /** Queries waiting for a connection. */
  waiting: number
}

export interface OpenedDatabase {
  db: Kysely<DatabaseSchema>
  dialect: DatabaseDialectName
  /** The PostgreSQL connection string, for connections outside the pool (the change listener). */
  databaseUrl: string | undefined
  /** Reads the pool's counts (PostgreSQL); null on SQLite. */
  poolUse: (() => DatabasePoolUse) | null
}

export function dialectNameOf(databaseUrl: string | undefined): DatabaseDialectName {
  return databaseUrl !== undefined && /^postgres(ql)?:\/\//i.test(databaseUrl) ? 'postgres' : 'sqlite'
}

/** PostgreSQL's int8 (count(*), sums) as a number, as SQLite answers it; counts never approach 2^53. */
const INT8_OID = 20
function parseInt8(text: string): number {
  const value = Number(text)
  if (!Number.isSafeInteger(value)) throw new RangeError('int8 value beyond the safe integer range')
  return value
}

async function postgresDialect(
  connectionString: string,
  logger: CoreLogger | undefined,
): Promise<{ dialect: Dialect; poolUse: () => DatabasePoolUse }> {
  // Loaded only when asked for, so SQLite deployments never load the PostgreSQL driver.
  const { default: pg } = await import('pg')
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary'
        ? parseInt8
        : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
  }
  const pool = new pg.Pool({
    connectionString,
    max: POSTGRES_POOL_SIZE,
    application_name: POSTGRES_APPLICATION_NAME,
    types,
  })
  // An idle pooled connection that the server closes (restart, failover) is dropped from the pool
  // and replaced on demand; unhandled, the event would end the process.
  pool.on('error', (error) => {
    logger?.log('warn', 'database.idle_connection_lost', {
      code: 'code' in error ? String(error.code) : null,
    })
  })
  return {
    dialect: new PostgresDialect({ pool }),
    poolUse: () => ({
      max: POSTGRES_POOL_SIZE,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
  }
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE: a transaction that reads and then writes holds
 * the write lock from its first read, so another connection's commit in between cannot turn its
 * write into SQLITE_BUSY_SNAPSHOT (deferred transactions cannot wait for that, only fail).
 * SQLite itself rolls a transaction back on some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM);
 * rolling back again would fail and hide the error that matters, so it is skipped then.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #database: SqliteDatabase.Database

  constructor(config: SqliteDialectConfig, database: SqliteDatabase.Database) {
    super(config)
    this.#database = database
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.#database.inTransaction) await super.rollbackTransaction(connection)
  }
}

/**
 * SQLite's DDL is transactional, though Kysely's adapter says otherwise: told so, the migrator runs
 * the pending migrations in one transaction, and a migration failing half-way (a full disk) rolls
 * back whole instead of leaving columns without their migration record, which no start could
 * migrate past ("duplicate column name").
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase.Database

  constructor(database: SqliteDatabase.Database) {
    super({ database })
    this.#database = database
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database }, this.#database)
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter()
  }
}

function sqliteDialect(options: DatabaseOptions): Dialect {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const path = join(options.dataDir, DATABASE_FILE)
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
  // Every commit durable, as PostgreSQL's are by default: in WAL mode NORMAL may lose the
  // transactions since the last checkpoint on a power loss (a confirmed reset or disable of a leaked
  // token undone). Writes off the request path (last-used, usage) come in batches, so the cost is small.
  database.pragma('synchronous = FULL')
  options.onSqliteConnection?.(database)
  return new ImmediateSqliteDialect(database)
}

export async function openDatabase(options: DatabaseOptions): Promise<OpenedDatabase> {
  const name = dialectNameOf(options.databaseUrl)
  const opened =
    name === 'postgres'
      ? await postgresDialect(options.databaseUrl as string, options.logger)
      : { dialect: sqliteDialect(options), poolUse: null }
  return {
    db: new Kysely<DatabaseSchema>({ dialect: opened.dialect }),
    dialect: name,
    databaseUrl: name === 'postgres' ? options.databaseUrl : undefined,
    poolUse: opened.poolUse,
  }
}
