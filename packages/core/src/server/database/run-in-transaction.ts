import { TokenConsoleError } from '../../errors/error-codes.js'
import type { Db, Executor } from './schema.js'
import { storageFailureOf } from './storage-failure.js'

/** Storage failures a caller can act on, as error codes; everything else stays an internal error. */
export function translateStorageError(error: unknown): unknown {
  if (error instanceof TokenConsoleError) return error
  const failure = storageFailureOf(error)
  return failure ? new TokenConsoleError(failure) : error
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
