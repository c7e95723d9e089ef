import { describe, expect, it } from 'vitest'
import { useBusyIds } from './use-busy-ids'

/** Work that finishes when the test says so. */
function deferred() {
  let finish!: () => void
  const work = () => new Promise<void>((resolve) => (finish = resolve))
  return { work, finish: () => finish() }
}

describe('useBusyIds', () => {
  it('keeps each id busy until its own work finishes, whatever finishes first', async () => {
    const busy = useBusyIds()
    const a = deferred()
    const b = deferred()
    const runningA = busy.run('a', a.work)
    const runningB = busy.run('b', b.work)
    expect(busy.has('a')).toBe(true)
    expect(busy.has('b')).toBe(true)

    a.finish()
    await runningA
    expect(busy.has('a')).toBe(false)
    expect(busy.has('b')).toBe(true)
    b.finish()
    await runningB
    expect(busy.has('b')).toBe(false)
  })

  it('ignores a second run for an id whose work still runs', async () => {
    const busy = useBusyIds()
    const first = deferred()
    let calls = 0
    const running = busy.run('a', () => (calls++, first.work()))
    expect(await busy.run('a', async () => void calls++)).toBe(false)
    first.finish()
    expect(await running).toBe(true)
    expect(calls).toBe(1)
  })

  it('is no longer busy after the work failed, and passes the failure on', async () => {
    const busy = useBusyIds()
    await expect(busy.run('a', async () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    expect(busy.has('a')).toBe(false)
  })
})
