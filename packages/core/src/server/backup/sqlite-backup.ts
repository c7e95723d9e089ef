import { chmodSync, closeSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { isKeyId, SEALED_KEY_ID_SQL } from '../crypto/seal-secret.js'
import { publishWithoutOverwrite, scratchNameBeside, syncFile, syncFolder } from '../files/durable-file.js'
import { DATABASE_FILE } from '../database/open-database.js'
import { MIGRATIONS } from '../database/migrations.js'
import { MIGRATION_TABLE } from '../database/run-migrations.js'
import { leaveWalUnlessInUse } from '../database/sqlite-exclusive-use.js'

/**
 * Every page in one step: SQLite starts a copy over whenever another connection writes between
 * two steps, and a serving database is written every second or so (last-used times, usage), so a
 * copy spanning steps of a large file never finished. One step reads one snapshot, which in WAL
 * mode blocks no writer.
 */
const ALL_PAGES = 0x7fffffff
const BUSY_TIMEOUT_MS = 5_000

export class BackupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupError'
  }
}

export interface BackupResult {
  file: string
  tokens: number
}

export interface RestoreResult extends BackupResult {
  /** Ids of the master keys the restored credentials are sealed under (not the keys). */
  keyIds: string[]
}

export interface RestoreOptions {
  /** Id of the master key the server here starts with; undefined when none is configured yet. */
  currentKeyId: string | undefined
  /** Restore a backup sealed under another key (or with no key configured) all the same. */
  allowOtherKey?: boolean
}

/**
 * Creates an empty file readable by its owner only, refusing one that exists: a database copy
 * holds password hashes, digests, sealed secrets and session digests, so it must not be readable
 * by others from its first byte, whatever the umask. SQLite's backup API writes into it (an empty
 * file is an empty database).
 */
function createOwnerOnlyFile(file: string): void {
  closeSync(openSync(file, 'wx', 0o600))
  // The mode given to open is narrowed by the umask, never widened; chmod states it whatever the umask.
  chmodSync(file, 0o600)
}

/** The key ids of the sealed values in a database copy: tokens, and webhooks where the table exists. */
function sealedKeyIdsOf(file: string): string[] {
  const db = new SqliteDatabase(file, { fileMustExist: true, readonly: true })
  try {
    const tables = (
      db
        .prepare(`select name from sqlite_master where type = 'table' and name in ('tokens', 'webhooks')`)
        .all() as {
        name: string
      }[]
    ).map((row) => row.name)
    const ids = new Set<string>()
    for (const table of tables) {
      const rows = db.prepare(`select distinct ${SEALED_KEY_ID_SQL} as keyId from ${table}`).all() as {
        keyId: string
      }[]
      for (const row of rows) if (isKeyId(row.keyId)) ids.add(row.keyId)
    }
    return [...ids].sort()
  } finally {
    db.close()
  }
}

/**
 * A backup sealed under another master key restores into a server on which no credential
 * verifies or opens (and which refuses to start, see open-core). Refused unless asked for, naming
 * the key id the backup needs.
 */
function refuseOtherKey(file: string, keyIds: string[], options: RestoreOptions): void {
  if (options.allowOtherKey || keyIds.length === 0) return
  const needed = keyIds.join(', ')
  if (options.currentKeyId === undefined) {
    throw new BackupError(
      `the credentials in ${file} are sealed under master key id ${needed}, and no master key is set here (TOKENS_MASTER_KEY unset, no DATA_DIR/master.key): put that key in place first, or pass --allow-other-key to restore anyway`,
    )
  }
  const others = keyIds.filter((keyId) => keyId !== options.currentKeyId)
  if (others.length > 0) {
    throw new BackupError(
      `the credentials in ${file} are sealed under master key id ${needed}, not under the current key (id ${options.currentKeyId}): restore with the key of id ${others.join(', ')} in place, or pass --allow-other-key to restore anyway`,
    )
  }
}

/** A database file that is whole and is Token Console's: integrity ok, migrations table present. */
function checkCopy(file: string): number {
  const db = new SqliteDatabase(file, { fileMustExist: true })
  try {
    const integrity = db.pragma('integrity_check', { simple: true })
    if (integrity !== 'ok') throw new BackupError(`${file} fails SQLite's integrity check`)
    const migrations = db
      .prepare(`select count(*) as n from sqlite_master where type = 'table' and name = ?`)
      .get(MIGRATION_TABLE) as { n: number }
    if (migrations.n !== 1) throw new BackupError(`${file} is not a Token Console database`)
    // One self-contained file: a copy in WAL mode would need its -wal file to be read alike.
    db.pragma('journal_mode = DELETE')
    return (db.prepare('select count(*) as n from tokens').get() as { n: number }).n
  } finally {
    db.close()
  }
}

