import type { ErrorCode } from '../../errors/error-codes.js'

/** The storage failures a caller can act on, named by their error code. */
export type StorageFailure = Extract<ErrorCode, 'Busy' | 'StorageFull'>

/**
 * What a raw storage error means for the caller, or undefined when it is unexpected. The one
 * reading of SQLite (better-sqlite3) and PostgreSQL codes: the core's transactions, the restore
 * tool and the API's error mapping all ask here.
 */
export function storageFailureOf(error: unknown): StorageFailure | undefined {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  // "Locked, try again": SQLite busy or locked; PostgreSQL lock not available, serialization
  // failure, deadlock detected.
  if (
    code === 'SQLITE_BUSY' ||
    code.startsWith('SQLITE_BUSY_') ||
    code === 'SQLITE_LOCKED' ||
    code === '55P03' ||
    code === '40001' ||
    code === '40P01'
  ) {
    return 'Busy'
  }
  // "Unavailable, try again": no connection could be made (refused, PostgreSQL starting, its
  // connections used up), so no statement ran and nothing changed; answered 503 with Retry-After,
  // not 500. A connection lost mid-transaction is not among them: its COMMIT may have applied, and a
  // caller told "busy" would send it again (a second token); it stays an unexpected, logged error.
  if (UNREACHABLE_CODES.has(code)) return 'Busy'
  // Disk full.
  if (code === 'SQLITE_FULL' || code === '53100') return 'StorageFull'
  return undefined
}

/**
 * Failures to open a connection: refused by the network, PostgreSQL still starting (57P03), out of
 * connections (53300), unable to establish or rejected (08001, 08004).
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P03',
  '53300',
  '08001',
  '08004',
])
