import { checkExpiryPolicy } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import {
  customDateBoundsOf,
  defaultExpiryDraft,
  duplicateAsksExpiry,
  expiresAtOf,
  expiryChoicesOf,
} from './token-expiry'

const OPEN = { requireExpiry: false, maxLifetimeDays: null }
const STRICT = { requireExpiry: true, maxLifetimeDays: 90 }
const NOW = new Date(2026, 10, 30, 10, 0, 0)
const DAY_MS = 86_400_000

describe('expiry choices', () => {
  it('offers no expiry, 30, 90 and 365 days and a custom date when the policy says nothing', () => {
    expect(expiryChoicesOf(OPEN)).toEqual(['none', '30', '90', '365', 'custom'])
    expect(defaultExpiryDraft(OPEN)).toEqual({ choice: 'none', date: '' })
  })

  it('leaves out "none" when the policy requires an expiry, and presets beyond its maximum lifetime', () => {
    expect(expiryChoicesOf(STRICT)).toEqual(['30', '90', 'custom'])
    expect(defaultExpiryDraft(STRICT).choice).toBe('90')
    expect(expiryChoicesOf({ requireExpiry: true, maxLifetimeDays: 7 })).toEqual(['custom'])
    expect(defaultExpiryDraft({ requireExpiry: true, maxLifetimeDays: 7 }).choice).toBe('custom')
  })

  it('bounds the custom date from today to the last whole day within the maximum lifetime', () => {
    expect(customDateBoundsOf(OPEN, NOW)).toEqual({ min: '2026-11-30', max: undefined })
    // Now + 90 days is 2027-02-28 10:00; the end of that day would pass it, so the 27th is the last.
    expect(customDateBoundsOf(STRICT, NOW)).toEqual({ min: '2026-11-30', max: '2027-02-27' })
  })
})

describe('the expiry sent', () => {
  it('is null for "none" where the policy allows it', () => {
    expect(expiresAtOf({ choice: 'none', date: '' }, OPEN, NOW)).toEqual({ ok: true, expiresAt: null })
    expect(expiresAtOf({ choice: 'none', date: '' }, STRICT, NOW)).toEqual({
      ok: false,
      refusal: 'ExpiryRequired',
    })
  })

  it('is the given number of days from now for a preset', () => {
    expect(expiresAtOf({ choice: '30', date: '' }, OPEN, NOW)).toEqual({
      ok: true,
      expiresAt: new Date(NOW.getTime() + 30 * DAY_MS).toISOString(),
    })
  })

  it('is the end of the chosen day (local time) for a custom date', () => {
    expect(expiresAtOf({ choice: 'custom', date: '2027-01-15' }, OPEN, NOW)).toEqual({
      ok: true,
      expiresAt: new Date(2027, 0, 15, 23, 59, 59, 999).toISOString(),
    })
  })

  it.each([
    { date: '', refusal: 'ExpiryDateMissing' },
    { date: '2027-02-30', refusal: 'ExpiryDateMissing' },
    { date: '2026-11-29', refusal: 'ExpiryNotInFuture' },
    { date: '2027-02-28', refusal: 'ExpiryBeyondPolicy' },
  ])('refuses the custom date "$date" with $refusal', ({ date, refusal }) => {
    expect(expiresAtOf({ choice: 'custom', date }, STRICT, NOW)).toEqual({ ok: false, refusal })
  })

  it.each([
    { choice: 'none', date: '' },
    { choice: '30', date: '' },
    { choice: '90', date: '' },
    { choice: 'custom', date: '2026-11-29' },
    { choice: 'custom', date: '2027-02-27' },
    { choice: 'custom', date: '2027-02-28' },
  ] as const)('decides $choice $date as the core rule does', (draft) => {
    const sent =
      draft.choice === 'none'
        ? null
        : draft.choice === 'custom'
          ? new Date(`${draft.date}T23:59:59.999`).toISOString()
          : new Date(NOW.getTime() + Number(draft.choice) * DAY_MS).toISOString()
    const core = checkExpiryPolicy(STRICT, sent, NOW)
    expect(expiresAtOf(draft, STRICT, NOW)).toEqual(core.ok ? core : { ok: false, refusal: core.refusal })
  })

  it('sends the longest preset, which equals the maximum, so that the server accepts it on a clock a few seconds behind', () => {
    const sent = expiresAtOf({ choice: '90', date: '' }, STRICT, NOW)
    expect(sent).toEqual({ ok: true, expiresAt: new Date(NOW.getTime() + 90 * DAY_MS).toISOString() })
    const serverNow = new Date(NOW.getTime() - 5_000)
    expect(checkExpiryPolicy(STRICT, sent.ok ? sent.expiresAt : null, serverNow)).toEqual({
      ok: true,
      expiresAt: new Date(serverNow.getTime() + 90 * DAY_MS).toISOString(),
    })
  })
})

describe('the expiry of a duplicate', () => {
  const inDays = (days: number) => new Date(NOW.getTime() + days * DAY_MS).toISOString()

  it('is kept from the source (not asked) while the policy allows it, also where the policy requires one', () => {
    expect(duplicateAsksExpiry(OPEN, null, NOW)).toBe(false)
    expect(duplicateAsksExpiry(OPEN, inDays(300), NOW)).toBe(false)
    expect(duplicateAsksExpiry({ requireExpiry: false, maxLifetimeDays: 90 }, inDays(20), NOW)).toBe(false)
    expect(duplicateAsksExpiry(STRICT, inDays(20), NOW)).toBe(false)
  })

  it('is asked when the copy would keep an expiry the policy refuses, or the source’s has passed', () => {
    expect(duplicateAsksExpiry(STRICT, null, NOW)).toBe(true)
    expect(duplicateAsksExpiry(OPEN, inDays(-1), NOW)).toBe(true)
    expect(duplicateAsksExpiry(STRICT, inDays(-1), NOW)).toBe(true)
    expect(duplicateAsksExpiry({ requireExpiry: false, maxLifetimeDays: 90 }, inDays(91), NOW)).toBe(true)
  })
})