/**
 * Refuses a backup taken by a newer release (migrations this one does not know): restored, it
 * would replace the database with one this server cannot open, and the old one would be gone.
 */
function refuseNewerRelease(file: string, staged: string): void {
  const db = new SqliteDatabase(staged, { fileMustExist: true, readonly: true })
  try {
    const known = new Set(MIGRATIONS.map(([name]) => name))
    const applied = db.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as {
      name: string
    }[]
    const unknown = applied.map((row) => row.name).filter((name) => !known.has(name))
    if (unknown.length > 0) {
      throw new BackupError(
        `${file} was taken by a newer release of Token Console (migrations this one does not know: ${unknown.join(', ')}): restore it with that release or a later one`,
      )
    }
  } finally {
    db.close()
  }
}

export interface BackupOptions {
  /** Called with the finished, checked copy before it gets its final name (tests). */
  beforeLink?: (partial: string) => void
}

/**
 * An online, consistent copy of `<dataDir>/tokens.db` into `file`, while a server may be serving
 * and writing it: SQLite's backup API copies a snapshot, starting over when another connection
 * writes in between, so the copy is what one transaction would have seen. Refuses to overwrite.
 *
 * The copy is written to `<file>.partial-<random>`, checked and fsynced, and only then given the
 * name `file` without overwriting (publishWithoutOverwrite: the no-overwrite rule holds even
 * against a file created meanwhile): `file` is whole or absent, and an interrupted backup (Ctrl-C, a crash)
 * leaves only the partial file, which never blocks the next run and may be deleted.
 */
export async function backupSqliteDatabase(
  dataDir: string,
  file: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const source = join(dataDir, DATABASE_FILE)
  if (!existsSync(source)) throw new BackupError(`no database at ${source} (is DATA_DIR right?)`)
  const exists = () => new BackupError(`${file} exists; choose a new file name`)
  if (existsSync(file)) throw exists()
  const partial = scratchNameBeside(file, 'partial')
  createOwnerOnlyFile(partial)
  try {
    const db = new SqliteDatabase(source, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
    try {
      await db.backup(partial, { progress: () => ALL_PAGES })
    } finally {
      db.close()
    }
    const tokens = checkCopy(partial)
    syncFile(partial)
    options.beforeLink?.(partial)
    try {
      publishWithoutOverwrite(partial, file)
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'EEXIST') throw exists()
      throw error
    }
    removeCopy(partial)
    return { file, tokens }
  } catch (error) {
    removeCopy(partial)
    throw error
  }
}

/** A database copy and the journal SQLite may have left beside it. */
function removeCopy(file: string): void {
  for (const path of [file, `${file}-journal`]) rmSync(path, { force: true })
}

/** Refuses while a process has the database open (see leaveWalUnlessInUse). */
function refuseWhileInUse(target: string): void {
  const db = new SqliteDatabase(target, { fileMustExist: true, timeout: 0 })
  try {
    if (!leaveWalUnlessInUse(db)) {
      throw new BackupError(
        `${target} is open in another process (a running server?); stop it before restoring`,
      )
    }
  } finally {
    db.close()
  }
}

/**
 * Replaces `<dataDir>/tokens.db` with the backup `file`, refusing while a process has the
 * database open (see refuseWhileInUse). The backup is checked first and copied next to the
 * target, then renamed over it, so a failure midway leaves the current database as it was.
 */
export async function restoreSqliteDatabase(
  dataDir: string,
  file: string,
  options: RestoreOptions,
): Promise<RestoreResult> {
  if (!existsSync(file)) throw new BackupError(`no backup at ${file}`)
  // SQLite would answer a folder with "disk I/O error".
  if (!statSync(file).isFile())
    throw new BackupError(`${file} is not a file (a folder?): give the backup file itself`)
  const target = join(dataDir, DATABASE_FILE)
  const staged = `${target}.restoring`
  rmSync(staged, { force: true })
  try {
    // Owner-only before the first byte, and so the restored database after the rename.
    createOwnerOnlyFile(staged)
    // A copy through the backup API (not a file copy): a backup still in WAL mode comes whole.
    const source = new SqliteDatabase(file, { fileMustExist: true, readonly: true })
    try {
      await source.backup(staged)
    } finally {
      source.close()
    }
    const tokens = checkCopy(staged)
    refuseNewerRelease(file, staged)
    const keyIds = sealedKeyIdsOf(staged)
    refuseOtherKey(file, keyIds, options)
    if (existsSync(target)) refuseWhileInUse(target)
    for (const leftover of [`${target}-wal`, `${target}-shm`]) rmSync(leftover, { force: true })
    // Durable before and after it takes the database's name: a crash leaves the old or the new.
    syncFile(staged)
    renameSync(staged, target)
    syncFolder(dataDir)
    return { file: target, tokens, keyIds }
  } catch (error) {
    rmSync(staged, { force: true })
    throw error
  }
}
