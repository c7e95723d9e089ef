import { describe, expect, it } from 'vitest'
import { queryWithSection, sectionFromQuery } from './page-sections'

const SECTIONS = ['overview', 'credentials', 'scopes'] as const

describe('page sections in the address', () => {
  it.each([
    { query: {}, section: 'overview' },
    { query: { tab: 'credentials' }, section: 'credentials' },
    { query: { tab: 'scopes' }, section: 'scopes' },
    { query: { tab: 'billing' }, section: 'overview' },
    { query: { tab: ['scopes', 'credentials'] }, section: 'overview' },
  ])('reads $query as the $section section', ({ query, section }) => {
    expect(sectionFromQuery(query, SECTIONS)).toBe(section)
  })

  it('links the first section without the parameter and keeps every other parameter', () => {
    expect(queryWithSection({ tab: 'scopes', from: 'list' }, 'overview', SECTIONS)).toEqual({ from: 'list' })
    expect(queryWithSection({ from: 'list' }, 'credentials', SECTIONS)).toEqual({
      from: 'list',
      tab: 'credentials',
    })
  })

  it('answers the existing ?tab= links of the legacy page, which has two sections', () => {
    const legacySections = ['overview', 'credentials'] as const
    expect(sectionFromQuery({ tab: 'credentials' }, legacySections)).toBe('credentials')
    expect(sectionFromQuery({ tab: 'scopes' }, legacySections)).toBe('overview')
  })
})
