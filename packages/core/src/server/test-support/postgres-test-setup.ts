import { beforeAll, beforeEach, inject, TestRunner, type RunnerTask } from 'vitest'

/** Removes every hook of the suites below, so none of them opens what there is no server for. */
function withoutSuiteHooks(tasks: readonly RunnerTask[]): void {
  for (const task of tasks) {
    if (task.type !== 'suite') continue
    const hooks = TestRunner.getSuiteHooks(task)
    for (const list of Object.values(hooks)) list.length = 0
    withoutSuiteHooks(task.tasks)
  }
}

// Without a PostgreSQL server the postgres leg skips every test, saying why; the SQLite leg still runs.
const postgres = inject('tokensPostgres')
if (postgres !== undefined && 'skipped' in postgres) {
  const reason = postgres.skipped
  // Suites that open their database in beforeAll (the API's fixtures) would fail before any test
  // could skip: this file-level hook runs first and takes their hooks away.
  // eslint-disable-next-line no-empty-pattern -- vitest insists on a pattern for the (unused) fixtures
  beforeAll(({}, file) => withoutSuiteHooks(file.tasks))
  beforeEach((context) => context.skip(reason))
}
