import { afterEach, describe, expect, it, vi } from 'vitest'
import { withinTime } from './within-time.js'

describe('withinTime', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('answers the value of a promise that settles in time', async () => {
    await expect(withinTime(Promise.resolve(7), 1_000)).resolves.toBe(7)
  })

  it('answers undefined for a promise that fails, rather than failing', async () => {
    await expect(withinTime(Promise.reject(new Error('database closed')), 1_000)).resolves.toBeUndefined()
  })

  it('answers undefined once the time is up, without waiting for the promise', async () => {
    vi.useFakeTimers()
    const answer = withinTime(new Promise<never>(() => {}), 2_000)
    await vi.advanceTimersByTimeAsync(2_000)
    await expect(answer).resolves.toBeUndefined()
  })
})
