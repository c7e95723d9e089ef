import { allScopes, type AuditEventView, type TokenView } from '@tokens/core'
import { tokenActorFor } from '@tokens/core/testing'
import { describe, expect, it } from 'vitest'
import { asToken, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite } from '../test-support/suite-fixture.js'

const CATALOG = [...allScopes('brand', 'v14')]

/**
 * Issue 12: a token whose only scope was `PUT /Tokens/{Id}` rewrote its own scopes to the whole
 * catalog, and one holding only `POST /Tokens` created a token with any scopes. Over the platform
 * API, a token now never ends with, or hands out, a scope or a rate limit it does not hold.
 */
describe('platform API: a token never grants more than it holds', () => {
  const f = apiFixtureForSuite()

  const newToken = (scopes: string[], rateLimitPerHour = 1_000) =>
    f.createToken(f.a, { scopes, rateLimitPerHour, apiVersion: 'v14' })
  /** What a refusal must leave as it was (lastUsedAt moves with the token's own calls). */
  const unchanged = ({ name, scopes, rateLimitPerHour, updatedAt }: TokenView) => ({
    name,
    scopes,
    rateLimitPerHour,
    updatedAt,
  })
  const stored = async (id: string) => unchanged(await f.core.tokens.get(f.a.admin.context, id))

  it.each([
    { change: { scopes: CATALOG }, what: 'every scope of the catalog' },
    { change: { rateLimitPerHour: 10_000_000 }, what: 'a rate limit of 10,000,000' },
    { change: { scopes: CATALOG, rateLimitPerHour: 10_000_000 }, what: 'both' },
  ])(
    'refuses a PUT /Tokens/{Id}-only token giving itself $what with 403 OwnAccessImmutable; it stays refused elsewhere',
    async ({ change }) => {
      const { token, credentials } = await newToken(['PUT /Tokens/{Id}'])
      const res = await f.call('PUT', `/platform/Tokens/${token.id}`, {
        ...asToken(credentials),
        json: change,
      })
      expect(res.status).toBe(403)
      expect(res.headers.get('content-type')).toContain('application/problem+json')
      expect(await bodyOf(res)).toMatchObject({ code: 'OwnAccessImmutable', status: 403 })
      expect(await stored(token.id)).toEqual(unchanged(token))
      const refused = await f.call('GET', '/platform/Tokens', asToken(credentials))
      expect(refused.status).toBe(403)
      expect(await bodyOf(refused)).toMatchObject({ code: 'ScopeMissing' })
    },
  )

  it('lets a token rename itself over PUT /Tokens/{Id}', async () => {
    const { token, credentials } = await newToken(['PUT /Tokens/{Id}'])
    const res = await f.call('PUT', `/platform/Tokens/${token.id}`, {
      ...asToken(credentials),
      json: { name: 'Renamed by itself', scopes: ['PUT /Tokens/{Id}'], rateLimitPerHour: 1_000 },
    })
    expect(res.status).toBe(200)
    expect((await bodyOf<{ token: TokenView }>(res)).token).toMatchObject({
      name: 'Renamed by itself',
      scopes: ['PUT /Tokens/{Id}'],
    })
  })

  it('refuses a POST /Tokens-only token creating a token with other scopes: 403 names the scopes it lacks, nothing is created', async () => {
    const { credentials } = await newToken(['POST /Tokens'])
    const before = (await f.core.tokens.list(f.a.admin.context, { limit: 200 })).items.length
    const res = await f.call('POST', '/platform/Tokens', {
      ...asToken(credentials),
      json: {
        name: 'Everything',
        primaryContactUserId: f.a.admin.id,
        scopes: ['POST /Tokens', 'GET /Reports', 'DELETE /Tokens/{Id}'],
      },
    })
    expect(res.status).toBe(403)
    expect(await bodyOf(res)).toMatchObject({
      code: 'DelegationExceedsScopes',
      params: { scopes: 'DELETE /Tokens/{Id}, GET /Reports', count: 2 },
    })
    expect((await f.core.tokens.list(f.a.admin.context, { limit: 200 })).items).toHaveLength(before)
  })

  it('words the refusal in the caller’s language, naming the scopes in both', async () => {
    const { credentials } = await newToken(['POST /Tokens'])
    const json = { name: 'x', primaryContactUserId: f.a.admin.id, scopes: ['GET /Reports'] }
    const en = await bodyOf<{ detail: string }>(
      await f.call('POST', '/platform/Tokens', { ...asToken(credentials), json }),
    )
    const zh = await bodyOf<{ detail: string }>(
      await f.call('POST', '/platform/Tokens', {
        ...asToken(credentials, { 'accept-language': 'zh-CN' }),
        json,
      }),
    )
    expect(en.detail).toContain('GET /Reports')
    expect(zh.detail).toContain('GET /Reports')
    expect(zh.detail).not.toBe(en.detail)
    expect(zh.detail).toMatch(/令牌/)
  })

  it('refuses a token creating a token with a rate limit above its own with 403 DelegationExceedsRateLimit', async () => {
    const { credentials } = await newToken(['POST /Tokens', 'GET /Reports'], 300)
    const res = await f.call('POST', '/platform/Tokens', {
      ...asToken(credentials),
      json: {
        name: 'Faster',
        primaryContactUserId: f.a.admin.id,
        scopes: ['GET /Reports'],
        rateLimitPerHour: 301,
      },
    })
    expect(res.status).toBe(403)
    expect(await bodyOf(res)).toMatchObject({
      code: 'DelegationExceedsRateLimit',
      params: { rateLimitPerHour: 301, limit: 300 },
    })
    const within = await f.call('POST', '/platform/Tokens', {
      ...asToken(credentials),
      json: { name: 'Within', primaryContactUserId: f.a.admin.id, scopes: ['GET /Reports'] },
    })
    expect(within.status).toBe(201)
    expect((await bodyOf<{ token: TokenView }>(within)).token.rateLimitPerHour).toBe(300)
  })

  it.each([
    { method: 'PUT', path: (id: string) => `/platform/Tokens/${id}`, json: { name: 'Mine now' } },
    { method: 'POST', path: (id: string) => `/platform/Tokens/${id}/Reset`, json: undefined },
  ])(
    '$method on a token that holds more answers 403 DelegationExceedsScopes; its credential keeps working',
    async ({ method, path, json }) => {
      const { credentials } = await newToken(['PUT /Tokens/{Id}', 'POST /Tokens/{Id}/Reset'])
      const victim = await newToken(['PUT /Tokens/{Id}', 'POST /Tokens/{Id}/Reset', 'GET /AuditEvents'])
      const res = await f.call(method, path(victim.token.id), {
        ...asToken(credentials),
        ...(json ? { json } : {}),
      })
      expect(res.status).toBe(403)
      expect(await bodyOf(res)).toMatchObject({
        code: 'DelegationExceedsScopes',
        params: { scopes: 'GET /AuditEvents' },
      })
      expect(await stored(victim.token.id)).toEqual(unchanged(victim.token))
      expect((await f.call('GET', '/platform/AuditEvents', asToken(victim.credentials))).status).toBe(200)
    },
  )

  it('refuses to reset a token with a higher rate limit and to raise another token above its own', async () => {
    const { credentials } = await newToken(['PUT /Tokens/{Id}', 'POST /Tokens/{Id}/Reset'], 500)
    const faster = await newToken(['PUT /Tokens/{Id}'], 5_000)
    const slower = await newToken(['PUT /Tokens/{Id}'], 100)
    const reset = await f.call('POST', `/platform/Tokens/${faster.token.id}/Reset`, asToken(credentials))
    expect(await bodyOf(reset)).toMatchObject({ code: 'DelegationExceedsRateLimit', status: 403 })
    const raised = await f.call('PUT', `/platform/Tokens/${slower.token.id}`, {
      ...asToken(credentials),
      json: { rateLimitPerHour: 501 },
    })
    expect(await bodyOf(raised)).toMatchObject({ code: 'DelegationExceedsRateLimit', params: { limit: 500 } })
    expect((await stored(slower.token.id)).rateLimitPerHour).toBe(100)
  })

  it('resets its own secret over the platform API', async () => {
    const { token, credentials } = await newToken(['POST /Tokens/{Id}/Reset'])
    const res = await f.call('POST', `/platform/Tokens/${token.id}/Reset`, asToken(credentials))
    expect(res.status).toBe(200)
    expect((await f.call('POST', `/platform/Tokens/${token.id}/Reset`, asToken(credentials))).status).toBe(
      401,
    )
  })

  it('records in the audit trail which scopes were added and removed and the rate limit before and after', async () => {
    const { credentials } = await newToken(
      ['PUT /Tokens/{Id}', 'GET /Reports', 'GET /Account', 'GET /AuditEvents'],
      800,
    )
    const target = await newToken(['GET /Reports'], 200)
    f.clock.advance(1_000)
    const res = await f.call('PUT', `/platform/Tokens/${target.token.id}`, {
      ...asToken(credentials),
      json: { scopes: ['GET /Account'], rateLimitPerHour: 700 },
    })
    expect(res.status).toBe(200)
    const events = await bodyOf<{ items: AuditEventView[] }>(
      await f.call('GET', '/platform/AuditEvents?limit=5', asToken(credentials)),
    )
    const update = events.items.find((e) => e.action === 'token.update' && e.tokenId === target.token.id)
    expect(update?.details).toEqual({
      fields: ['scopes', 'rateLimitPerHour'],
      scopesAdded: ['GET /Account'],
      scopesRemoved: ['GET /Reports'],
      fromRateLimitPerHour: 200,
      toRateLimitPerHour: 700,
    })
    expect(JSON.stringify(events)).not.toContain(target.credentials.authToken)
  })
})

