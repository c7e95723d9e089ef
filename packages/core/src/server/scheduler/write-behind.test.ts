import { afterEach, describe, expect, it, vi } from 'vitest'
import { WriteBehind } from './write-behind.js'

afterEach(() => vi.useRealTimers())

/** A write-behind whose write is `write`. */
function writingWith(write: () => Promise<void>, intervalMs: number): WriteBehind {
  return new (class extends WriteBehind {
    protected write = write
  })(intervalMs)
}

describe('write-behind', () => {
  it('starts a write only after the previous one ended, and a failed write stops none after it', async () => {
    const order: string[] = []
    let calls = 0
    const writeBehind = writingWith(async () => {
      const call = ++calls
      order.push(`start ${call}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
      order.push(`end ${call}`)
      if (call === 1) throw new Error('storage down')
    }, 60_000)
    const first = writeBehind.flush()
    const second = writeBehind.flush()
    await expect(first).rejects.toThrow('storage down')
    await second
    await writeBehind.close()
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3'])
  })

  it('writes every interval until closed', async () => {
    vi.useFakeTimers()
    const write = vi.fn(async () => undefined)
    const writeBehind = writingWith(write, 1_000)
    await vi.advanceTimersByTimeAsync(3_000)
    expect(write).toHaveBeenCalledTimes(3)
    await writeBehind.close()
    expect(write).toHaveBeenCalledTimes(4)
    await vi.advanceTimersByTimeAsync(3_000)
    expect(write).toHaveBeenCalledTimes(4)
  })
})
