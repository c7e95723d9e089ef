import { describe, expect, it } from 'vitest'
import { createdBounds, matchesTokenFilter, TokenFilter } from './token-filter.js'

const DAY = 86_400_000
const now = new Date('2026-03-15T12:00:00.000Z')
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString()
const token = (createdAt: string, name = 'Nightly Export', state: 'enabled' | 'disabled' = 'enabled') => ({
  name,
  state,
  createdAt,
})

describe('token filter rule', () => {
  it('includes a token created exactly 7 or 30 days ago in "last 7/30 days" and starts "more than 30 days" just before', () => {
    expect(matchesTokenFilter(token(ago(7 * DAY)), { created: 'last7' }, now)).toBe(true)
    expect(matchesTokenFilter(token(ago(7 * DAY + 1)), { created: 'last7' }, now)).toBe(false)
    expect(matchesTokenFilter(token(ago(30 * DAY)), { created: 'last30' }, now)).toBe(true)
    expect(matchesTokenFilter(token(ago(30 * DAY)), { created: 'older30' }, now)).toBe(false)
    expect(matchesTokenFilter(token(ago(30 * DAY + 1)), { created: 'last30' }, now)).toBe(false)
    expect(matchesTokenFilter(token(ago(30 * DAY + 1)), { created: 'older30' }, now)).toBe(true)
    expect(createdBounds('older30', now)).toEqual({ before: new Date(now.getTime() - 30 * DAY) })
  })

  it('matches any part of the name, case-insensitively and across Unicode forms', () => {
    expect(matchesTokenFilter(token(ago(0)), { name: 'ly exp' }, now)).toBe(true)
    expect(matchesTokenFilter(token(ago(0)), { name: 'NIGHTLY' }, now)).toBe(true)
    expect(matchesTokenFilter(token(ago(0), 'Café'), { name: 'CAFE\u0301' }, now)).toBe(true)
    expect(matchesTokenFilter(token(ago(0), '报表同步'), { name: '报表' }, now)).toBe(true)
    expect(matchesTokenFilter(token(ago(0)), { name: 'daily' }, now)).toBe(false)
  })

  it('filters by state and requires every given filter', () => {
    expect(matchesTokenFilter(token(ago(0), 'a', 'disabled'), { state: 'enabled' }, now)).toBe(false)
    expect(
      matchesTokenFilter(
        token(ago(0), 'a', 'disabled'),
        { state: 'disabled', name: 'a', created: 'last7' },
        now,
      ),
    ).toBe(true)
    expect(
      matchesTokenFilter(token(ago(8 * DAY), 'a', 'disabled'), { state: 'disabled', created: 'last7' }, now),
    ).toBe(false)
  })

  it('reads a cleared filter in the URL as no filter and bounds the page size', () => {
    expect(TokenFilter.parse({ name: '', created: '', state: '', cursor: '', limit: '' })).toEqual({
      limit: 50,
    })
    expect(TokenFilter.parse({ limit: '20' }).limit).toBe(20)
    expect(TokenFilter.safeParse({ limit: '201' }).success).toBe(false)
    expect(TokenFilter.safeParse({ created: 'last90' }).success).toBe(false)
    expect(TokenFilter.safeParse({ extra: '1' }).success).toBe(false)
  })
})
