import { describe, expect, it } from 'vitest'
import type { ErrorCode } from '../../errors/error-codes.js'
import { EXPIRY_CLOCK_TOLERANCE_MS } from '../../lifecycle/expiry-policy.js'
import {
  createTestToken,
  provisionTestAccount,
  type TestCore,
  verifyCredentials,
} from '../test-support/open-test-core.js'
import { openLongCacheAccountsClosedAfterEach } from '../test-support/long-cache-accounts.js'

const DAY_MS = 86_400_000

/** A long cache TTL: only the expiry compared on every verification can refuse a cached credential. */
const setup = openLongCacheAccountsClosedAfterEach()

const inDays = (test: TestCore, days: number) =>
  new Date(test.clock.now().getTime() + days * DAY_MS).toISOString()
describe('token expiry', () => {
  it('shows the expiry, answers state expired once it has passed and refuses the cached credential from that instant', async () => {
    const test = await setup()
    const expiresAt = inDays(test, 2)
    const { token, credentials } = await createTestToken(test.core, test.account, { expiresAt })
    expect(token).toMatchObject({ expiresAt, state: 'enabled', rotation: null })
    expect(await verifyCredentials(test.core, credentials)).not.toBeNull()
    test.clock.set(new Date(Date.parse(expiresAt) - 1))
    expect(
      await verifyCredentials(test.core, credentials),
      'served from the cache until the last millisecond',
    ).not.toBeNull()
    test.clock.set(expiresAt)
    expect(await verifyCredentials(test.core, credentials)).toBeNull()
    expect((await test.core.tokens.get(test.account.admin, token.id)).state).toBe('expired')
  })

  it('stores an expiry sent with an offset as UTC and a token without one never expires', async () => {
    const test = await setup()
    const { token } = await createTestToken(test.core, test.account, {
      expiresAt: '2026-03-20T08:00:00+08:00',
    })
    expect(token.expiresAt).toBe('2026-03-20T00:00:00.000Z')
    const never = await createTestToken(test.core, test.account, { name: 'Forever' })
    expect(never.token.expiresAt).toBeNull()
    test.clock.advance(10_000 * DAY_MS)
    expect(await verifyCredentials(test.core, never.credentials)).not.toBeNull()
  })

  it('fails an expired token exactly like a disabled one, with the same null whatever is presented', async () => {
    const test = await setup()
    const expiring = await createTestToken(test.core, test.account, { expiresAt: inDays(test, 1) })
    const disabled = await createTestToken(test.core, test.account, { name: 'Disabled' })
    await test.core.tokens.disable(test.account.admin, disabled.token.id)
    test.clock.advance(DAY_MS)
    expect(await verifyCredentials(test.core, expiring.credentials)).toBeNull()
    expect(await verifyCredentials(test.core, disabled.credentials)).toBeNull()
    expect(
      await verifyCredentials(test.core, {
        ...expiring.credentials,
        authToken: disabled.credentials.authToken,
      }),
    ).toBeNull()
  })

  it('filters the list by state: expired tokens are neither enabled nor disabled', async () => {
    const test = await setup()
    const expired = await createTestToken(test.core, test.account, {
      name: 'Expiring',
      expiresAt: inDays(test, 1),
    })
    const enabled = await createTestToken(test.core, test.account, {
      name: 'Later',
      expiresAt: inDays(test, 5),
    })
    const disabled = await createTestToken(test.core, test.account, { name: 'Off' })
    await test.core.tokens.disable(test.account.admin, disabled.token.id)
    test.clock.advance(2 * DAY_MS)
    const idsOf = async (state: 'enabled' | 'disabled' | 'expired') =>
      (await test.core.tokens.list(test.account.admin, { state })).items.map((item) => item.id)
    expect(await idsOf('expired')).toEqual([expired.token.id])
    expect(await idsOf('enabled')).toEqual([enabled.token.id])
    expect(await idsOf('disabled')).toEqual([disabled.token.id])
  })
})

