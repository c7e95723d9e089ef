import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CoreLogFields, CoreLogLevel } from '../core-logger.js'
import { WriteBehind } from './write-behind.js'

afterEach(() => vi.useRealTimers())

type LogLine = { level: CoreLogLevel; event: string } & CoreLogFields

/** A write-behind whose write is `write`, logging as `test` into `lines` when given. */
function writingWith(write: () => Promise<void>, intervalMs: number, lines?: LogLine[]): WriteBehind {
  const logger = lines && {
    log: (level: CoreLogLevel, event: string, fields: CoreLogFields) =>
      void lines.push({ level, event, ...fields }),
  }
  return new (class extends WriteBehind {
    protected write = write
  })(intervalMs, { logger, name: 'test' })
}

/** An error as the database drivers throw them, with a code. */
function storageError(): Error {
  return Object.assign(new Error('disk I/O error: /data/tokens.db'), { code: 'SQLITE_IOERR' })
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

  it('logs a failing write once per outage with its class and code, never its message, and the recovery with how many failed', async () => {
    const lines: LogLine[] = []
    let failing = true
    const writeBehind = writingWith(
      async () => {
        if (failing) throw storageError()
      },
      60_000,
      lines,
    )
    for (let i = 0; i < 3; i++) await expect(writeBehind.flush()).rejects.toThrow()
    failing = false
    await writeBehind.flush()
    await writeBehind.flush()
    expect(lines).toEqual([
      { level: 'warn', event: 'test.write_failed', error: 'Error', code: 'SQLITE_IOERR' },
      { level: 'info', event: 'test.write_recovered', failedWrites: 3 },
    ])
    await writeBehind.close()
  })

  it('tries the last write at close again after a failed attempt, so one failure at shutdown loses nothing', async () => {
    const lines: LogLine[] = []
    let attempts = 0
    const writeBehind = writingWith(
      async () => {
        if (++attempts === 1) throw storageError()
      },
      60_000,
      lines,
    )
    await writeBehind.close()
    expect(attempts).toBe(2)
    expect(lines.map((line) => line.event)).toEqual(['test.write_failed', 'test.write_recovered'])
  })

  it('gives up at close after three failed attempts, says so and answers the failure', async () => {
    const lines: LogLine[] = []
    const write = vi.fn(async () => {
      throw storageError()
    })
    const writeBehind = writingWith(write, 60_000, lines)
    await expect(writeBehind.close()).rejects.toThrow()
    expect(write).toHaveBeenCalledTimes(3)
    expect(lines).toEqual([
      { level: 'warn', event: 'test.write_failed', error: 'Error', code: 'SQLITE_IOERR' },
      { level: 'error', event: 'test.write_dropped', error: 'Error', code: 'SQLITE_IOERR', attempts: 3 },
    ])
  })
})