describe('platform API: a token that expires hands out nothing that outlives it', () => {
  const f = apiFixtureForSuite()

  const inHours = (hours: number) => new Date(f.clock.now().getTime() + hours * 3_600_000).toISOString()

  it('refuses a 24-hour token creating a token without an expiry or expiring later, resetting a lasting token or copying one, with 403 DelegationExceedsExpiry; it may create one that ends sooner', async () => {
    const scopes = ['GET /Account', 'POST /Tokens', 'GET /Tokens/{Id}', 'POST /Tokens/{Id}/Reset']
    const { credentials } = await f.createToken(f.a, { scopes, apiVersion: 'v14', expiresAt: inHours(24) })
    const create = (expiresAt?: string) =>
      f.call('POST', '/platform/Tokens', {
        ...asToken(credentials),
        json: {
          name: `Made by an expiring token ${expiresAt ?? 'never'}`,
          primaryContactUserId: f.a.admin.id,
          scopes: ['GET /Account'],
          ...(expiresAt ? { expiresAt } : {}),
        },
      })
    const lasting = await f.createToken(f.a, { scopes: ['GET /Account'], apiVersion: 'v14' })
    for (const res of [
      await create(),
      await create(inHours(48)),
      await f.call('POST', `/platform/Tokens/${lasting.token.id}/Reset`, asToken(credentials)),
    ]) {
      expect(res.status).toBe(403)
      expect(await bodyOf(res)).toMatchObject({ code: 'DelegationExceedsExpiry' })
    }
    expect((await create(inHours(12))).status).toBe(201)
  })
})

