import { describe, expect, it } from 'vitest'
import { FixedWindowCounters } from './fixed-window-counters.js'

describe('fixed window counters', () => {
  it('counts per key within a window and starts again from zero when it ends', () => {
    let now = 1_000
    const counters = new FixedWindowCounters({ windowMs: 60_000, now: () => now })
    expect(counters.add('a').count).toBe(1)
    expect(counters.add('a').count).toBe(2)
    expect(counters.add('b').count).toBe(1)
    expect(counters.secondsUntilReset(counters.peek('a'))).toBe(60)
    now += 59_500
    expect(counters.peek('a').count).toBe(2)
    expect(counters.secondsUntilReset(counters.peek('a'))).toBe(1)
    now += 500
    expect(counters.peek('a').count).toBe(0)
    expect(counters.add('a').count).toBe(1)
  })

  it('stays within its key bound however many keys an attacker invents, forgetting the oldest first', () => {
    const counters = new FixedWindowCounters({ windowMs: 60_000, maxKeys: 1_000, now: () => 0 })
    counters.add('first')
    for (let i = 0; i < 50_000; i++) counters.add(`sid-${i}`)
    expect(counters.size).toBeLessThanOrEqual(1_000)
    expect(counters.peek('first').count).toBe(0)
    expect(counters.peek('sid-49999').count).toBe(1)
  })

  it('takes one per call up to the limit, refuses beyond it without counting, and starts again in a new window', () => {
    let now = 1_000
    const counters = new FixedWindowCounters({ windowMs: 60_000, now: () => now })
    expect(counters.take('t', 2)).toEqual({ counted: true, count: 1, endsAt: 61_000, secondsLeft: 60 })
    expect(counters.take('t', 2)).toMatchObject({ counted: true, count: 2 })
    now += 30_200
    expect(counters.take('t', 2)).toEqual({ counted: false, count: 2, endsAt: 61_000, secondsLeft: 30 })
    expect(counters.peek('t').count).toBe(2)
    expect(counters.count('t')).toBe(2)
    expect(counters.count('never')).toBe(0)
    now = 61_000
    expect(counters.count('t')).toBe(0)
    expect(counters.take('t', 2)).toEqual({ counted: true, count: 1, endsAt: 121_000, secondsLeft: 60 })
  })
})
