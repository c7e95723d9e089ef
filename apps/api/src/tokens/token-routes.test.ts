import type { TokenView, TokenWithCredentials } from '@tokens/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  basic,
  bodyOf,
  openApiFixture,
  type AdminSession,
  type ApiFixture,
} from '../test-support/api-fixture.js'

describe('admin token routes', () => {
  let f: ApiFixture
  let admin: AdminSession
  let impl: AdminSession
  beforeAll(async () => {
    f = await openApiFixture()
    admin = await f.signIn(f.a.admin)
    impl = await f.signIn(f.a.impl)
  })
  afterAll(() => f.close())

  const createBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Reporting export',
    description: 'Nightly job',
    primaryContactUserId: f.a.admin.id,
    developerEmails: ['Dev@Example.test'],
    scopes: ['GET /Reports', 'GET /Account'],
    ...overrides,
  })

  /** Fields a client must never set (mass assignment), each sent on its own. */
  const forbiddenFields = () => [
    { accountId: f.b.id },
    { state: 'disabled' },
    { secret: 'x' },
    { kind: 'legacy_read_write' },
    { authToken: 'tcat_x' },
    { id: 'tok_other' },
    { createdAt: '2020-01-01T00:00:00.000Z' },
  ]

  async function expectRefusedFields(res: Response, extra: Record<string, unknown>) {
    expect(res.status, JSON.stringify(extra)).toBe(400)
    const problem = await bodyOf<{ code: string; errors: { keys?: string[] }[] }>(res)
    expect(problem.code).toBe('ValidationFailed')
    expect(problem.errors[0]?.keys).toEqual(Object.keys(extra))
  }

  it('creates a token with 201, its credentials once, no-store, on the latest API version by default', async () => {
    const res = await f.call('POST', '/api/tokens', { session: impl, json: createBody() })
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = await bodyOf<TokenWithCredentials>(res)
    expect(body.token).toMatchObject({
      kind: 'scoped',
      name: 'Reporting export',
      state: 'enabled',
      apiVersion: 'v14',
      rateLimitPerHour: 1000,
      developerEmails: ['dev@example.test'],
    })
    expect(body.credentials.accountSid).toBe(body.token.accountSid)
    expect(body.credentials.authToken).toMatch(/^tcat_/)
    expect(JSON.stringify(body.token)).not.toContain(body.credentials.authToken)
  })

  it('refuses unknown or forbidden fields on create (mass assignment) with 400 and creates nothing', async () => {
    const before = await bodyOf<{ items: TokenView[] }>(
      await f.call('GET', '/api/tokens?limit=200', { session: admin }),
    )
    for (const extra of forbiddenFields()) {
      await expectRefusedFields(
        await f.call('POST', '/api/tokens', { session: admin, json: createBody(extra) }),
        extra,
      )
    }
    const after = await bodyOf<{ items: TokenView[] }>(
      await f.call('GET', '/api/tokens?limit=200', { session: admin }),
    )
    expect(after.items.length).toBe(before.items.length)
  })

  it("refuses a token without scopes, with unknown scopes, or with another account's primary contact", async () => {
    const none = await f.call('POST', '/api/tokens', { session: admin, json: createBody({ scopes: [] }) })
    expect(none.status).toBe(400)
    expect(await bodyOf(none)).toMatchObject({
      code: 'ValidationFailed',
      errors: [{ path: 'scopes', reason: 'scopesRequired' }],
    })
    const unknown = await f.call('POST', '/api/tokens', {
      session: admin,
      json: createBody({ scopes: ['GET /Nope'] }),
    })
    expect(unknown.status).toBe(400)
    const unknownBody = await bodyOf(unknown)
    expect(unknownBody).toMatchObject({ code: 'ScopeUnknown' })
    // The message names every refused scope, so the caller knows what to remove.
    expect(unknownBody.detail).toContain('GET /Nope')
    expect(unknownBody.detail).not.toContain('{')
    const contact = await f.call('POST', '/api/tokens', {
      session: admin,
      json: createBody({ primaryContactUserId: f.b.admin.id }),
    })
    expect(contact.status).toBe(400)
    expect(await bodyOf(contact)).toMatchObject({ code: 'PrimaryContactNotFound' })
    const version = await f.call('POST', '/api/tokens', {
      session: admin,
      json: createBody({ apiVersion: 'v2' }),
    })
    expect(version.status).toBe(400)
    expect(await bodyOf(version)).toMatchObject({
      code: 'ApiVersionNotForAccount',
      params: { apiVersion: 'v2' },
    })
  })

  it('refuses names with bidi overrides, zero-width characters, CRLF or over 100 characters', async () => {
    for (const name of ['evil\u202Egnp.exe', 'zero\u200Bwidth', 'line\r\nbreak', 'x'.repeat(10_000)]) {
      const res = await f.call('POST', '/api/tokens', { session: admin, json: createBody({ name }) })
      expect(res.status).toBe(400)
      expect((await bodyOf<{ errors: { path: string }[] }>(res)).errors[0]?.path).toBe('name')
    }
  })

  it('stores markup in a name exactly and answers it as JSON text', async () => {
    const name = '<img src=x onerror=alert(1)>'
    const res = await f.call('POST', '/api/tokens', { session: admin, json: createBody({ name }) })
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect((await bodyOf<TokenWithCredentials>(res)).token.name).toBe(name)
  })

  it('lists tokens newest first with filters, paging and 400 for an unknown filter value', async () => {
    for (const name of ['Filter Alpha', 'Filter Beta', 'Filter Gamma']) {
      f.clock.advance(1_000)
      await f.createToken(f.a, { name })
    }
    const page = await bodyOf<{ items: TokenView[]; nextCursor: string | null }>(
      await f.call('GET', '/api/tokens?name=filter&limit=2', { session: admin }),
    )
    expect(page.items.map((t) => t.name)).toEqual(['Filter Gamma', 'Filter Beta'])
    expect(page.nextCursor).not.toBeNull()
    const next = await bodyOf<{ items: TokenView[] }>(
      await f.call(
        'GET',
        `/api/tokens?name=filter&limit=2&cursor=${encodeURIComponent(page.nextCursor ?? '')}`,
        { session: admin },
      ),
    )
    expect(next.items.map((t) => t.name)).toEqual(['Filter Alpha'])
    const cleared = await f.call('GET', '/api/tokens?name=&created=&state=', { session: admin })
    expect(cleared.status).toBe(200)
    for (const query of ['state=paused', 'created=yesterday', 'limit=0', 'limit=201', 'colour=red']) {
      const res = await f.call('GET', `/api/tokens?${query}`, { session: admin })
      expect(res.status, query).toBe(400)
    }
  })

  it('reads a token, 404 for a missing one', async () => {
    const { token } = await f.createToken(f.a)
    const res = await f.call('GET', `/api/tokens/${token.id}`, { session: admin })
    expect(res.status).toBe(200)
    expect(await bodyOf(res)).toEqual({ token })
    const missing = await f.call('GET', '/api/tokens/tok_doesnotexist', { session: admin })
    expect(missing.status).toBe(404)
    expect(await bodyOf(missing)).toMatchObject({
      code: 'TokenNotFound',
      status: 404,
      type: 'urn:token-console:problem:TokenNotFound',
    })
  })

  it("updates a token's name, contact, scopes and rate limit, refusing forbidden fields", async () => {
    const { token } = await f.createToken(f.a)
    const res = await f.call('PATCH', `/api/tokens/${token.id}`, {
      session: admin,
      json: {
        name: 'Renamed',
        primaryContactUserId: f.a.impl.id,
        scopes: ['GET /Tokens', 'POST /Tokens'],
        rateLimitPerHour: 50,
      },
    })
    expect(res.status).toBe(200)
    expect((await bodyOf<{ token: TokenView }>(res)).token).toMatchObject({
      name: 'Renamed',
      primaryContactUserId: f.a.impl.id,
      scopes: ['GET /Tokens', 'POST /Tokens'],
      rateLimitPerHour: 50,
    })
    for (const field of [
      { state: 'disabled' },
      { accountSid: 'TKx' },
      { rateLimitPerHour: 0 },
      { rateLimitPerHour: 10_000_001 },
    ]) {
      const refused = await f.call('PATCH', `/api/tokens/${token.id}`, { session: admin, json: field })
      expect(refused.status, JSON.stringify(field)).toBe(400)
    }
    expect((await f.core.tokens.get(f.a.admin.context, token.id)).state).toBe('enabled')
    expect(
      (await f.call('PATCH', '/api/tokens/tok_missing', { session: admin, json: { name: 'x' } })).status,
    ).toBe(404)
  })

  it('refuses unknown or forbidden fields on update (mass assignment) with 400 and changes nothing, even beside allowed ones', async () => {
    const { token, credentials } = await f.createToken(f.a)
    for (const extra of forbiddenFields()) {
      await expectRefusedFields(
        await f.call('PATCH', `/api/tokens/${token.id}`, {
          session: admin,
          json: { name: 'Sneaked in', ...extra },
        }),
        extra,
      )
    }
    expect(await f.core.tokens.get(f.a.admin.context, token.id)).toEqual(token)
    const auth = { authorization: basic(credentials.accountSid, credentials.authToken) }
    expect((await f.call('GET', '/platform/Account', { headers: auth })).status).toBe(200)
  })

  it('deletes a token with 204; afterwards it is 404 and its credential no longer authenticates', async () => {
    const { token, credentials } = await f.createToken(f.a)
    const auth = { authorization: basic(credentials.accountSid, credentials.authToken) }
    expect((await f.call('GET', '/platform/Account', { headers: auth })).status).toBe(200)
    const res = await f.call('DELETE', `/api/tokens/${token.id}`, { session: admin })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect((await f.call('GET', `/api/tokens/${token.id}`, { session: admin })).status).toBe(404)
    expect((await f.call('DELETE', `/api/tokens/${token.id}`, { session: admin })).status).toBe(404)
    expect((await f.call('GET', '/platform/Account', { headers: auth })).status).toBe(401)
  })
})
