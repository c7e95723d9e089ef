import type SqliteDatabase from 'better-sqlite3'
import { storageFailureOf } from './storage-failure.js'

/**
 * Leaves WAL mode unless another process has the database open, and says whether it could: in
 * WAL mode every connection holds a shared lock on the shared-memory file while it is open, and
 * leaving WAL mode needs the only connection. So a switch to DELETE mode that fails at once with
 * SQLITE_BUSY means a server (or another tool) holds it. It never mistakes a crashed server for a
 * running one (its locks died with it), unlike a pid file. On success the database is
 * checkpointed, in DELETE mode (a server sets WAL mode again when it opens it).
 */
export function leaveWalUnlessInUse(database: SqliteDatabase.Database): boolean {
  const timeout = database.pragma('busy_timeout', { simple: true }) as number
  database.pragma('busy_timeout = 0')
  try {
    database.pragma('journal_mode = DELETE')
    return true
  } catch (error) {
    if (storageFailureOf(error) === 'Busy') return false
    throw error
  } finally {
    database.pragma(`busy_timeout = ${Math.trunc(timeout)}`)
  }
}

/**
 * Takes the database for this connection alone until it closes, or says that another process has
 * it open (see leaveWalUnlessInUse). In exclusive locking mode the exclusive lock of a write is
 * kept after its commit, so a server starting meanwhile finds the database locked and fails to
 * start instead of serving (and sealing) with a key that is being rotated away.
 */
export function holdSqliteExclusively(database: SqliteDatabase.Database): boolean {
  if (!leaveWalUnlessInUse(database)) return false
  database.pragma('locking_mode = EXCLUSIVE')
  database.exec('begin exclusive; commit')
  return true
}
