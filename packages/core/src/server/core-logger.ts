export type CoreLogLevel = 'info' | 'warn' | 'error'

/** Facts only (ids, key ids, codes, counts, durations): never an auth token, session id, password or key. */
export type CoreLogFields = Readonly<Record<string, string | number | boolean | null>>

/**
 * Where the core reports what an operator should know about (a sealed credential that no longer
 * opens, the cache's change feed losing its connection). The API adapts it to its own logger.
 */
export interface CoreLogger {
  log(level: CoreLogLevel, event: string, fields: CoreLogFields): void
}

/** What a log line may say of a failure: its class and code, never its message (it may quote data). */
export function failureFactsOf(error: unknown): { error: string; code: string | null } {
  return {
    error: error instanceof Error ? error.name : 'unknown',
    code: typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null,
  }
}
