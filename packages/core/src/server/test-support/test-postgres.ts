import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inject } from 'vitest'

/** What the postgres project's global setup hands to its tests. */
export type TestPostgres = { serverUrl: string; template: string } | { skipped: string }

declare module 'vitest' {
  export interface ProvidedContext {
    tokensPostgres: TestPostgres
  }
}

export type TestDialect = 'sqlite' | 'postgres'

function provided(): TestPostgres | undefined {
  // Projects without the PostgreSQL global setup (the SQLite leg, other packages) provide nothing.
  return inject('tokensPostgres') as TestPostgres | undefined
}

/** The dialect this test run exercises: the postgres project's tests run every core on PostgreSQL. */
export function testDialect(): TestDialect {
  return provided() === undefined ? 'sqlite' : 'postgres'
}

export function databaseUrlOf(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${encodeURIComponent(database)}`
  return url.toString()
}

export async function withAdminClient<T>(
  serverUrl: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'token-console-tests' })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

/**
 * A fresh database for one test, cloned from the migrated template (a file copy on the server,
 * much faster than running the migrations), dropped again afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const postgres = provided()
  if (postgres === undefined || 'skipped' in postgres) {
    throw new Error('createTestDatabase needs the postgres project global setup with a running server')
  }
  const name = `tokens_test_${randomBytes(6).toString('hex')}`
  await withAdminClient(postgres.serverUrl, (client) =>
    client.query(`create database "${name}" template "${postgres.template}"`),
  )
  return {
    url: databaseUrlOf(postgres.serverUrl, name),
    drop: () =>
      withAdminClient(postgres.serverUrl, (client) =>
        client.query(`drop database if exists "${name}" with (force)`),
      ).then(() => undefined),
  }
}