describe('renewing a token', () => {
  it('gives a new expiry with the same credentials, brings an expired token back and audits the change', async () => {
    const test = await setup()
    const first = inDays(test, 1)
    const { token, credentials } = await createTestToken(test.core, test.account, { expiresAt: first })
    test.clock.advance(2 * DAY_MS)
    expect(await verifyCredentials(test.core, credentials)).toBeNull()
    const renewed = await test.core.lifecycle.renew(test.account.impl, token.id, {
      expiresAt: inDays(test, 30),
    })
    expect(renewed).toMatchObject({
      state: 'enabled',
      expiresAt: inDays(test, 30),
      accountSid: credentials.accountSid,
    })
    expect(await verifyCredentials(test.core, credentials)).not.toBeNull()
    const [event] = (await test.core.audit.list(test.account.admin, {})).items
    expect(event).toMatchObject({
      action: 'token.renew',
      tokenId: token.id,
      details: { fromExpiresAt: first, toExpiresAt: inDays(test, 30) },
    })
  })

  it('keeps a disabled token disabled through expiry and renewal: the view says so and only enabling lets it verify', async () => {
    const test = await setup()
    const { token, credentials } = await createTestToken(test.core, test.account, {
      expiresAt: inDays(test, 1),
    })
    await test.core.tokens.disable(test.account.admin, token.id)
    test.clock.advance(2 * DAY_MS)
    expect(await test.core.tokens.get(test.account.admin, token.id)).toMatchObject({
      state: 'expired',
      disabled: true,
    })
    const renewed = await test.core.lifecycle.renew(test.account.admin, token.id, {
      expiresAt: inDays(test, 30),
    })
    expect(renewed).toMatchObject({ state: 'disabled', disabled: true })
    expect(await verifyCredentials(test.core, credentials), 'renewed but still disabled').toBeNull()
    expect(await test.core.tokens.enable(test.account.admin, token.id)).toMatchObject({
      state: 'enabled',
      disabled: false,
    })
    expect(await verifyCredentials(test.core, credentials)).not.toBeNull()
  })

  it('enables an expired token without making it verify: it reads expired, no longer disabled, until renewed', async () => {
    const test = await setup()
    const { token, credentials } = await createTestToken(test.core, test.account, {
      expiresAt: inDays(test, 1),
    })
    await test.core.tokens.disable(test.account.admin, token.id)
    test.clock.advance(2 * DAY_MS)
    expect(await test.core.tokens.enable(test.account.admin, token.id)).toMatchObject({
      state: 'expired',
      disabled: false,
    })
    expect(await verifyCredentials(test.core, credentials)).toBeNull()
  })

  it.each([
    { case: 'a date in the past', days: -1, code: 'ExpiryNotInFuture' },
    { case: 'the present instant', days: 0, code: 'ExpiryNotInFuture' },
    { case: 'a day beyond maxLifetimeDays', days: 31, code: 'ExpiryBeyondPolicy' },
    { case: 'no expiry while the policy requires one', days: null, code: 'ExpiryRequired' },
  ])('refuses to renew to $case with $code and changes nothing', async ({ days, code }) => {
    const test = await setup()
    const { token } = await createTestToken(test.core, test.account, { expiresAt: inDays(test, 10) })
    await test.core.policies.update(test.account.admin, { requireExpiry: true, maxLifetimeDays: 30 })
    await expect(
      test.core.lifecycle.renew(test.account.admin, token.id, {
        expiresAt: days === null ? null : inDays(test, days),
      }),
    ).rejects.toMatchObject({ code: code as ErrorCode })
    expect((await test.core.tokens.get(test.account.admin, token.id)).expiresAt).toBe(inDays(test, 10))
  })

  it('renews up to exactly maxLifetimeDays from now, and to never when the policy does not require an expiry', async () => {
    const test = await setup()
    const { token } = await createTestToken(test.core, test.account, { expiresAt: inDays(test, 10) })
    await test.core.policies.update(test.account.admin, { maxLifetimeDays: 30 })
    expect(
      (await test.core.lifecycle.renew(test.account.admin, token.id, { expiresAt: inDays(test, 30) }))
        .expiresAt,
    ).toBe(inDays(test, 30))
    expect(
      (await test.core.lifecycle.renew(test.account.admin, token.id, { expiresAt: null })).expiresAt,
    ).toBeNull()
  })

  it('accepts a renewal or a new token a few seconds beyond maxLifetimeDays (a fast clock, latency) stored clamped to the maximum, and refuses one further than the tolerance', async () => {
    const test = await setup()
    const { token } = await createTestToken(test.core, test.account, { expiresAt: inDays(test, 10) })
    await test.core.policies.update(test.account.admin, { requireExpiry: true, maxLifetimeDays: 30 })
    const beyondBy = (ms: number) => new Date(Date.parse(inDays(test, 30)) + ms).toISOString()
    expect(
      (await test.core.lifecycle.renew(test.account.admin, token.id, { expiresAt: beyondBy(2_000) }))
        .expiresAt,
    ).toBe(inDays(test, 30))
    const created = await createTestToken(test.core, test.account, {
      name: 'Max',
      expiresAt: beyondBy(2_000),
    })
    expect(created.token.expiresAt).toBe(inDays(test, 30))
    await expect(
      test.core.lifecycle.renew(test.account.admin, token.id, {
        expiresAt: beyondBy(EXPIRY_CLOCK_TOLERANCE_MS + 1_000),
      }),
    ).rejects.toMatchObject({ code: 'ExpiryBeyondPolicy', params: { latest: inDays(test, 30) } })
  })

  it('refuses an Analyst and another account with the codes every token action uses', async () => {
    const test = await setup()
    const other = await provisionTestAccount(test.core, 'brand')
    const { token } = await createTestToken(test.core, test.account)
    const input = { expiresAt: inDays(test, 3) }
    await expect(test.core.lifecycle.renew(test.account.analyst, token.id, input)).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
    await expect(test.core.lifecycle.renew(other.admin, token.id, input)).rejects.toMatchObject({
      code: 'TokenNotFound',
    })
  })
})

