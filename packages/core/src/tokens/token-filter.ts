import { z } from 'zod'
import { CREATED_RANGES, type CreatedRange as CreatedRangeName } from './token-filter-rule.js'
import { TokenState } from './token-schemas.js'

export {
  CREATED_RANGES,
  createdBounds,
  matchesTokenFilter,
  type FilterableToken,
  type TokenFilterRule,
} from './token-filter-rule.js'
export const CreatedRange = z.enum(CREATED_RANGES)
export type CreatedRange = CreatedRangeName

export const LIST_LIMIT_DEFAULT = 50
export const LIST_LIMIT_MAX = 200

/** GET /api/tokens query. Empty strings (a cleared filter in a URL) mean "no filter". */
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value)

export const TokenFilter = z.strictObject({
  name: z.preprocess(emptyAsUndefined, z.string().trim().max(100).optional()),
  created: z.preprocess(emptyAsUndefined, CreatedRange.optional()),
  state: z.preprocess(emptyAsUndefined, TokenState.optional()),
  cursor: z.preprocess(emptyAsUndefined, z.string().max(200).optional()),
  limit: z.preprocess(
    emptyAsUndefined,
    z.coerce.number().int().min(1).max(LIST_LIMIT_MAX).default(LIST_LIMIT_DEFAULT),
  ),
})
export type TokenFilterInput = z.input<typeof TokenFilter>
export type TokenFilter = z.output<typeof TokenFilter>
