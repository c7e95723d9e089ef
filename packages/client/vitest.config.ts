import { defineConfig } from 'vitest/config'

/** SQLite only: the client speaks HTTP, the database behind the server does not change what it sends. */
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: { testTimeout: 60_000, hookTimeout: 60_000 },
})
