import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../app-limits.js'
import { networkOf } from '../http/client-network.js'
import { LoginThrottle } from './login-throttle.js'

const VICTIM = 'victim@example.test'

/** The throttle with the limits operators get, on a clock the test moves. */
function defaultThrottle() {
  let now = Date.parse('2026-01-01T00:00:00Z')
  const throttle = new LoginThrottle(
    {
      perAddress: DEFAULT_LIMITS.loginFailuresPerAddress,
      perEmailFromAddress: DEFAULT_LIMITS.loginFailuresPerEmailFromAddress,
      perEmail: DEFAULT_LIMITS.loginFailuresPerEmail,
      perEmailCeiling: DEFAULT_LIMITS.loginFailuresPerEmailCeiling,
    },
    () => now,
  )
  return { throttle, advance: (ms: number) => (now += ms) }
}

/** The wait a check answers, 0 when the attempt may go ahead. */
function waitOf(throttle: LoginThrottle, email: string, address: string | null): number {
  try {
    throttle.check(email, address)
    return 0
  } catch (error) {
    expect(error).toMatchObject({ code: 'TooManyAttempts' })
    return Number((error as { params: { retryAfter: number } }).params.retryAfter)
  }
}

/** An attacker failing from `address` until told to wait; answers how many guesses it got. */
function guessUntilRefused(throttle: LoginThrottle, email: string, address: string): number {
  let guesses = 0
  while (waitOf(throttle, email, address) === 0) {
    throttle.failed(email, address)
    guesses++
  }
  return guesses
}

describe('sign-in attempts in flight', () => {
  it('counts an admitted attempt as a failure until it ends, so the eleventh at once waits', async () => {
    const { throttle } = defaultThrottle()
    const attempts = []
    for (let i = 0; i < 10; i++) attempts.push(await throttle.admit(VICTIM, '203.0.113.66'))
    expect(waitOf(throttle, VICTIM, '203.0.113.66')).toBe(1)
    expect(waitOf(throttle, VICTIM, '198.51.100.7')).toBe(0)
    for (const attempt of attempts) attempt.failed()
    expect(waitOf(throttle, VICTIM, '203.0.113.66')).toBeGreaterThan(1)
  })

  it.each(['succeeded', 'abandoned'] as const)(
    'counts nothing for an attempt that %s, and ends it once',
    async (ending) => {
      const { throttle } = defaultThrottle()
      for (let i = 0; i < 9; i++) throttle.failed(`user${i}@example.test`, '203.0.113.66')
      const attempt = await throttle.admit(VICTIM, '203.0.113.66')
      attempt[ending]()
      attempt.failed()
      // The address holds its 9 failures and nothing else: 41 more before it waits (50).
      let more = 0
      while (waitOf(throttle, `other${more}@example.test`, '203.0.113.66') === 0)
        throttle.failed(`other${more++}@example.test`, '203.0.113.66')
      expect(more).toBe(41)
      expect(guessUntilRefused(throttle, VICTIM, '198.51.100.7')).toBe(10)
    },
  )
})

