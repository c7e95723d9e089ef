import { describe, expect, it } from 'vitest'
import { basic } from '../test-support/api-fixture.js'
import { apiFixtureForSuite } from '../test-support/suite-fixture.js'
import { MANAGER_ROUTES } from '../test-support/admin-routes.js'

describe('tenant isolation on the admin API', () => {
  const f = apiFixtureForSuite()

  const tokenRoutes = MANAGER_ROUTES.filter((route) => route.path.includes('{id}'))

  async function snapshot(response: Response) {
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: await response.text(),
    }
  }

  // One test a route: a route that leaks must not hide what the routes after it do.
  it.each(tokenRoutes)(
    "answers another account's token on $method $path exactly like a missing id, and changes nothing",
    async (route) => {
      const foreign = await f.createToken(f.b, { apiVersion: 'v1', scopes: ['GET /Account'] })
      const admin = await f.signIn(f.a.admin)
      const options = { session: admin, ...(route.json ? { json: route.json(f.a) } : {}) }
      const theirs = await snapshot(
        await f.call(route.method, route.path.replace('{id}', foreign.token.id), options),
      )
      const missing = await snapshot(
        await f.call(route.method, route.path.replace('{id}', 'tok_0000000000000000'), options),
      )
      expect(theirs.status).toBe(404)
      expect(theirs).toEqual(missing)
      expect(await f.core.tokens.get(f.b.admin.context, foreign.token.id)).toEqual(foreign.token)
      const auth = basic(foreign.credentials.accountSid, foreign.credentials.authToken)
      expect((await f.call('GET', '/platform/Account', { headers: { authorization: auth } })).status).toBe(
        200,
      )
    },
  )

  it("never lists, counts or audits another account's tokens", async () => {
    const foreign = await f.createToken(f.b, { name: 'Only in Beta' })
    const admin = await f.signIn(f.a.admin)
    const list = await (await f.call('GET', '/api/tokens?name=Only%20in%20Beta', { session: admin })).json()
    expect(list).toEqual({ items: [], nextCursor: null })
    const audit = await (await f.call('GET', '/api/audit-events?limit=200', { session: admin })).text()
    expect(audit).not.toContain(foreign.token.id)
    const users = await (await f.call('GET', '/api/users', { session: admin })).text()
    expect(users).not.toContain(f.b.admin.email)
  })

  it("answers another account's token on the platform API exactly like a missing id", async () => {
    const foreign = await f.createToken(f.b)
    const mine = await f.createToken(f.a, {
      scopes: ['GET /Tokens/{Id}', 'PUT /Tokens/{Id}', 'DELETE /Tokens/{Id}', 'POST /Tokens/{Id}/Reset'],
    })
    const auth = { authorization: basic(mine.credentials.accountSid, mine.credentials.authToken) }
    for (const [method, suffix, json] of [
      ['GET', '', undefined],
      ['PUT', '', { name: 'hijacked' }],
      ['POST', '/Reset', undefined],
      ['DELETE', '', undefined],
    ] as const) {
      const options = { headers: auth, ...(json ? { json } : {}) }
      const theirs = await f.call(method, `/platform/Tokens/${foreign.token.id}${suffix}`, options)
      const missing = await f.call(method, `/platform/Tokens/tok_0000000000000000${suffix}`, options)
      expect(theirs.status, method + suffix).toBe(404)
      expect(await theirs.text()).toBe(await missing.text())
    }
    expect(await f.core.tokens.get(f.b.admin.context, foreign.token.id)).toEqual(foreign.token)
  })
})
