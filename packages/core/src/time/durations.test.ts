import { describe, expect, it } from 'vitest'
import { daysAfter, daysBefore, wholeDaysSince } from './durations.js'

describe('durations', () => {
  const now = new Date('2026-03-29T12:00:00.000Z')

  it('counts a day as 24 hours of UTC time, also across a daylight-saving change', () => {
    // 2026-03-29 is the night Europe moves its clocks forward: still 24 hours a day here.
    expect(daysBefore(now, 1).toISOString()).toBe('2026-03-28T12:00:00.000Z')
    expect(daysAfter(now, 30).toISOString()).toBe('2026-04-28T12:00:00.000Z')
  })

  it('goes the other way for a negative count', () => {
    expect(daysBefore(now, -2).toISOString()).toBe(daysAfter(now, 2).toISOString())
  })

  it.each([
    ['2026-03-29T12:00:00.000Z', 0],
    ['2026-03-28T12:00:00.001Z', 0],
    ['2026-03-28T12:00:00.000Z', 1],
    ['2026-01-01T00:00:00.000Z', 87],
    ['2026-03-30T00:00:00.000Z', 0],
  ])('counts whole days since %s as %i (never below 0)', (at, days) => {
    expect(wholeDaysSince(at, now)).toBe(days)
  })
})
