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
  it('frees ended windows on the next use, a read as well as a write, without waiting for the key bound', () => {
    let now = 0
    const counters = new FixedWindowCounters({ windowMs: 60_000, now: () => now })
    for (let i = 0; i < 50_000; i++) counters.add(`address-${i}`)
    expect(counters.size).toBe(50_000)
    now = 60_000
    counters.add('next')
    expect(counters.size).toBe(1)

    for (let i = 0; i < 50_000; i++) counters.add(`sid-${i}`)
    now = 120_000
    // An otherwise idle process: no new failures, only a check.
    expect(counters.count('sid-1')).toBe(0)
    expect(counters.size).toBe(0)

    for (let i = 0; i < 1_000; i++) counters.add(`email-${i}`)
    now = 180_000
    expect(counters.peek('email-1').count).toBe(0)
    expect(counters.size).toBe(0)
  })

  it('makes room for new keys from ended windows and keeps a lockout whose window is still running', () => {
    let now = 0
    const counters = new FixedWindowCounters({ windowMs: 60_000, maxKeys: 1_000, now: () => now })
    for (let i = 0; i < 50; i++) counters.add(`old-${i}`)
    now = 60_000
    for (let i = 0; i < 5; i++) counters.add('locked-sid')
    for (let i = 0; i < 950; i++) counters.add(`sid-${i}`)
    expect(counters.size).toBeLessThanOrEqual(1_000)
    expect(counters.count('locked-sid')).toBe(5)
    expect(counters.count('sid-0')).toBe(1)
    expect(counters.count('old-0')).toBe(0)
  })
})
