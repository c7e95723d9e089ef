/**
 * The code of a system or driver error (`ECONNREFUSED`, `ENOENT`, `28P01`), also where it sits
 * under what wrapped it: fetch's TypeError('fetch failed', { cause }), the migrator's "Database
 * migration … failed", or pg's AggregateError for a host with several addresses (the first).
 */
export function systemErrorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  if ('code' in error && typeof error.code === 'string') return error.code
  if (error instanceof AggregateError) return systemErrorCodeOf(error.errors[0])
  if (error instanceof Error && error.cause !== undefined) return systemErrorCodeOf(error.cause)
  return undefined
}
