import type { TokenState } from './token-schemas.js'
import { searchableName } from './searchable-name.js'
import { daysBefore } from '../time/durations.js'

// No schema here: the SPA keeps its token list true to the filters without loading zod.
export const CREATED_RANGES = ['last7', 'last30', 'older30'] as const
export type CreatedRange = (typeof CREATED_RANGES)[number]

/**
 * The created-at window of a range, relative to `now`. A token created exactly 7 (or 30) days
 * ago still counts as "last 7 (30) days"; "more than 30 days" starts strictly before that.
 */
export function createdBounds(range: CreatedRange, now: Date): { from?: Date; before?: Date } {
  switch (range) {
    case 'last7':
      return { from: daysBefore(now, 7) }
    case 'last30':
      return { from: daysBefore(now, 30) }
    case 'older30':
      return { before: daysBefore(now, 30) }
  }
}

/** The filters of a token list that a token either meets or not (paging aside). */
export interface TokenFilterRule {
  name?: string | undefined
  created?: CreatedRange | undefined
  state?: TokenState | undefined
}

export interface FilterableToken {
  name: string
  state: TokenState
  createdAt: string | Date
}

/** The filter rule as a predicate; the database query implements exactly the same bounds. */
export function matchesTokenFilter(token: FilterableToken, filter: TokenFilterRule, now: Date): boolean {
  if (filter.state && token.state !== filter.state) return false
  if (filter.name && !searchableName(token.name).includes(searchableName(filter.name))) return false
  if (filter.created) {
    const created = new Date(token.createdAt).getTime()
    const { from, before } = createdBounds(filter.created, now)
    if (from && created < from.getTime()) return false
    if (before && created >= before.getTime()) return false
  }
  return true
}
