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
  const issue = result.error.issues[0]
  throw new TokenConsoleError('ValidationFailed', {
    field: issue?.path.map(String).join('.') ?? '',
    reason: issue?.message ?? 'invalid',
  })
}
