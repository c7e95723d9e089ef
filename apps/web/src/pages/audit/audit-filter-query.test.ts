import { describe, expect, it } from 'vitest'
import { auditCsvHref } from '../../api/admin-api'
import {
  auditFilterFromQuery,
  auditRequestOf,
  isAuditFiltered,
  isRangeReversed,
  NO_AUDIT_FILTER,
  queryWithAuditFilter,
} from './audit-filter-query'

describe('audit trail filters in the URL', () => {
  it('reads known values and ignores what the API would refuse', () => {
    expect(
      auditFilterFromQuery({
        tokenId: 'tok_abc',
        actor: 'usr_x1',
        action: 'token.disable',
        from: '2026-03-01',
        to: '2026-03-31',
      }),
    ).toEqual({
      tokenId: 'tok_abc',
      actor: 'usr_x1',
      action: 'token.disable',
      from: '2026-03-01',
      to: '2026-03-31',
    })
    expect(
      auditFilterFromQuery({
        tokenId: 'a/b',
        actor: 'robert',
        action: 'token.explode',
        from: '2026-02-30',
        to: 'soon',
      }),
    ).toEqual(NO_AUDIT_FILTER)
    expect(auditFilterFromQuery({ actor: 'system', tokenId: ['tok_1', 'tok_2'] })).toMatchObject({
      actor: 'system',
      tokenId: 'tok_1',
    })
  })

  it('writes only the filters set, keeping unrelated parameters', () => {
    const query = queryWithAuditFilter(
      { tab: 'x', action: 'token.reset' },
      { ...NO_AUDIT_FILTER, tokenId: 'tok_1', from: '2026-03-01' },
    )
    expect(query).toEqual({ tab: 'x', tokenId: 'tok_1', from: '2026-03-01' })
    expect(isAuditFiltered(NO_AUDIT_FILTER)).toBe(false)
    expect(isAuditFiltered({ ...NO_AUDIT_FILTER, to: '2026-03-01' })).toBe(true)
  })

  it('asks the API for whole local days: from the first day’s start to the start of the day after the last', () => {
    const request = auditRequestOf({ ...NO_AUDIT_FILTER, from: '2026-03-01', to: '2026-03-03' })
    expect(request.from).toBe(new Date(2026, 2, 1).toISOString())
    expect(request.to).toBe(new Date(2026, 2, 4).toISOString())
    expect(isRangeReversed({ from: '2026-03-03', to: '2026-03-01' })).toBe(true)
    expect(isRangeReversed({ from: '2026-03-03', to: '2026-03-03' })).toBe(false)
  })

  it('links the CSV of the filtered set, without paging parameters', () => {
    expect(
      auditCsvHref({ tokenId: 'tok_1', action: 'token.disable', actor: undefined, cursor: 'c', limit: 5 }),
    ).toBe('/api/audit-events?format=csv&tokenId=tok_1&action=token.disable')
  })
})
