import type { AccountPolicy, AuditEventView } from '@tokens/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodyOf, openApiFixture, type AdminSession, type ApiFixture } from '../test-support/api-fixture.js'

describe('the account policy on the admin API', () => {
  let f: ApiFixture
  let impl: AdminSession
  beforeAll(async () => {
    f = await openApiFixture()
    impl = await f.signIn(f.a.impl)
  })
  afterAll(() => f.close())

  it('answers the defaults, saves the fields sent, keeps the rest, and audits the change', async () => {
    const before = await f.call('GET', '/api/policies', { session: impl })
    expect(before.status).toBe(200)
    expect(await bodyOf(before)).toEqual({
      policy: {
        requireExpiry: false,
        maxLifetimeDays: null,
        disableUnusedAfterDays: null,
        leakResponse: 'disable',
      },
    })
    const saved = await f.call('PUT', '/api/policies', {
      session: impl,
      json: { requireExpiry: true, maxLifetimeDays: 365, leakResponse: 'notify' },
    })
    expect(saved.status).toBe(200)
    const expected: AccountPolicy = {
      requireExpiry: true,
      maxLifetimeDays: 365,
      disableUnusedAfterDays: null,
      leakResponse: 'notify',
    }
    expect(await bodyOf(saved)).toEqual({ policy: expected })
    expect(await bodyOf(await f.call('GET', '/api/policies', { session: impl }))).toEqual({
      policy: expected,
    })
    const b = await f.signIn(f.b.admin)
    expect(
      (await bodyOf<{ policy: AccountPolicy }>(await f.call('GET', '/api/policies', { session: b }))).policy
        .requireExpiry,
    ).toBe(false)
    const audit = await bodyOf<{ items: AuditEventView[] }>(
      await f.call('GET', '/api/audit-events', { session: impl }),
    )
    // Sign-in and the change share an instant: find the change by its action.
    expect(audit.items.find((event) => event.action === 'policy.update')).toMatchObject({
      actor: { type: 'user', userId: f.a.impl.id },
      details: { fields: ['requireExpiry', 'maxLifetimeDays', 'leakResponse'] },
    })
  })

  it.each([
    { case: 'a zero lifetime', json: { maxLifetimeDays: 0 } },
    { case: 'a lifetime as text', json: { maxLifetimeDays: '30' } },
    { case: 'an unknown leak response', json: { leakResponse: 'panic' } },
    { case: 'a disuse period over ten years', json: { disableUnusedAfterDays: 4_000 } },
    { case: 'an unknown field', json: { accountId: 'acc_someone_else' } },
  ])('refuses $case with 400 ValidationFailed', async ({ json }) => {
    const res = await f.call('PUT', '/api/policies', { session: impl, json })
    expect(res.status).toBe(400)
    expect((await bodyOf(res)).code).toBe('ValidationFailed')
  })
})
