import { DEFAULT_ACCOUNT_POLICY, UpdatePolicyInput } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { policyFormOf, policyRequestOf, unusedDaysChoicesOf } from './policy-form'

describe('the token policies form', () => {
  it('starts from the stored policy: no expiry required, no limit, unused-token disabling off, leaks disable', () => {
    expect(policyFormOf(DEFAULT_ACCOUNT_POLICY)).toEqual({
      requireExpiry: false,
      maxLifetimeDays: '',
      disableUnusedAfterDays: 'off',
      leakResponse: 'disable',
    })
  })

  it('sends what the core accepts, an empty maximum lifetime as no limit', () => {
    const result = policyRequestOf(
      {
        requireExpiry: true,
        maxLifetimeDays: ' 90 ',
        disableUnusedAfterDays: '180',
        leakResponse: 'rotate',
      },
      DEFAULT_ACCOUNT_POLICY,
    )
    expect(result).toEqual({
      ok: true,
      request: {
        requireExpiry: true,
        maxLifetimeDays: 90,
        disableUnusedAfterDays: 180,
        leakResponse: 'rotate',
      },
    })
    expect(result.ok && UpdatePolicyInput.safeParse(result.request).success).toBe(true)
    const limited = { ...DEFAULT_ACCOUNT_POLICY, maxLifetimeDays: 90, disableUnusedAfterDays: 60 }
    expect(
      policyRequestOf(
        { ...policyFormOf(limited), maxLifetimeDays: '', disableUnusedAfterDays: 'off' },
        limited,
      ),
    ).toEqual({ ok: true, request: { maxLifetimeDays: null, disableUnusedAfterDays: null } })
  })

  it('sends only the fields changed from the policy the form was loaded from: another manager’s save of another field stands', () => {
    const stored = { ...DEFAULT_ACCOUNT_POLICY, maxLifetimeDays: 90 }
    expect(policyRequestOf({ ...policyFormOf(stored), leakResponse: 'rotate' }, stored)).toEqual({
      ok: true,
      request: { leakResponse: 'rotate' },
    })
    // The same days typed with spaces are no change.
    expect(policyRequestOf({ ...policyFormOf(stored), maxLifetimeDays: ' 90 ' }, stored)).toEqual({
      ok: true,
      request: {},
    })
  })

  it.each(['0', '3651', '1.5', '-3', 'ninety'])('refuses a maximum lifetime of "%s" days', (typed) => {
    expect(
      policyRequestOf(
        { ...policyFormOf(DEFAULT_ACCOUNT_POLICY), maxLifetimeDays: typed },
        DEFAULT_ACCOUNT_POLICY,
      ),
    ).toEqual({
      ok: false,
      field: 'maxLifetimeDays',
    })
  })

  it('offers 30 to 365 days for unused tokens, and keeps a stored value outside them', () => {
    expect(unusedDaysChoicesOf(null)).toEqual([30, 60, 90, 180, 365])
    expect(unusedDaysChoicesOf(45)).toEqual([30, 45, 60, 90, 180, 365])
  })
})