describe('the expiry policy on new tokens', () => {
  it.each([
    { case: 'without an expiry while one is required', expiresIn: undefined, code: 'ExpiryRequired' },
    { case: 'with an explicit null while one is required', expiresIn: null, code: 'ExpiryRequired' },
    { case: 'beyond maxLifetimeDays', expiresIn: 91, code: 'ExpiryBeyondPolicy' },
    { case: 'in the past', expiresIn: -1, code: 'ExpiryNotInFuture' },
  ])('refuses to create a token $case with $code and creates nothing', async ({ expiresIn, code }) => {
    const test = await setup()
    await test.core.policies.update(test.account.admin, { requireExpiry: true, maxLifetimeDays: 90 })
    const expiresAt =
      expiresIn === undefined ? {} : { expiresAt: expiresIn === null ? null : inDays(test, expiresIn) }
    await expect(createTestToken(test.core, test.account, expiresAt)).rejects.toMatchObject({
      code: code as ErrorCode,
    })
    expect((await test.core.tokens.list(test.account.admin, {})).items).toEqual([])
  })

  it('creates a token within the policy and audits its expiry with the creation', async () => {
    const test = await setup()
    await test.core.policies.update(test.account.admin, { requireExpiry: true, maxLifetimeDays: 90 })
    const { token } = await createTestToken(test.core, test.account, { expiresAt: inDays(test, 90) })
    expect(token.expiresAt).toBe(inDays(test, 90))
    const events = (await test.core.audit.list(test.account.admin, {})).items
    expect(events.find((event) => event.action === 'token.create')).toMatchObject({
      details: { expiresAt: inDays(test, 90) },
    })
  })

  it('keeps a future expiry on a duplicate and refuses to duplicate a never-expiring token once expiry is required', async () => {
    const test = await setup()
    const expiring = await createTestToken(test.core, test.account, { expiresAt: inDays(test, 20) })
    const never = await createTestToken(test.core, test.account, { name: 'Forever' })
    await test.core.policies.update(test.account.admin, { requireExpiry: true })
    expect((await test.core.tokens.duplicate(test.account.admin, expiring.token.id)).token.expiresAt).toBe(
      inDays(test, 20),
    )
    await expect(test.core.tokens.duplicate(test.account.admin, never.token.id)).rejects.toMatchObject({
      code: 'ExpiryRequired',
    })
  })

  it('duplicates with a chosen expiry under a policy the source cannot meet: stored as chosen, checked as on create', async () => {
    const test = await setup()
    const never = await createTestToken(test.core, test.account, { name: 'Forever' })
    const expired = await createTestToken(test.core, test.account, { expiresAt: inDays(test, 1) })
    const long = await createTestToken(test.core, test.account, {
      name: 'Long',
      expiresAt: inDays(test, 300),
    })
    test.clock.set(inDays(test, 2))
    await test.core.policies.update(test.account.admin, { requireExpiry: true, maxLifetimeDays: 90 })
    for (const source of [never, expired, long]) {
      const copy = await test.core.tokens.duplicate(test.account.admin, source.token.id, {
        expiresAt: inDays(test, 90),
      })
      expect(copy.token.expiresAt).toBe(inDays(test, 90))
      expect((await test.core.tokens.get(test.account.admin, copy.token.id)).expiresAt).toBe(inDays(test, 90))
    }
    await expect(
      test.core.tokens.duplicate(test.account.admin, never.token.id, { expiresAt: inDays(test, 91) }),
    ).rejects.toMatchObject({ code: 'ExpiryBeyondPolicy', params: { maxLifetimeDays: 90 } })
    await expect(
      test.core.tokens.duplicate(test.account.admin, never.token.id, { expiresAt: null }),
    ).rejects.toMatchObject({ code: 'ExpiryRequired' })
    await expect(test.core.tokens.duplicate(test.account.admin, long.token.id)).rejects.toMatchObject({
      code: 'ExpiryBeyondPolicy',
    })
  })

  it('makes the copy of an expired token disabled unless the user enables it, so no working never-expiring credential appears unasked', async () => {
    const test = await setup()
    const expired = await createTestToken(test.core, test.account, { expiresAt: inDays(test, 1) })
    test.clock.set(inDays(test, 2))
    const copy = await test.core.tokens.duplicate(test.account.admin, expired.token.id)
    expect(copy.token).toMatchObject({ state: 'disabled', expiresAt: null })
    expect(await verifyCredentials(test.core, copy.credentials)).toBeNull()
    const chosen = await test.core.tokens.duplicate(test.account.admin, expired.token.id, { enabled: true })
    expect(chosen.token.state).toBe('enabled')
  })
})
