import { beforeEach, inject } from 'vitest'

// Without a PostgreSQL server the postgres leg skips every test, saying why; the SQLite leg still runs.
const postgres = inject('tokensPostgres')
if (postgres !== undefined && 'skipped' in postgres) {
  beforeEach((context) => context.skip(postgres.skipped))
}
