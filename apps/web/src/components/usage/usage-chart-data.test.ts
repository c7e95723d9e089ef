import type { TokenUsage, UsageBucket } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { hasRequests, outcomesSeen, scopeRowsOf, stackedSeriesOf } from './usage-chart-data'

const counts = (ok: number, clientError = 0, refused = 0, rateLimited = 0, serverError = 0) => ({
  ok,
  clientError,
  refused,
  rateLimited,
  serverError,
})

describe('stackedSeriesOf', () => {
  const series: UsageBucket[] = [
    { start: '2026-11-30T10:00:00.000Z', counts: counts(5, 1, 2, 3) },
    { start: '2026-11-30T11:00:00.000Z', counts: counts(0) },
  ]

  it('stacks each outcome on the ones below it, bucket by bucket, with x in seconds', () => {
    const stacked = stackedSeriesOf(series)
    expect(stacked.x).toEqual([
      Date.parse('2026-11-30T10:00:00.000Z') / 1000,
      Date.parse(series[1]!.start) / 1000,
    ])
    expect(stacked.layers.map((layer) => [layer.outcome, layer.counts[0], layer.tops[0]])).toEqual([
      ['ok', 5, 5],
      ['clientError', 1, 6],
      ['refused', 2, 8],
      ['rateLimited', 3, 11],
      ['serverError', 0, 11],
    ])
    expect(stacked.layers.every((layer) => layer.tops[1] === 0)).toBe(true)
  })

  it('gives no points for an empty series', () => {
    expect(stackedSeriesOf([])).toMatchObject({ x: [], layers: expect.arrayContaining([]) })
    expect(stackedSeriesOf([]).layers.every((layer) => layer.tops.length === 0)).toBe(true)
  })
})

describe('outcomesSeen and hasRequests', () => {
  it('keeps answered requests and the failures that happened, in stack order', () => {
    expect(outcomesSeen({ totals: counts(0, 0, 4, 0, 1) })).toEqual(['ok', 'refused', 'serverError'])
  })

  it('says a range without any request has none', () => {
    expect(hasRequests({ totals: counts(0) })).toBe(false)
    expect(hasRequests({ totals: counts(0, 0, 0, 1) })).toBe(true)
  })
})

describe('scopeRowsOf', () => {
  const now = new Date('2026-11-30T12:00:00.000Z')
  const usage: Pick<TokenUsage, 'scopes' | 'lastCalls'> = {
    scopes: [
      { scope: 'GET /Account', total: 3, counts: counts(3), lastCallAt: '2026-11-20T11:00:00.000Z' },
      { scope: 'GET /Reports', total: 9, counts: counts(0, 0, 9), lastCallAt: '2026-11-30T11:30:00.000Z' },
      { scope: null, total: 1, counts: counts(0, 1), lastCallAt: '2026-11-29T12:00:00.000Z' },
    ],
    lastCalls: [
      { scope: 'GET /Account', lastCallAt: '2026-11-20T11:00:00.000Z' },
      { scope: 'GET /Actions', lastCallAt: '2026-10-01T12:00:00.000Z' },
    ],
  }

  it('lists called scopes busiest first, idle days counted from the last answered call, then granted scopes not called in the range', () => {
    expect(scopeRowsOf(usage, ['GET /Account', 'GET /Actions', 'PUT /Actions/{Id}'], now)).toEqual([
      // Only refused: never answered, so no idle days to count.
      {
        scope: 'GET /Reports',
        requests: 9,
        lastCallAt: '2026-11-30T11:30:00.000Z',
        idleDays: null,
        granted: false,
      },
      {
        scope: 'GET /Account',
        requests: 3,
        lastCallAt: '2026-11-20T11:00:00.000Z',
        idleDays: 10,
        granted: true,
      },
      { scope: null, requests: 1, lastCallAt: '2026-11-29T12:00:00.000Z', idleDays: 1, granted: false },
      // Called before the range: unused for 60 days, whatever range is shown.
      {
        scope: 'GET /Actions',
        requests: 0,
        lastCallAt: '2026-10-01T12:00:00.000Z',
        idleDays: 60,
        granted: true,
      },
      { scope: 'PUT /Actions/{Id}', requests: 0, lastCallAt: null, idleDays: null, granted: true },
    ])
  })
})
