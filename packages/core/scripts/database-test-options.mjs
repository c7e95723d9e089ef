import { availableParallelism } from 'node:os'

/**
 * Vitest options of every package whose tests run on SQLite and PostgreSQL. Much of the time is
 * spent waiting on PostgreSQL and child processes, so at least two workers even on two cores
 * (vitest's default would be one); at most eight keeps connections modest.
 */
export const databaseTestOptions = {
  maxWorkers: Math.min(8, Math.max(2, availableParallelism())),
  testTimeout: 20_000,
  hookTimeout: 30_000,
}
