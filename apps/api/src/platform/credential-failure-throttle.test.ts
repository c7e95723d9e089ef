import { describe, expect, it } from 'vitest'
import { CredentialFailureThrottle } from './credential-failure-throttle.js'

const WINDOW_MS = 15 * 60_000
const SID = 'TKsid00000000000000000001'

function throttle() {
  return new CredentialFailureThrottle(
    { perAddress: { max: 3, windowMs: WINDOW_MS }, perSid: { max: 100, windowMs: WINDOW_MS } },
    () => 0,
  )
}

describe('credential failure throttle', () => {
  it('counts an IPv6 address by its /64, so fresh addresses of one block share one allowance', () => {
    const t = throttle()
    for (let i = 1; i <= 3; i++) t.failed(`2001:db8:1:2::${i}`, SID)
    expect(() => t.check('2001:db8:1:2::ffff', SID)).toThrow(
      expect.objectContaining({ code: 'TooManyAttempts' }),
    )
    expect(() => t.check('2001:db8:1:3::1', SID)).not.toThrow()
  })

  it('counts IPv4 addresses one by one', () => {
    const t = throttle()
    for (let i = 0; i < 3; i++) t.failed('198.51.100.7', SID)
    expect(() => t.check('198.51.100.7', SID)).toThrow(expect.objectContaining({ code: 'TooManyAttempts' }))
    expect(() => t.check('198.51.100.8', SID)).not.toThrow()
  })
})
