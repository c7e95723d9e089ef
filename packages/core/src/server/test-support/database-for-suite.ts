import { afterAll, beforeAll } from 'vitest'
import type { Db } from '../database/schema.js'
import { openTestCore, type TestCore } from './open-test-core.js'

/**
 * A test core's database for one describe block, opened before its tests and removed after them
 * all: what a test that only reads (a query plan) needs, without a core per test.
 * @example const database = databaseForSuite() // then database() inside a test
 */
export function databaseForSuite(): () => Db {
  let test: TestCore | undefined
  let db: Db | undefined
  beforeAll(async () => {
    test = await openTestCore()
    db = await test.database()
  })
  afterAll(async () => {
    await test?.close()
  })
  return () => {
    if (db === undefined)
      throw new Error('the database is read before the describe block’s beforeAll opened it')
    return db
  }
}
