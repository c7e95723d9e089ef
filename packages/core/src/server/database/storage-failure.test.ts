import { describe, expect, it } from 'vitest'
import { storageFailureOf } from './storage-failure.js'

const storageError = (code: string) => Object.assign(new Error('storage'), { code })

describe('storageFailureOf', () => {
  it.each([
    { code: 'SQLITE_BUSY', failure: 'Busy' },
    { code: 'SQLITE_BUSY_SNAPSHOT', failure: 'Busy' },
    { code: 'SQLITE_LOCKED', failure: 'Busy' },
    { code: '55P03', failure: 'Busy' },
    { code: '40001', failure: 'Busy' },
    { code: '40P01', failure: 'Busy' },
    { code: 'SQLITE_FULL', failure: 'StorageFull' },
    { code: '53100', failure: 'StorageFull' },
  ])('reads $code as $failure', ({ code, failure }) => {
    expect(storageFailureOf(storageError(code))).toBe(failure)
  })

  it.each([
    { what: 'PostgreSQL starting up', error: storageError('57P03') },
    { what: 'no connection left', error: storageError('53300') },
    { what: 'a connection that cannot be established', error: storageError('08001') },
    { what: 'a refused connection', error: storageError('ECONNREFUSED') },
  ])('reads $what (no statement ran) as Busy (503, try again), not an internal error', ({ error }) => {
    expect(storageFailureOf(error)).toBe('Busy')
  })

  it.each([
    { what: 'a connection lost mid-query', error: new Error('Connection terminated unexpectedly') },
    { what: 'a connection reset', error: storageError('ECONNRESET') },
    { what: 'a connection failure mid-transaction (08006)', error: storageError('08006') },
    { what: 'PostgreSQL shut down under the transaction', error: storageError('57P01') },
  ])('leaves $what unexpected: its COMMIT may have applied, and "try again" would repeat it', ({ error }) => {
    expect(storageFailureOf(error)).toBeUndefined()
  })

  it.each([
    { case: 'a unique violation', error: storageError('SQLITE_CONSTRAINT_UNIQUE') },
    { case: 'a syntax error', error: storageError('42601') },
    { case: 'an error without a code', error: new Error('boom') },
    { case: 'a thrown string', error: 'boom' },
    { case: 'null', error: null },
  ])('leaves $case unexpected', ({ error }) => {
    expect(storageFailureOf(error)).toBeUndefined()
  })
})
