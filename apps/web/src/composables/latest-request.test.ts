import { describe, expect, it } from 'vitest'
import { latestRequest } from './latest-request'

describe('latestRequest', () => {
  it('aborts the request before when a newer one starts, and counts only the newest', () => {
    const requests = latestRequest()
    expect(requests.current()).toBeNull()
    const first = requests.start()
    const second = requests.start()
    expect(first.signal.aborted).toBe(true)
    expect(second.signal.aborted).toBe(false)
    expect(requests.isLatest(first)).toBe(false)
    expect(requests.isLatest(second)).toBe(true)
    expect(requests.current()).toBe(second)
  })

  it('aborts the newest on request, as when its owner goes away', () => {
    const requests = latestRequest()
    const only = requests.start()
    requests.abort()
    expect(only.signal.aborted).toBe(true)
  })
})
