import type { TokenView, TokenWithCredentials } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'

describe('admin token routes', () => {
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f)
  const impl = sessionForSuite(f, (opened) => opened.a.impl)

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

  const deceptiveTexts = [
    { what: 'a lone surrogate', text: 'ad\uD800min', reason: 'malformedText' },
    { what: 'the Arabic letter mark U+061C', text: 'ad\u061Cmin', reason: 'forbiddenCharacters' },
    { what: 'a left-to-right mark U+200E', text: 'ad\u200Emin', reason: 'forbiddenCharacters' },
    { what: 'a right-to-left override U+202E', text: 'evil\u202Egnp.exe', reason: 'forbiddenCharacters' },
    { what: 'a directional isolate U+2066', text: 'ad\u2066min', reason: 'forbiddenCharacters' },
    { what: 'a soft hyphen U+00AD', text: 'ad\u00ADmin', reason: 'forbiddenCharacters' },
    { what: 'the Mongolian vowel separator U+180E', text: 'ad\u180Emin', reason: 'forbiddenCharacters' },
    { what: 'a zero-width space U+200B', text: 'zero\u200Bwidth', reason: 'forbiddenCharacters' },
    { what: 'a zero-width joiner between letters', text: 'ad\u200Dmin', reason: 'forbiddenCharacters' },
    { what: 'a word joiner U+2060', text: 'ad\u2060min', reason: 'forbiddenCharacters' },
    { what: 'a byte order mark U+FEFF', text: 'ad\uFEFFmin', reason: 'forbiddenCharacters' },
    { what: 'an interlinear annotation U+FFF9', text: 'ad\uFFF9min', reason: 'forbiddenCharacters' },
    { what: 'tag characters', text: 'admin\u{E0041}\u{E0042}', reason: 'forbiddenCharacters' },
    { what: 'the combining grapheme joiner U+034F', text: 'ad\u034Fmin', reason: 'forbiddenCharacters' },
    { what: 'a line separator U+2028', text: 'line\u2028sep', reason: 'forbiddenCharacters' },
    { what: 'a paragraph separator U+2029', text: 'para\u2029sep', reason: 'forbiddenCharacters' },
    { what: 'a control character', text: 'bell\u0007', reason: 'forbiddenCharacters' },
    { what: 'only a Hangul filler U+3164', text: '\u3164', reason: 'blank' },
    { what: 'only Hangul fillers U+115F U+1160', text: '\u115F\u1160', reason: 'blank' },
    { what: 'only a halfwidth Hangul filler U+FFA0', text: '\uFFA0', reason: 'blank' },
    { what: 'only a braille blank U+2800', text: '\u2800', reason: 'blank' },
    { what: 'only invisible characters', text: '\u200B\u2060', reason: 'blank' },
  ]

  it.each(deceptiveTexts)(
    'refuses a name with $what: 400 ValidationFailed naming the field, nothing created',
    async ({ text, reason }) => {
      const before = await f.call('GET', '/api/tokens?limit=200', { session: admin })
      const count = (await bodyOf<{ items: unknown[] }>(before)).items.length
      const res = await f.call('POST', '/api/tokens', { session: admin, json: createBody({ name: text }) })
      expect(res.status).toBe(400)
      expect(await bodyOf(res)).toMatchObject({
        code: 'ValidationFailed',
        errors: [{ path: 'name', reason }],
      })
      const after = await f.call('GET', '/api/tokens?limit=200', { session: admin })
      expect((await bodyOf<{ items: unknown[] }>(after)).items).toHaveLength(count)
    },
  )

  it.each(deceptiveTexts)(
    'refuses a description with $what on update, naming the field',
    async ({ text, reason }) => {
      const { token } = await f.createToken(f.a)
      const res = await f.call('PATCH', `/api/tokens/${token.id}`, {
        session: admin,
        json: { description: text },
      })
      expect(res.status).toBe(400)
      expect(await bodyOf(res)).toMatchObject({
        code: 'ValidationFailed',
        errors: [{ path: 'description', reason }],
      })
    },
  )

  it.each([
    { what: 'Chinese', name: '报表同步令牌' },
    { what: 'an emoji ZWJ sequence', name: 'Dev 👩‍💻 team' },
    { what: 'a flag ZWJ sequence', name: 'Pride 🏳️‍🌈' },
  ])('accepts a name in $what and answers it unchanged', async ({ name }) => {
    const res = await f.call('POST', '/api/tokens', { session: admin, json: createBody({ name }) })
    expect(res.status).toBe(201)
    expect((await bodyOf<TokenWithCredentials>(res)).token.name).toBe(name)
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
