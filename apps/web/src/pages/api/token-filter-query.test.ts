import { describe, expect, it } from 'vitest'
import { filterFromQuery, isFiltered, NO_FILTER, queryWithFilter } from './token-filter-query'

describe('filters in the URL', () => {
  it('ignores values the core does not know, instead of failing the page', () => {
    expect(filterFromQuery({ name: 'report', created: 'yesterday', state: 'paused' })).toEqual({
      name: 'report',
      created: undefined,
      state: undefined,
    })
  })

  it('writes only the filters in use and keeps unrelated parameters', () => {
    expect(
      queryWithFilter({ tab: 'x', name: 'old' }, { name: '', created: 'last7', state: undefined }),
    ).toEqual({
      tab: 'x',
      created: 'last7',
    })
  })

  it('counts a name of spaces as no filter', () => {
    expect(isFiltered({ ...NO_FILTER, name: '   ' })).toBe(false)
    expect(isFiltered({ ...NO_FILTER, state: 'disabled' })).toBe(true)
  })
})
