import { describe, expect, it } from 'vitest'
import { checkExpiryPolicy, EXPIRY_CLOCK_TOLERANCE_MS, latestExpiryOf } from './expiry-policy.js'

const NOW = new Date('2026-11-30T10:00:00.000Z')
const DAY_MS = 86_400_000
const OPEN = { requireExpiry: false, maxLifetimeDays: null }
const STRICT = { requireExpiry: true, maxLifetimeDays: 30 }
const MAX = new Date(NOW.getTime() + 30 * DAY_MS).toISOString()
const after = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString()

describe('the expiry policy rule', () => {
  it('accepts no expiry unless the policy requires one', () => {
    expect(checkExpiryPolicy(OPEN, null, NOW)).toEqual({ ok: true, expiresAt: null })
    expect(checkExpiryPolicy(STRICT, null, NOW)).toMatchObject({ ok: false, refusal: 'ExpiryRequired' })
  })

  it('refuses an expiry that is not in the future', () => {
    expect(checkExpiryPolicy(OPEN, NOW.toISOString(), NOW)).toMatchObject({
      ok: false,
      refusal: 'ExpiryNotInFuture',
    })
  })

  it('keeps an expiry up to exactly maxLifetimeDays from now as sent', () => {
    expect(latestExpiryOf(STRICT, NOW)?.toISOString()).toBe(MAX)
    expect(checkExpiryPolicy(STRICT, MAX, NOW)).toEqual({ ok: true, expiresAt: MAX })
    const earlier = after(MAX, -DAY_MS)
    expect(checkExpiryPolicy(STRICT, earlier, NOW)).toEqual({ ok: true, expiresAt: earlier })
  })

  it('accepts an expiry a moment beyond the maximum (a fast clock, latency) clamped to the maximum', () => {
    expect(checkExpiryPolicy(STRICT, after(MAX, 2_000), NOW)).toEqual({ ok: true, expiresAt: MAX })
    expect(checkExpiryPolicy(STRICT, after(MAX, EXPIRY_CLOCK_TOLERANCE_MS), NOW)).toEqual({
      ok: true,
      expiresAt: MAX,
    })
  })

  it('refuses an expiry further beyond the maximum than the tolerance, naming the latest allowed', () => {
    expect(checkExpiryPolicy(STRICT, after(MAX, EXPIRY_CLOCK_TOLERANCE_MS + 1_000), NOW)).toEqual({
      ok: false,
      refusal: 'ExpiryBeyondPolicy',
      maxLifetimeDays: 30,
      latest: MAX,
    })
  })

  it('has no upper bound without a maximum lifetime', () => {
    const far = after(NOW.toISOString(), 10_000 * DAY_MS)
    expect(checkExpiryPolicy(OPEN, far, NOW)).toEqual({ ok: true, expiresAt: far })
  })
})
