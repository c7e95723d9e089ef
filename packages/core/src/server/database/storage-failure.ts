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
  // "Unavailable, try again": the database is out of reach for a while (a restart, a failover, its
  // connections used up), not a fault of this request; answered 503 with Retry-After, not 500.
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08') || isConnectionTerminated(error)) return 'Busy'
  // Disk full.
  if (code === 'SQLITE_FULL' || code === '53100') return 'StorageFull'
  return undefined
}

/**
 * PostgreSQL shutting down (57P01, 57P02), starting or recovering (57P03), out of connections
 * (53300), a standby refusing writes after a failover left the URL on it (25006); the network
 * refusing or dropping the connection. Class 08 (connection exceptions) is read whole.
 */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '25006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
])

/** node-postgres ends a connection lost mid-query with this error, which carries no code. */
function isConnectionTerminated(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('Connection terminated')
}
