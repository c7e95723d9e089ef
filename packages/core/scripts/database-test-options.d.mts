/** Vitest options of every package whose tests run on SQLite and PostgreSQL (workers, timeouts). */
export const databaseTestOptions: { maxWorkers: number; testTimeout: number; hookTimeout: number }
