import type { z } from 'zod'
import { TokenConsoleError } from '../../errors/error-codes.js'

/**
 * Parses a service input with its shared schema. The API parses at the edge already; parsing again
 * here keeps the rules true for every caller (seed, scripts, tests), and the first issue found is
 * reported as ValidationFailed with the field and the schema's reason (never the value).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  throw validationFailedOf(result.error)
}

/**
 * The ValidationFailed of a failed parse: its first issue's field (under `at`, the path of the
 * parsed value inside the input) and reason, never the value.
 */
export function validationFailedOf(error: z.ZodError, at: readonly PropertyKey[] = []): TokenConsoleError {
  const issue = error.issues[0]
  return new TokenConsoleError('ValidationFailed', {
    field: issue ? [...at, ...issue.path].map(String).join('.') : at.map(String).join('.'),
    reason: issue?.message ?? 'invalid',
  })
}
