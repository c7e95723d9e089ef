import { databaseTestOptions } from '@tokens/core/database-test-options'
import { defineConfig } from 'vitest/config'

/** Tests that never open a core: they run once, in the SQLite leg. */
const DATABASE_FREE = [
  'src/bench/cpu-parts.test.ts',
  'src/config/server-config.test.ts',
  'src/config/start-refusals.test.ts',
  'src/config/start-failure.test.ts',
  'src/http/client-address.test.ts',
  'src/http/problem-details.test.ts',
  'src/http/request-header.test.ts',
  'src/platform/platform-route.test.ts',
  'src/platform/versioned-shapes.test.ts',
  'src/secret-scanning/scanner-public-keys.test.ts',
  'src/throttle/fixed-window-counters.test.ts',
  'src/throttle/refuse-attempt.test.ts',
  'src/test-support/server-process.test.ts',
]

/**
 * Two legs, as in packages/core: every test on SQLite, and every test that opens a core again on
 * PostgreSQL (DATABASE_URL when given, otherwise a throwaway cluster; without either the postgres
 * leg says why and skips, the SQLite leg still runs). openApiFixture opens its core on the
 * project's dialect through @tokens/core/testing.
 */
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    ...databaseTestOptions,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['src/**/*.test.ts'],
          // Several processes on one database is the PostgreSQL deployment; one SQLite file serves one instance.
          exclude: ['src/multi-instance.test.ts', 'src/limits-across-instances.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['src/**/*.test.ts'],
          exclude: [
            ...DATABASE_FREE,
            // Process start, logging and graceful stop do not depend on the dialect (SQLite in a
            // temporary DATA_DIR is enough); the multi-instance test starts servers on PostgreSQL.
            'src/server.test.ts',
            'src/graceful-shutdown.test.ts',
            // SQLite's backup API; PostgreSQL deployments use pg_dump.
            'src/backup/backup-under-load.test.ts',
            // Builds the document on a throwaway SQLite core whatever the leg.
            'src/docs/openapi-lint.test.ts',
            'src/docs/reference-examples.test.ts',
            // The routes the app declares do not depend on the dialect; one leg writes and compares the snapshots.
            'src/docs/route-table.test.ts',
          ],
          globalSetup: ['@tokens/core/testing/postgres-global-setup'],
          setupFiles: ['@tokens/core/testing/postgres-test-setup'],
        },
      },
    ],
  },
})
