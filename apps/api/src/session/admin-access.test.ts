import { beforeAll, describe, expect, it } from 'vitest'
import { bodyOf, ORIGIN } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'
import { MANAGER_ROUTES, SESSION_ROUTES, UNSAFE, type AdminRoute } from '../test-support/admin-routes.js'

describe('admin API access rules', () => {
  const f = apiFixtureForSuite()
  let tokenId: string
  beforeAll(async () => {
    tokenId = (await f.createToken(f.a)).token.id
  })

  const pathOf = (path: string) => path.replace('{id}', tokenId)
  /** Each route with its name first, for it.each: one test a route, so every refusing route is reported, not only the first. */
  const named = (routes: AdminRoute[]) =>
    routes.map((route) => [`${route.method} ${route.path}`, route] as const)

  it.each(named([...MANAGER_ROUTES, ...SESSION_ROUTES]))(
    'answers 401 Unauthenticated on %s without a session',
    async (_name, route) => {
      const res = await f.call(route.method, pathOf(route.path), route.json ? { json: route.json(f.a) } : {})
      expect(res.status).toBe(401)
      expect((await bodyOf(res)).code).toBe('Unauthenticated')
    },
  )

  it('answers 401 for a forged or expired session cookie', async () => {
    const forged = await f.call('GET', '/api/tokens', { headers: { cookie: 'tc_session=forged' } })
    expect(forged.status).toBe(401)
    const session = await f.signIn(f.a.admin)
    f.clock.advance(31 * 60_000)
    expect((await f.call('GET', '/api/tokens', { session })).status).toBe(401)
  })

  it('does not keep a session alive through refused cross-site requests: it still ends after 30 idle minutes', async () => {
    const session = await f.signIn(f.a.admin)
    for (let i = 0; i < 5; i++) {
      f.clock.advance(25 * 60_000)
      const refused = await f.call('GET', '/api/tokens', {
        session,
        headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
      })
      expect(refused.status).toBe(403)
    }
    expect((await f.call('GET', '/api/session', { session })).status).toBe(401)
  })

  it('answers 403 RoleNotPermitted to an Analyst on every token-management route and changes nothing', async () => {
    const analyst = await f.signIn(f.a.analyst)
    const before = await f.core.tokens.get(f.a.admin.context, tokenId)
    for (const route of MANAGER_ROUTES) {
      const res = await f.call(route.method, pathOf(route.path), {
        session: analyst,
        ...(route.json ? { json: route.json(f.a) } : {}),
      })
      expect(res.status, `${route.method} ${route.path}`).toBe(403)
      expect((await bodyOf(res)).code).toBe('RoleNotPermitted')
    }
    expect(await f.core.tokens.get(f.a.admin.context, tokenId)).toEqual(before)
    expect((await f.core.legacy.get(f.a.admin.context)).enabled).toBe(false)
  })

  it.each(named(MANAGER_ROUTES))(
    'answers 403 RoleNotPermitted to an Analyst on %s even with malformed input, before reading it',
    async (_name, route) => {
      const analyst = await f.signIn(f.a.analyst)
      const malformed = `${pathOf(route.path)}${route.path.includes('?') ? '&' : '?'}limit=0&created=someday`
      const res = await f.call(route.method, malformed, {
        session: analyst,
        ...(UNSAFE.has(route.method) ? { json: { name: '', unexpected: true } } : {}),
      })
      expect(res.status).toBe(403)
      expect((await bodyOf(res)).code).toBe('RoleNotPermitted')
    },
  )

  it('lets an Analyst read the session and save a language', async () => {
    const analyst = await f.signIn(f.a.analyst)
    expect((await f.call('GET', '/api/session', { session: analyst })).status).toBe(200)
    expect(
      (await f.call('PATCH', '/api/session', { session: analyst, json: { locale: 'zh-CN' } })).status,
    ).toBe(200)
  })

  describe('CSRF', () => {
    const admin = sessionForSuite(f)

    const unsafeRoutes = [...MANAGER_ROUTES, ...SESSION_ROUTES].filter((route) => UNSAFE.has(route.method))

    it.each(named(unsafeRoutes))('refuses %s without the X-CSRF-Token header', async (_name, route) => {
      const res = await f.call(route.method, pathOf(route.path), {
        session: admin,
        withoutCsrf: true,
        ...(route.json ? { json: route.json(f.a) } : {}),
      })
      expect(res.status).toBe(403)
      expect((await bodyOf(res)).code).toBe('CsrfRejected')
    })

    it("refuses every unsafe route with a wrong X-CSRF-Token or another session's token", async () => {
      const other = await f.signIn(f.a.impl)
      for (const wrong of ['wrong', other.csrfToken]) {
        for (const route of unsafeRoutes) {
          const res = await f.call(route.method, pathOf(route.path), {
            session: admin,
            withoutCsrf: true,
            headers: { 'x-csrf-token': wrong },
            ...(route.json ? { json: route.json(f.a) } : {}),
          })
          expect(res.status, `${route.method} ${route.path}`).toBe(403)
        }
      }
    })

    it('refuses an unsafe request from a foreign Origin even with the right token', async () => {
      for (const origin of ['https://evil.test', 'null', 'http://console.test.evil.test']) {
        const res = await f.call('POST', `/api/tokens/${tokenId}/disable`, {
          session: admin,
          headers: { origin },
        })
        expect(res.status, origin).toBe(403)
      }
      const crossSite = await f.call('POST', `/api/tokens/${tokenId}/disable`, {
        session: admin,
        headers: { 'sec-fetch-site': 'cross-site' },
      })
      expect(crossSite.status).toBe(403)
      expect((await f.core.tokens.get(f.a.admin.context, tokenId)).state).toBe('enabled')
      const same = await f.call('POST', `/api/tokens/${tokenId}/enable`, {
        session: admin,
        headers: { origin: ORIGIN },
      })
      expect(same.status).toBe(200)
    })

    it('accepts an Origin naming this origin when the Host or X-Forwarded-Host spells out the default port, and still refuses another port', async () => {
      const disable = (headers: Record<string, string>) =>
        f.call('POST', `/api/tokens/${tokenId}/disable`, { session: admin, headers })
      const enable = (headers: Record<string, string>) =>
        f.call('POST', `/api/tokens/${tokenId}/enable`, { session: admin, headers })
      // A proxy forwarding `$host:$server_port`: the browser's Origin omits a default port.
      expect((await disable({ host: 'console.test:80', origin: 'http://console.test' })).status).toBe(200)
      const forwarded = {
        'x-forwarded-host': 'console.test:443',
        'x-forwarded-proto': 'https',
        origin: 'https://console.test',
        // Over TLS the session cookie carries the __Host- prefix (session-cookie.ts).
        cookie: `__Host-${admin.cookie}`,
      }
      expect((await enable(forwarded)).status).toBe(200)
      expect((await disable({ host: 'console.test', origin: 'http://console.test:80' })).status).toBe(200)
      for (const [host, origin] of [
        ['console.test:8080', 'http://console.test'],
        ['console.test', 'http://console.test:8080'],
        ['console.test:443', 'http://console.test'],
      ]) {
        const refused = await enable({ host: host as string, origin: origin as string })
        expect([host, origin, refused.status]).toEqual([host, origin, 403])
      }
    })

    it.each([
      { site: 'cross-site', mode: 'navigate' },
      { site: 'same-site', mode: 'no-cors' },
    ])(
      'refuses a $site $mode request for a credential reveal with 403, so no reveal is audited, and serves the same reveal from our own pages',
      async ({ site, mode }) => {
        const reveals = async () =>
          (await f.core.audit.list(f.a.admin.context, { limit: 200 })).items.filter(
            (event) => event.action === 'token.reveal' && event.tokenId === tokenId,
          ).length
        const before = await reveals()
        const crossSite = await f.call('GET', `/api/tokens/${tokenId}/credentials`, {
          session: admin,
          headers: { 'sec-fetch-site': site, 'sec-fetch-mode': mode },
        })
        expect(crossSite.status).toBe(403)
        expect((await bodyOf(crossSite)).code).toBe('CsrfRejected')
        expect(await reveals()).toBe(before)
        const ours = await f.call('GET', `/api/tokens/${tokenId}/credentials`, {
          session: admin,
          headers: { 'sec-fetch-site': 'same-origin' },
        })
        expect(ours.status).toBe(200)
        expect(await reveals()).toBe(before + 1)
      },
    )

    it('refuses a cross-site form or text/plain POST carrying the session cookie with 403, changing nothing', async () => {
      const body = JSON.stringify({
        name: 'csrf',
        primaryContactUserId: f.a.admin.id,
        scopes: ['GET /Account'],
      })
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const res = await f.call('POST', '/api/tokens', {
          session: admin,
          withoutCsrf: true,
          body,
          headers: { 'content-type': contentType, origin: 'https://evil.test' },
        })
        expect(res.status, contentType).toBe(403)
      }
      const list = await f.core.tokens.list(f.a.admin.context, { name: 'csrf' })
      expect(list.items).toHaveLength(0)
    })

    it('refuses a text/plain body even with a valid CSRF token (415) and never reads it', async () => {
      const res = await f.call('POST', '/api/tokens', {
        session: admin,
        body: JSON.stringify({ name: 'plain', primaryContactUserId: f.a.admin.id, scopes: ['GET /Account'] }),
        headers: { 'content-type': 'text/plain' },
      })
      expect(res.status).toBe(415)
      expect((await bodyOf(res)).code).toBe('UnsupportedMediaType')
      expect((await f.core.tokens.list(f.a.admin.context, { name: 'plain' })).items).toHaveLength(0)
    })
  })
})
