import { defineConfig } from 'vitest/config'
import { databaseTestOptions } from './scripts/database-test-options.mjs'

/**
 * Two legs: every test on SQLite, and every test that opens a core again on PostgreSQL (a
 * throwaway cluster, or DATABASE_URL). Pure tests of isomorphic code and of server helpers that
 * never touch a database run once.
 */
export default defineConfig({
  test: {
    ...databaseTestOptions,
    projects: [
      {
        extends: true,
        test: { name: 'sqlite', include: ['src/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['src/server/**/*.test.ts'],
          exclude: [
            'src/server/crypto/keyring.test.ts',
            'src/server/limits/shared-limits.test.ts',
            'src/server/crypto/password-hash.test.ts',
            'src/server/crypto/random-secrets.test.ts',
            'src/server/crypto/seal-secret.test.ts',
            'src/server/crypto/secret-digest.test.ts',
            'src/server/verification/parse-basic-authorization.test.ts',
            'src/server/verification/verification-cache.test.ts',
            'src/server/verification/token-change-feed.test.ts',
            'src/server/scanning/scan-for-auth-tokens.test.ts',
            'src/server/cli/cli-paths.test.ts',
            'src/server/notifications/private-address-guard.test.ts',
            // SQLite's backup API; PostgreSQL deployments use pg_dump.
            'src/server/backup/sqlite-backup.test.ts',
            // Starts a cluster of its own whatever the leg.
            'src/server/test-support/throwaway-postgres.test.ts',
          ],
          globalSetup: ['src/server/test-support/postgres-global-setup.ts'],
          setupFiles: ['src/server/test-support/postgres-test-setup.ts'],
        },
      },
    ],
  },
})
