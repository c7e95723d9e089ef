import type { AuditEventView, TokenView, TokenWithCredentials } from '@tokens/core'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { asToken, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite } from '../test-support/suite-fixture.js'
import { ALL_PLATFORM_SCOPES } from '../test-support/platform-scopes.js'

describe('platform API', () => {
  const f = apiFixtureForSuite()

  describe('on the latest API version', () => {
    let manager: TokenWithCredentials
    beforeAll(async () => {
      manager = await f.createToken(f.a, { name: 'Integration manager', scopes: ALL_PLATFORM_SCOPES })
    })

    it("answers the account in the console's JSON", async () => {
      const res = await f.call('GET', '/platform/Account', asToken(manager.credentials))
      expect(res.status).toBe(200)
      expect(await bodyOf(res)).toEqual({ id: f.a.id, kind: 'brand', name: f.a.name, legacyEnabledAt: null })
    })

    it('manages tokens end to end: create, list, read, update, reset, delete, acting as the token', async () => {
      const created = await f.call('POST', '/platform/Tokens', {
        ...asToken(manager.credentials),
        json: { name: 'Made by an integration', primaryContactUserId: f.a.impl.id, scopes: ['GET /Account'] },
      })
      expect(created.status).toBe(201)
      expect(created.headers.get('cache-control')).toBe('no-store')
      const made = await bodyOf<TokenWithCredentials>(created)
      expect(made.token).toMatchObject({ name: 'Made by an integration', apiVersion: 'v14' })
      expect(made.credentials.authToken).toMatch(/^tcat_/)

      const list = await bodyOf<{ items: TokenView[] }>(
        await f.call('GET', '/platform/Tokens?name=integration', asToken(manager.credentials)),
      )
      expect(list.items.map((t) => t.id)).toContain(made.token.id)

      const read = await f.call('GET', `/platform/Tokens/${made.token.id}`, asToken(manager.credentials))
      expect(await bodyOf(read)).toEqual({ token: made.token })

      const updated = await f.call('PUT', `/platform/Tokens/${made.token.id}`, {
        ...asToken(manager.credentials),
        json: { description: 'Changed over the platform API' },
      })
      expect((await bodyOf<{ token: TokenView }>(updated)).token.description).toBe(
        'Changed over the platform API',
      )

      const reset = await f.call(
        'POST',
        `/platform/Tokens/${made.token.id}/Reset`,
        asToken(manager.credentials),
      )
      expect(reset.status).toBe(200)
      expect(reset.headers.get('cache-control')).toBe('no-store')
      expect((await bodyOf<TokenWithCredentials>(reset)).credentials.authToken).not.toBe(
        made.credentials.authToken,
      )

      const deleted = await f.call(
        'DELETE',
        `/platform/Tokens/${made.token.id}`,
        asToken(manager.credentials),
      )
      expect(deleted.status).toBe(204)
      expect(
        (await f.call('GET', `/platform/Tokens/${made.token.id}`, asToken(manager.credentials))).status,
      ).toBe(404)

      const audit = await bodyOf<{ items: AuditEventView[] }>(
        await f.call('GET', '/platform/AuditEvents?limit=10', asToken(manager.credentials)),
      )
      const byToken = audit.items.filter((e) => e.actor.type === 'token')
      expect(byToken.map((e) => e.action)).toEqual(
        expect.arrayContaining(['token.create', 'token.update', 'token.reset', 'token.delete']),
      )
      expect(byToken.every((e) => e.actor.type === 'token' && e.actor.tokenId === manager.token.id)).toBe(
        true,
      )
    })

    it('filters the audit trail by token, actor, action and date as the admin API does, and refuses a CSV', async () => {
      const made = await f.createToken(f.a, { name: 'Filtered on the platform' })
      await f.core.tokens.disable(f.a.impl.context, made.token.id)
      const filtered = await bodyOf<{ items: AuditEventView[] }>(
        await f.call(
          'GET',
          `/platform/AuditEvents?tokenId=${made.token.id}&actor=${f.a.impl.id}&action=token.disable&from=2000-01-01`,
          asToken(manager.credentials),
        ),
      )
      expect(filtered.items.map((e) => [e.action, e.tokenId, e.tokenName, e.tokenKind])).toEqual([
        ['token.disable', made.token.id, 'Filtered on the platform', 'scoped'],
      ])
      const badDate = await f.call(
        'GET',
        '/platform/AuditEvents?from=2026-13-01',
        asToken(manager.credentials),
      )
      expect(badDate.status).toBe(400)
      expect(
        (await f.call('GET', '/platform/AuditEvents?format=csv', asToken(manager.credentials))).status,
      ).toBe(400)
    })

    it('refuses invalid bodies: unknown fields 400, text/plain 415, malformed JSON 400', async () => {
      const unknown = await f.call('POST', '/platform/Tokens', {
        ...asToken(manager.credentials),
        json: { name: 'x', primaryContactUserId: f.a.admin.id, scopes: ['GET /Account'], accountId: f.b.id },
      })
      expect(unknown.status).toBe(400)
      const plain = await f.call('POST', '/platform/Tokens', {
        ...asToken(manager.credentials, { 'content-type': 'text/plain' }),
        body: '{}',
      })
      expect(plain.status).toBe(415)
      const malformed = await f.call('PUT', `/platform/Tokens/${manager.token.id}`, {
        ...asToken(manager.credentials, { 'content-type': 'application/json' }),
        body: '{"name": ',
      })
      expect(malformed.status).toBe(400)
      expect((await bodyOf(malformed)).code).toBe('MalformedJson')
    })

    it.each([
      { what: 'a soft hyphen', body: '{"name":"ad\u00ADmin"}', reason: 'forbiddenCharacters' },
      {
        what: 'a right-to-left override',
        body: '{"name":"evil\u202Egnp.exe"}',
        reason: 'forbiddenCharacters',
      },
      { what: 'tag characters', body: '{"name":"admin\uDB40\uDC41"}', reason: 'forbiddenCharacters' },
      { what: 'only a Hangul filler', body: '{"name":"\u3164"}', reason: 'blank' },
      { what: 'a lone surrogate escape', body: '{"name":"ad\\ud800min"}', reason: 'malformedText' },
      {
        what: 'invalid UTF-8',
        body: new Uint8Array([...Buffer.from('{"name":"ad'), 0xc3, ...Buffer.from('min"}')]),
        reason: 'malformedText',
      },
    ])(
      'refuses a token name with $what on the platform API too, 400 naming the field',
      async ({ body, reason }) => {
        const res = await f.call('PUT', `/platform/Tokens/${manager.token.id}`, {
          ...asToken(manager.credentials, { 'content-type': 'application/json' }),
          body,
        })
        expect(res.status).toBe(400)
        expect(await bodyOf(res)).toMatchObject({
          code: 'ValidationFailed',
          errors: [{ path: 'name', reason }],
        })
      },
    )

    it("answers 400 ApiVersionMismatch naming the token's version when Api-Version differs", async () => {
      const mismatch = await f.call(
        'GET',
        '/platform/Account',
        asToken(manager.credentials, { 'api-version': 'v12' }),
      )
      expect(mismatch.status).toBe(400)
      const problem = await bodyOf<{ code: string; detail: string; params: Record<string, string> }>(mismatch)
      expect(problem).toMatchObject({
        code: 'ApiVersionMismatch',
        params: { tokenVersion: 'v14', requestedVersion: 'v12' },
      })
      expect(problem.detail).toContain('v14')
      expect(
        (await f.call('GET', '/platform/Account', asToken(manager.credentials, { 'api-version': 'v14' })))
          .status,
      ).toBe(200)
    })

    it("records the token's last use without a write per request", async () => {
      const used = await f.createToken(f.a, { scopes: ['GET /Account'] })
      expect(used.token.lastUsedAt).toBeNull()
      expect((await f.call('GET', '/platform/Account', asToken(used.credentials))).status).toBe(200)
      await vi.waitFor(async () =>
        expect((await f.core.tokens.get(f.a.admin.context, used.token.id)).lastUsedAt).not.toBeNull(),
      )
    })
  })

  describe('on an older API version', () => {
    it('answers the classic PascalCase shapes', async () => {
      const old = await f.createToken(f.a, {
        apiVersion: 'v12',
        scopes: ALL_PLATFORM_SCOPES,
        name: 'Classic integration',
      })
      const account = await bodyOf(await f.call('GET', '/platform/Account', asToken(old.credentials)))
      expect(account).toEqual({ Id: f.a.id, Name: f.a.name, Type: 'Brand', DateLegacyTokensEnabled: null })
      // The use above is written by a periodic flush: wait for it, so DateLastUsed is one known value.
      await vi.waitFor(async () =>
        expect((await f.core.tokens.get(f.a.admin.context, old.token.id)).lastUsedAt).not.toBeNull(),
      )

      const token = await bodyOf(
        await f.call('GET', `/platform/Tokens/${old.token.id}`, asToken(old.credentials)),
      )
      expect(token).toMatchObject({
        Id: old.token.id,
        Name: 'Classic integration',
        AccountSid: old.token.accountSid,
        ApiVersion: 'v12',
        State: 'Enabled',
        DateCreated: old.token.createdAt,
        DateLastUsed: f.clock.now().toISOString(),
      })
      expect(token).not.toHaveProperty('token')

      const list = await bodyOf<{ Tokens: { Id: string }[]; NextCursor: string | null }>(
        await f.call('GET', '/platform/Tokens?name=Classic', asToken(old.credentials)),
      )
      expect(list.Tokens.map((t) => t.Id)).toEqual([old.token.id])
      expect(list.NextCursor).toBeNull()

      f.clock.advance(1_000)
      const reset = await bodyOf<{ AccountSid: string; AuthToken: string }>(
        await f.call('POST', `/platform/Tokens/${old.token.id}/Reset`, asToken(old.credentials)),
      )
      expect(reset.AccountSid).toBe(old.credentials.accountSid)
      expect(reset.AuthToken).toMatch(/^tcat_/)
      const fresh = { accountSid: reset.AccountSid, authToken: reset.AuthToken }
      const events = await bodyOf<{ AuditEvents: { Action: string; ActorType: string }[] }>(
        await f.call('GET', '/platform/AuditEvents', asToken(fresh)),
      )
      expect(events.AuditEvents[0]).toMatchObject({ Action: 'token.reset', ActorType: 'Token' })
      // The classic event stays as it was: the names and the target's kind are the latest form's only.
      expect(Object.keys(events.AuditEvents[0] ?? {}).sort()).toEqual([
        'Action',
        'ActorId',
        'ActorType',
        'Date',
        'Id',
        'IpAddress',
        'TokenId',
      ])
    })
  })

  describe('scopes', () => {
    it('answers 403 naming the missing scope for other methods and other categories', async () => {
      const readOnly = await f.createToken(f.a, { scopes: ['GET /Tokens', 'GET /Tokens/{Id}'] })
      const target = await f.createToken(f.a)
      const cases: [string, string, unknown, string][] = [
        [
          'POST',
          '/platform/Tokens',
          { name: 'x', primaryContactUserId: f.a.admin.id, scopes: ['GET /Account'] },
          'POST /Tokens',
        ],
        ['PUT', `/platform/Tokens/${target.token.id}`, { name: 'x' }, 'PUT /Tokens/{Id}'],
        ['DELETE', `/platform/Tokens/${target.token.id}`, undefined, 'DELETE /Tokens/{Id}'],
        ['POST', `/platform/Tokens/${target.token.id}/Reset`, undefined, 'POST /Tokens/{Id}/Reset'],
        ['GET', '/platform/Account', undefined, 'GET /Account'],
        ['GET', '/platform/AuditEvents', undefined, 'GET /AuditEvents'],
      ]
      for (const [method, path, json, scope] of cases) {
        const res = await f.call(method, path, {
          ...asToken(readOnly.credentials),
          ...(json ? { json } : {}),
        })
        expect(res.status, `${method} ${path}`).toBe(403)
        const problem = await bodyOf<{ code: string; detail: string; params: { scope: string } }>(res)
        expect(problem).toMatchObject({ code: 'ScopeMissing', params: { scope } })
        expect(problem.detail).toContain(scope)
      }
      expect(await f.core.tokens.get(f.a.admin.context, target.token.id)).toEqual(target.token)
      expect(
        (await f.call('GET', `/platform/Tokens/${target.token.id}`, asToken(readOnly.credentials))).status,
      ).toBe(200)
    })
  })

  describe('rate limit per token', () => {
    it('counts requests per token per hour with RateLimit headers, answers 429 with Retry-After, resets next window', async () => {
      const limited = await f.createToken(f.a, { scopes: ['GET /Account'], rateLimitPerHour: 3 })
      const other = await f.createToken(f.a, { scopes: ['GET /Account'], rateLimitPerHour: 3 })
      const remaining: string[] = []
      for (let i = 0; i < 3; i++) {
        const res = await f.call('GET', '/platform/Account', asToken(limited.credentials))
        expect(res.status).toBe(200)
        expect(res.headers.get('ratelimit-limit')).toBe('3')
        remaining.push(res.headers.get('ratelimit-remaining') ?? '')
      }
      expect(remaining).toEqual(['2', '1', '0'])
      const over = await f.call('GET', '/platform/Account', asToken(limited.credentials))
      expect(over.status).toBe(429)
      expect(await bodyOf(over)).toMatchObject({ code: 'RateLimited' })
      const retryAfter = Number(over.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(3_600)
      expect(over.headers.get('ratelimit-remaining')).toBe('0')
      expect(over.headers.get('ratelimit-reset')).toBe(String(retryAfter))
      expect((await f.call('GET', '/platform/Account', asToken(other.credentials))).status).toBe(200)
      f.clock.advance(retryAfter * 1_000)
      expect((await f.call('GET', '/platform/Account', asToken(limited.credentials))).status).toBe(200)
    })

    it('puts the RateLimit headers on refusals after authentication too', async () => {
      const token = await f.createToken(f.a, { scopes: ['GET /Account'] })
      const res = await f.call('GET', '/platform/AuditEvents', asToken(token.credentials))
      expect(res.status).toBe(403)
      expect(res.headers.get('ratelimit-limit')).toBe('1000')
      expect(res.headers.get('ratelimit-remaining')).toBe('999')
    })

    it('puts the RateLimit headers on refusals of the input and of the handler as well', async () => {
      const token = await f.createToken(f.a, { scopes: ['GET /Tokens', 'GET /Tokens/{Id}'] })
      const invalidQuery = await f.call('GET', '/platform/Tokens?state=sleeping', asToken(token.credentials))
      expect(invalidQuery.status).toBe(400)
      expect(invalidQuery.headers.get('ratelimit-remaining')).toBe('999')
      const unknown = await f.call('GET', '/platform/Tokens/tok_unknown', asToken(token.credentials))
      expect(unknown.status).toBe(404)
      expect(unknown.headers.get('ratelimit-remaining')).toBe('998')
      expect(unknown.headers.get('ratelimit-limit')).toBe('1000')
    })

    it('follows a rate limit changed on the token', async () => {
      const token = await f.createToken(f.a, { scopes: ['GET /Account'], rateLimitPerHour: 1 })
      expect((await f.call('GET', '/platform/Account', asToken(token.credentials))).status).toBe(200)
      expect((await f.call('GET', '/platform/Account', asToken(token.credentials))).status).toBe(429)
      await f.core.tokens.update(f.a.admin.context, token.token.id, { rateLimitPerHour: 5 })
      expect((await f.call('GET', '/platform/Account', asToken(token.credentials))).status).toBe(200)
    })
  })

  it('answers an unknown platform path with a 404 problem', async () => {
    const res = await f.call('GET', '/platform/Nope')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
  })
})
