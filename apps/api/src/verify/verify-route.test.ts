import type { VerifyResult } from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite } from '../test-support/suite-fixture.js'

describe('POST /verify', () => {
  const f = apiFixtureForSuite({
    limits: {
      verifyRequestsPerAddress: { max: 4, windowMs: 60_000 },
      credentialFailuresPerAddress: { max: 2, windowMs: 60_000 },
      credentialFailuresPerSid: { max: 2, windowMs: 60_000 },
    },
  })

  let address = 0
  /** Each test speaks from its own address, so the per-address budget is its own. */
  const verify = (json: unknown, ip = `192.0.2.${++address}`) =>
    f.call('POST', '/verify', { json, headers: { 'x-forwarded-for': ip } })

  it('confirms a credential for a concrete request, matching the path to its catalog template', async () => {
    const { token, credentials } = await f.createToken(f.a, {
      scopes: ['GET /Tokens/{Id}', 'GET /Reports'],
      apiVersion: 'v13',
    })
    const res = await verify({ ...credentials, method: 'GET', path: '/Tokens/tok_123?expand=1' })
    expect(res.status).toBe(200)
    expect(await bodyOf<VerifyResult>(res)).toEqual({
      valid: true,
      account: { id: f.a.id, kind: 'brand', name: f.a.name },
      apiVersion: 'v13',
      scopes: token.scopes,
    })
  })

  it("never tells the caller the token's id, in either body form", async () => {
    const { token, credentials } = await f.createToken(f.a, { scopes: ['GET /Reports'] })
    for (const body of [
      { ...credentials, method: 'GET', path: '/Reports' },
      { authorization: basic(credentials.accountSid, credentials.authToken), scope: 'GET /Reports' },
    ]) {
      const res = await verify(body)
      expect(res.status).toBe(200)
      const text = await res.text()
      expect(text).not.toContain(token.id)
      expect(Object.keys(JSON.parse(text) as object)).not.toContain('tokenId')
    }
  })

  describe('paths another server could resolve to another resource', () => {
    const shapes = [
      '/Campaigns/../Contracts',
      '/Campaigns/./Contracts',
      '/Campaigns/%2e%2e/Contracts',
      '/Campaigns/%2E%2E/Contracts',
      '/Campaigns/.%2e/Contracts',
      '/Campaigns/%2e./Contracts',
      '/Campaigns/%2e/Contracts',
      '/Campaigns/..;/Contracts',
      '/Campaigns/..%3B/Contracts',
      '/Campaigns/c_1%3F/Contracts',
      '/Campaigns/c_1%23/Contracts',
      '/Campaigns/%c0%ae%c0%ae/Contracts',
      '/Campaigns/%252e%252e/Contracts',
      '/Campaigns/c_1%2f../Contracts',
      '/Campaigns/c_1%2F..%2F/Contracts',
      '/Campaigns/c_1%5c../Contracts',
      '/Campaigns//Contracts',
      '/Campaigns/c_1/Contracts/',
      '/Campaigns\\c_1\\Contracts',
      '/Campaigns/c_1\\..\\Contracts',
      '/Campaigns/c%zz/Contracts',
      '/Campaigns/..%00/Contracts',
      '/Campaigns/c_1%0d%0a/Contracts',
    ]

    it.each(shapes)(
      'answers 400 RequestPathNotCanonical for %s, even with a scope for the template',
      async (path) => {
        const { credentials } = await f.createToken(f.a, { scopes: ['GET /Campaigns/{Id}/Contracts'] })
        const res = await verify({ ...credentials, method: 'GET', path })
        expect(res.status).toBe(400)
        expect(await bodyOf(res)).toMatchObject({ code: 'RequestPathNotCanonical', status: 400 })
      },
    )

    it('answers 400 for such a path before looking at the credential: a wrong one gets the same answer', async () => {
      const { credentials } = await f.createToken(f.a, { scopes: ['GET /Campaigns/{Id}/Contracts'] })
      const right = await verify({ ...credentials, method: 'GET', path: '/Campaigns/%2e%2e/Contracts' })
      const wrong = await verify({
        ...credentials,
        authToken: 'tcat_wrong',
        method: 'GET',
        path: '/Campaigns/%2e%2e/Contracts',
      })
      expect([right.status, wrong.status]).toEqual([400, 400])
      expect(await wrong.text()).toBe(await right.text())
    })

    it('still confirms the canonical path of the same scope, with a query that holds dots', async () => {
      const { credentials } = await f.createToken(f.a, { scopes: ['GET /Campaigns/{Id}/Contracts'] })
      const res = await verify({ ...credentials, method: 'GET', path: '/Campaigns/c_1/Contracts?next=../x' })
      expect(res.status).toBe(200)
      const other = await verify({ ...credentials, method: 'GET', path: '/Contracts' })
      expect(await bodyOf(other)).toMatchObject({ code: 'ScopeMissing', params: { scope: 'GET /Contracts' } })
    })
  })

  it('confirms a raw Authorization header for a scope, and 403 names a missing scope', async () => {
    const { credentials } = await f.createToken(f.a, { scopes: ['GET /Reports'] })
    const authorization = basic(credentials.accountSid, credentials.authToken)
    expect((await verify({ authorization, scope: 'GET /Reports' })).status).toBe(200)
    const missing = await verify({ authorization, scope: 'POST /Reports/{Id}/Export' })
    expect(missing.status).toBe(403)
    expect(await bodyOf(missing)).toMatchObject({
      code: 'ScopeMissing',
      params: { scope: 'POST /Reports/{Id}/Export' },
    })
    const byPath = await verify({ ...credentials, method: 'DELETE', path: '/Reports' })
    expect(byPath.status).toBe(403)
    expect(await bodyOf(byPath)).toMatchObject({ params: { scope: 'DELETE /Reports' } })
  })

  it('answers every bad credential with the same 401, in both body forms', async () => {
    const { credentials } = await f.createToken(f.a, { scopes: ['GET /Reports'] })
    const answers = new Set<string>()
    for (const body of [
      { accountSid: credentials.accountSid, authToken: 'tcat_wrong', method: 'GET', path: '/Reports' },
      {
        accountSid: 'TK0000000000000000000000',
        authToken: credentials.authToken,
        method: 'GET',
        path: '/Reports',
      },
      { authorization: 'Bearer x', scope: 'GET /Reports' },
      { authorization: basic(credentials.accountSid, 'nope'), scope: 'GET /Reports' },
    ]) {
      const res = await verify(body)
      expect(res.status).toBe(401)
      answers.add(await res.text())
    }
    expect(answers.size).toBe(1)
  })

  it('refuses a body that is neither form with 400', async () => {
    for (const body of [
      {},
      { accountSid: 'x', authToken: 'y' },
      { authorization: 'Basic x', scope: 'not a scope' },
      { method: 'GET', path: 'relative' },
    ]) {
      expect((await verify(body)).status, JSON.stringify(body)).toBe(400)
    }
  })

  it('limits requests per client address with 429 and Retry-After', async () => {
    const ip = '192.0.2.200'
    for (let i = 0; i < 4; i++)
      expect((await verify({ authorization: 'Basic x', scope: 'GET /Reports' }, ip)).status).toBe(401)
    const limited = await verify({ authorization: 'Basic x', scope: 'GET /Reports' }, ip)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await verify({ authorization: 'Basic x', scope: 'GET /Reports' }, '192.0.2.201')).status).toBe(
      401,
    )
  })

  it('counts an IPv6 client by its /64, so switching addresses inside it gives no fresh budget; IPv4 addresses count apart', async () => {
    const body = { authorization: 'Basic x', scope: 'GET /Reports' }
    for (let i = 1; i <= 4; i++) expect((await verify(body, `2001:db8:7:7::${i}`)).status).toBe(401)
    const limited = await verify(body, '2001:db8:7:7:ffff:1:2:5')
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    // The neighbouring /64 is another subscriber.
    expect((await verify(body, '2001:db8:7:8::1')).status).toBe(401)
    for (let i = 0; i < 4; i++) expect((await verify(body, '192.0.2.220')).status).toBe(401)
    expect((await verify(body, '192.0.2.220')).status).toBe(429)
    expect((await verify(body, '192.0.2.221')).status).toBe(401)
  })

  /** A relay's address, a token behind it, and that token's SID locked there by two wrong guesses. */
  async function sidLockedAtRelay(ip: string) {
    const { credentials } = await f.createToken(f.a, { scopes: ['GET /Reports'] })
    const wrong = {
      accountSid: credentials.accountSid,
      authToken: 'tcat_wrong',
      method: 'GET',
      path: '/Reports',
    }
    expect((await verify(wrong, ip)).status).toBe(401)
    expect((await verify(wrong, ip)).status).toBe(401)
    return { credentials, wrong }
  }

  it("does not lock a relaying service out for its callers' bad credentials, but throttles guesses at one SID", async () => {
    const ip = '192.0.2.210'
    const { wrong } = await sidLockedAtRelay(ip)
    expect((await verify(wrong, ip)).status).toBe(429)
    const other = await f.createToken(f.a, { scopes: ['GET /Reports'] })
    const valid = await verify({ ...other.credentials, method: 'GET', path: '/Reports' }, ip)
    expect(valid.status).toBe(200)
  })

  it("answers a locked SID's own good credential through the same relay: knowing a SID does not lock it out", async () => {
    const ip = '192.0.2.211'
    const { credentials, wrong } = await sidLockedAtRelay(ip)
    expect((await verify({ ...credentials, method: 'GET', path: '/Reports' }, ip)).status).toBe(200)
    expect((await verify(wrong, ip)).status).toBe(429)
  })

  it('records a use of the secret on a 403 or 429 too, as the platform API does (a rotation confirmed by traffic waits for the old secret to go quiet)', async () => {
    const { token, credentials } = await f.createToken(f.a, { scopes: ['GET /Reports'], rateLimitPerHour: 1 })
    expect((await verify({ ...credentials, method: 'GET', path: '/Account' })).status).toBe(403)
    expect((await verify({ ...credentials, method: 'GET', path: '/Reports' })).status).toBe(429)
    await vi.waitFor(async () =>
      expect((await f.core.tokens.get(f.a.admin.context, token.id)).lastUsedAt).not.toBeNull(),
    )
  })

  it("counts against the token's rateLimitPerHour, shared with the platform API: RateLimit headers, then 429 with Retry-After", async () => {
    const { credentials } = await f.createToken(f.a, {
      scopes: ['GET /Reports', 'GET /Account'],
      rateLimitPerHour: 3,
    })
    const check = { ...credentials, method: 'GET', path: '/Reports' }
    const first = await verify(check)
    expect(first.status).toBe(200)
    expect(first.headers.get('ratelimit-limit')).toBe('3')
    expect(first.headers.get('ratelimit-remaining')).toBe('2')
    const platform = await f.call('GET', '/platform/Account', {
      headers: { authorization: basic(credentials.accountSid, credentials.authToken) },
    })
    expect(platform.headers.get('ratelimit-remaining')).toBe('1')
    const missing = await verify({ ...check, method: 'DELETE' })
    expect(missing.status).toBe(403)
    expect(missing.headers.get('ratelimit-remaining')).toBe('0')
    const over = await verify(check)
    expect(over.status).toBe(429)
    expect(await bodyOf(over)).toMatchObject({ code: 'RateLimited' })
    const retryAfter = Number(over.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(3_600)
    expect(over.headers.get('ratelimit-reset')).toBe(String(retryAfter))
    f.clock.advance(retryAfter * 1_000)
    expect((await verify(check)).status).toBe(200)
  })
})
