import type { AccountPolicy, AuditEventView, UnusedTokensPreview } from '@tokens/core'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'

describe('the account policy on the admin API', () => {
  const f = apiFixtureForSuite()
  const impl = sessionForSuite(f, (opened) => opened.a.impl)

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
    { case: 'a disuse period under 30 days', json: { disableUnusedAfterDays: 29 } },
    { case: 'a disuse period over 365 days', json: { disableUnusedAfterDays: 366 } },
    { case: 'an unknown field', json: { accountId: 'acc_someone_else' } },
  ])('refuses $case with 400 ValidationFailed', async ({ json }) => {
    const res = await f.call('PUT', '/api/policies', { session: impl, json })
    expect(res.status).toBe(400)
    expect((await bodyOf(res)).code).toBe('ValidationFailed')
  })
})

describe('the unused-token preview on the admin API', () => {
  const DAY_MS = 86_400_000
  const f = apiFixtureForSuite()
  let unusedId: string
  let usedId: string
  let foreignId: string
  beforeAll(async () => {
    unusedId = (await f.createToken(f.a, { name: 'Forgotten export' })).token.id
    const used = await f.createToken(f.a, { name: 'Busy sync' })
    usedId = used.token.id
    foreignId = (await f.createToken(f.b, { name: 'Other account token' })).token.id
    f.clock.advance(50 * DAY_MS)
    const verified = await f.core.verification.verify(used.credentials.accountSid, used.credentials.authToken)
    f.core.verification.recordUse(verified?.tokenId as string)
    await vi.waitFor(async () =>
      expect((await f.core.tokens.get(f.a.admin.context, usedId)).lastUsedAt).not.toBeNull(),
    )
    f.clock.advance(20 * DAY_MS)
  })

  it('lists nothing while the policy is off, and the tokens unused for the days asked or saved', async () => {
    const impl = await f.signIn(f.a.impl)
    const off = await f.call('GET', '/api/policies/unused-preview', { session: impl })
    expect(off.status).toBe(200)
    expect(await bodyOf(off)).toEqual({ days: null, total: 0, items: [] })

    const sixty = await bodyOf<UnusedTokensPreview>(
      await f.call('GET', '/api/policies/unused-preview?days=60', { session: impl }),
    )
    expect(sixty).toMatchObject({
      days: 60,
      total: 1,
      items: [{ id: unusedId, name: 'Forgotten export', lastUsedAt: null }],
    })
    expect(Object.keys(sixty.items[0] ?? {}).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name'])
    const thirty = await bodyOf<UnusedTokensPreview>(
      await f.call('GET', '/api/policies/unused-preview?days=30', { session: impl }),
    )
    expect(thirty.items.map((item) => item.id)).toEqual([unusedId])
    const aYear = await bodyOf<UnusedTokensPreview>(
      await f.call('GET', '/api/policies/unused-preview?days=365', { session: impl }),
    )
    expect(aYear.items).toEqual([])

    await f.call('PUT', '/api/policies', { session: impl, json: { disableUnusedAfterDays: 60 } })
    expect(await bodyOf(await f.call('GET', '/api/policies/unused-preview', { session: impl }))).toEqual(
      sixty,
    )
    expect(sixty.items.map((item) => item.id)).not.toContain(usedId)
  })

  it("never lists another account's tokens", async () => {
    const b = await f.signIn(f.b.admin)
    const preview = await bodyOf<UnusedTokensPreview>(
      await f.call('GET', '/api/policies/unused-preview?days=30', { session: b }),
    )
    expect(preview.items.map((item) => item.id)).toEqual([foreignId])
  })

  it.each(['29', '366', '45.5', 'ninety', ''])('refuses days=%s with 400 ValidationFailed', async (days) => {
    const admin = await f.signIn(f.a.admin)
    const res = await f.call('GET', `/api/policies/unused-preview?days=${days}`, { session: admin })
    expect(res.status).toBe(400)
    expect((await bodyOf(res)).code).toBe('ValidationFailed')
  })

  it('is documented in the OpenAPI document', async () => {
    const doc = await bodyOf<{ paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }> }>(
      await f.call('GET', '/api/openapi.json'),
    )
    expect(doc.paths['/api/policies/unused-preview']?.get?.parameters?.map((p) => p.name)).toEqual(['days'])
  })
})