describe('sign-in lockout', () => {
  it('refuses an e-mail after 10 failures from one address, to that address only: its owner still signs in from elsewhere', () => {
    const { throttle } = defaultThrottle()
    expect(guessUntilRefused(throttle, VICTIM, '203.0.113.66')).toBe(10)
    expect(waitOf(throttle, VICTIM, '203.0.113.66')).toBeGreaterThan(0)
    expect(waitOf(throttle, VICTIM, '198.51.100.7')).toBe(0)
    expect(waitOf(throttle, 'someone-else@example.test', '203.0.113.66')).toBe(0)
  })

  it('refuses an address after 50 failures, whatever the e-mail, and no other address', () => {
    const { throttle } = defaultThrottle()
    for (let i = 0; i < 50; i++) {
      expect(waitOf(throttle, `user${i}@example.test`, '203.0.113.66')).toBe(0)
      throttle.failed(`user${i}@example.test`, '203.0.113.66')
    }
    expect(waitOf(throttle, 'fresh@example.test', '203.0.113.66')).toBeGreaterThan(0)
    expect(waitOf(throttle, 'fresh@example.test', '198.51.100.7')).toBe(0)
  })

  it('after 100 failures at an e-mail from many addresses, refuses it to every address that failed on it and to no other', () => {
    const { throttle } = defaultThrottle()
    for (let i = 0; i < 100; i++) throttle.failed(VICTIM, `203.0.113.${i}`)
    expect(waitOf(throttle, VICTIM, '203.0.113.0')).toBeGreaterThan(0)
    expect(waitOf(throttle, VICTIM, '203.0.113.99')).toBeGreaterThan(0)
    expect(waitOf(throttle, VICTIM, '198.51.100.7')).toBe(0)
  })

  it('refuses an e-mail to every address past 1,000 failures, which takes more than 900 distinct addresses in one window', () => {
    const { throttle } = defaultThrottle()
    let addresses = 0
    let guesses = 0
    while (waitOf(throttle, VICTIM, `2001:db8:${addresses.toString(16)}::1`) === 0) {
      guesses += guessUntilRefused(throttle, VICTIM, `2001:db8:${addresses.toString(16)}::1`)
      addresses++
    }
    expect(guesses).toBe(1_000)
    expect(addresses).toBeGreaterThan(900)
    expect(waitOf(throttle, VICTIM, '198.51.100.7')).toBeGreaterThan(0)
    expect(waitOf(throttle, 'someone-else@example.test', '198.51.100.7')).toBe(0)
  })

  it('lets every address try again once the 15-minute window has passed', () => {
    const { throttle, advance } = defaultThrottle()
    guessUntilRefused(throttle, VICTIM, '203.0.113.66')
    const wait = waitOf(throttle, VICTIM, '203.0.113.66')
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(15 * 60)
    advance(15 * 60_000)
    expect(waitOf(throttle, VICTIM, '203.0.113.66')).toBe(0)
  })

  it('treats the e-mail without regard to case or surrounding spaces', () => {
    const { throttle } = defaultThrottle()
    for (let i = 0; i < 10; i++)
      throttle.failed(i % 2 ? 'Victim@Example.TEST' : ` ${VICTIM} `, '203.0.113.66')
    expect(waitOf(throttle, VICTIM, '203.0.113.66')).toBeGreaterThan(0)
  })

  it("clears this address's failures at this e-mail when the right password comes, and nobody else's", () => {
    const { throttle } = defaultThrottle()
    for (let i = 0; i < 9; i++) throttle.failed(VICTIM, '198.51.100.7')
    for (let i = 0; i < 9; i++) throttle.failed(VICTIM, '203.0.113.66')
    throttle.succeeded(VICTIM, '198.51.100.7')
    throttle.failed(VICTIM, '198.51.100.7')
    throttle.failed(VICTIM, '203.0.113.66')
    expect(waitOf(throttle, VICTIM, '198.51.100.7')).toBe(0)
    expect(waitOf(throttle, VICTIM, '203.0.113.66')).toBeGreaterThan(0)
  })

  it('counts an IPv6 /64 as one address, so a subscriber cannot fail from a fresh address every time', () => {
    const { throttle } = defaultThrottle()
    for (let i = 1; i <= 10; i++) throttle.failed(VICTIM, `2001:db8:1:2::${i.toString(16)}`)
    expect(waitOf(throttle, VICTIM, '2001:db8:1:2:ffff:ffff:ffff:ffff')).toBeGreaterThan(0)
    expect(waitOf(throttle, VICTIM, '2001:0DB8:0001:0002:0000:0000:0000:0099')).toBeGreaterThan(0)
    expect(waitOf(throttle, VICTIM, '2001:db8:1:3::1')).toBe(0)
  })

  it.each([
    { address: '203.0.113.7', network: '203.0.113.7' },
    { address: '::ffff:203.0.113.7', network: '203.0.113.7' },
    { address: '2001:db8:1:2:3:4:5:6', network: '2001:db8:1:2::/64' },
    { address: '2001:0DB8:0:0002::1', network: '2001:db8:0:2::/64' },
    { address: '2001:db8::1', network: '2001:db8:0:0::/64' },
    { address: '::1', network: '0:0:0:0::/64' },
    { address: 'fe80::1%eth0', network: 'fe80:0:0:0::/64' },
    { address: '64:ff9b::203.0.113.7', network: '64:ff9b:0:0::/64' },
  ])('counts $address as $network', ({ address, network }) => {
    expect(networkOf(address)).toBe(network)
  })
})