describe('platform API: the previous secret of a rotation manages no token', () => {
  const f = apiFixtureForSuite()

  it('keeps the old secret working for calls but refuses it resetting, revealing, copying or creating with 403 RetiringSecretCannotManage', async () => {
    const scopes = ['GET /Account', 'POST /Tokens', 'GET /Tokens/{Id}', 'POST /Tokens/{Id}/Reset']
    const { token, credentials: old } = await f.createToken(f.a, { scopes, apiVersion: 'v14' })
    const rotated = await f.core.lifecycle.rotate(f.a.admin.context, token.id, { overlapSeconds: 3_600 })
    expect((await f.call('GET', '/platform/Account', asToken(old))).status).toBe(200)

    const refusals = [
      await f.call('POST', `/platform/Tokens/${token.id}/Reset`, asToken(old)),
      await f.call('POST', '/platform/Tokens', {
        ...asToken(old),
        json: {
          name: 'Minted with a retiring secret',
          primaryContactUserId: f.a.admin.id,
          scopes: ['GET /Account'],
        },
      }),
    ]
    for (const res of refusals) {
      expect(res.status).toBe(403)
      expect(await bodyOf(res)).toMatchObject({ code: 'RetiringSecretCannotManage', status: 403 })
    }
    await expect(f.core.tokens.duplicate(await tokenActorFor(f.core, old), token.id)).rejects.toMatchObject({
      code: 'RetiringSecretCannotManage',
    })
    // The rotation still runs: the old secret was not able to end it, and the new one still works.
    expect((await f.core.tokens.get(f.a.admin.context, token.id)).rotation).not.toBeNull()
    expect((await f.call('GET', '/platform/Account', asToken(rotated.credentials))).status).toBe(200)

    const byNew = await f.call('POST', `/platform/Tokens/${token.id}/Reset`, asToken(rotated.credentials))
    expect(byNew.status).toBe(200)
  })
})
