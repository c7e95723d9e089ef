import { TokenConsoleError } from '../../errors/error-codes.js'
import type { Db, Executor } from './schema.js'

/** Storage failures a caller can act on, as error codes; everything else stays an internal error. */
export function translateStorageError(error: unknown): unknown {
  if (error instanceof TokenConsoleError) return error
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  // SQLite (better-sqlite3) and PostgreSQL codes for "locked, try again" (lock not available,
  // serialization failure, deadlock detected) and "disk full".
  if (
    code === 'SQLITE_BUSY' ||
    code.startsWith('SQLITE_BUSY_') ||
    code === 'SQLITE_LOCKED' ||
    code === '55P03' ||
    code === '40001' ||
    code === '40P01'
  ) {
    return new TokenConsoleError('Busy')
  }
  if (code === 'SQLITE_FULL' || code === '53100') return new TokenConsoleError('StorageFull')
  return error
}

/** Every mutation runs as exactly one transaction: all of its rows and its audit event, or nothing. */
export async function runInTransaction<T>(db: Db, work: (trx: Executor) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work)
  } catch (error) {
    throw translateStorageError(error)
  }
}

export async function runQuery<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw translateStorageError(error)
  }
}
