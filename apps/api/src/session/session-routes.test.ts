import type { AuditEventView } from '@tokens/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ORIGIN, PASSWORD } from '../test-support/api-fixture.js'
import { apiFixtureForSuite } from '../test-support/suite-fixture.js'

describe('admin session', () => {
  const f = apiFixtureForSuite({
    limits: {
      loginFailuresPerAddress: { max: 5, windowMs: 60_000 },
      loginFailuresPerEmailFromAddress: { max: 3, windowMs: 60_000 },
      loginFailuresPerEmail: { max: 6, windowMs: 60_000 },
      loginFailuresPerEmailCeiling: { max: 12, windowMs: 60_000 },
    },
  })

  it('signs in with e-mail and password and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const res = await f.call('POST', '/api/session', { json: { email: f.a.admin.email, password: PASSWORD } })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^tc_session=[A-Za-z0-9_-]{40,}; /)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).toContain('Path=/')
    expect(cookie).not.toContain('Secure')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as {
      user: { email: string; role: string }
      account: { id: string }
      csrfToken: string
    }
    expect(body.user).toMatchObject({ email: f.a.admin.email, role: 'account_administrator' })
    expect(body.account.id).toBe(f.a.id)
    expect(body.csrfToken.length).toBeGreaterThan(20)
  })

  it('over TLS (through a trusted proxy) names the cookie __Host-tc_session and marks it Secure, for the whole host', async () => {
    const tls = { 'x-forwarded-proto': 'https' }
    const res = await f.call('POST', '/api/session', {
      json: { email: f.a.impl.email, password: PASSWORD },
      headers: tls,
    })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    // The prefix makes a browser refuse any such cookie a sibling or parent domain would set.
    expect(cookie).toMatch(/^__Host-tc_session=[A-Za-z0-9_-]{40,}; /)
    expect(cookie).toContain('Secure')
    expect(cookie).toContain('Path=/')
    expect(cookie).not.toContain('Domain')
    const sessionCookie = cookie.split(';')[0] as string
    expect((await f.call('GET', '/api/session', { headers: { ...tls, cookie: sessionCookie } })).status).toBe(
      200,
    )
    // A plain tc_session cookie, as another site on the parent domain could set, is not read over TLS.
    const tossed = sessionCookie.replace('__Host-', '')
    expect((await f.call('GET', '/api/session', { headers: { ...tls, cookie: tossed } })).status).toBe(401)
  })

  it('signs no one in from a request carrying two session cookies: which one is ours cannot be told', async () => {
    const mine = await f.signIn(f.a.admin)
    const theirs = await f.signIn(f.b.admin)
    // A cookie set for the parent domain with a longer path comes first, and Hono reads the first.
    const both = `${theirs.cookie}; ${mine.cookie}`
    expect((await f.call('GET', '/api/session', { headers: { cookie: both } })).status).toBe(401)
    expect((await f.call('GET', '/api/session', { session: mine })).status).toBe(200)
  })

  it('issues a new session id at every sign-in and ends the one the cookie named', async () => {
    const first = await f.signIn(f.a.admin)
    const res = await f.call('POST', '/api/session', {
      json: { email: f.a.admin.email, password: PASSWORD },
      headers: { cookie: first.cookie },
    })
    const second = /tc_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1]
    expect(second).toBeDefined()
    expect(second).not.toBe(first.sessionId)
    expect((await f.call('GET', '/api/session', { session: first })).status).toBe(401)
  })

  it('answers the current session, and 401 without one', async () => {
    const session = await f.signIn(f.a.analyst)
    const res = await f.call('GET', '/api/session', { session })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ user: { role: 'analyst' }, csrfToken: session.csrfToken })
    const none = await f.call('GET', '/api/session')
    expect(none.status).toBe(401)
    expect(none.headers.get('content-type')).toBe('application/problem+json')
    expect(await none.json()).toMatchObject({ code: 'Unauthenticated', status: 401 })
  })

  it('refuses a replayed cookie after sign-out', async () => {
    const session = await f.signIn(f.a.admin)
    const out = await f.call('DELETE', '/api/session', { session })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/tc_session=;.*Max-Age=0/)
    expect((await f.call('GET', '/api/session', { session })).status).toBe(401)
    expect((await f.call('GET', '/api/tokens', { session })).status).toBe(401)
  })

  it('answers a wrong password and an unknown e-mail with the same 401', async () => {
    const wrong = await f.call('POST', '/api/session', {
      json: { email: f.b.admin.email, password: 'nope nope nope' },
    })
    const unknown = await f.call('POST', '/api/session', {
      json: { email: 'nobody@nowhere.test', password: 'nope nope nope' },
    })
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toBe(await unknown.text())
  })

  it('refuses a malformed sign-in body with 400 and names the field', async () => {
    const res = await f.call('POST', '/api/session', {
      json: { email: 'not-an-email', password: 'x', extra: 1 },
    })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { code: string; errors: { path: string }[] }
    expect(body.code).toBe('ValidationFailed')
    expect(body.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['email']))
  })

  it('refuses a sign-in posted from another origin', async () => {
    const res = await f.call('POST', '/api/session', {
      json: { email: f.a.admin.email, password: PASSWORD },
      headers: { origin: 'https://evil.test' },
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { code: string }).code).toBe('CsrfRejected')
    const same = await f.call('POST', '/api/session', {
      json: { email: f.a.admin.email, password: PASSWORD },
      headers: { origin: ORIGIN },
    })
    expect(same.status).toBe(200)
  })

  it('refuses a sign-in sent as a form or as text/plain without reading it as credentials', async () => {
    const form = await f.call('POST', '/api/session', {
      body: `email=${encodeURIComponent(f.a.admin.email)}&password=${encodeURIComponent(PASSWORD)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(form.status).toBe(415)
    expect(form.headers.get('set-cookie')).toBeNull()
    const text = await f.call('POST', '/api/session', {
      body: JSON.stringify({ email: f.a.admin.email, password: PASSWORD }),
      headers: { 'content-type': 'text/plain' },
    })
    expect(text.status).toBe(415)
    expect(text.headers.get('set-cookie')).toBeNull()
  })

  it('throttles repeated failures for one e-mail with 429 and Retry-After, then lets it try again later', async () => {
    const email = f.b.impl.email
    const attempt = (password: string) =>
      f.call('POST', '/api/session', {
        json: { email, password },
        headers: { 'x-forwarded-for': '198.51.100.20' },
      })
    for (let i = 0; i < 3; i++) expect((await attempt('wrong password')).status).toBe(401)
    const blocked = await attempt(PASSWORD)
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await blocked.json()) as { code: string }).code).toBe('TooManyAttempts')
    f.clock.advance(61_000)
    expect((await attempt(PASSWORD)).status).toBe(200)
  })

  it('throttles repeated failures from one client address across e-mails', async () => {
    const from = { 'x-forwarded-for': '198.51.100.30' }
    for (let i = 0; i < 5; i++) {
      const res = await f.call('POST', '/api/session', {
        json: { email: `guess${i}@x.test`, password: 'guess guess' },
        headers: from,
      })
      expect(res.status).toBe(401)
    }
    const blocked = await f.call('POST', '/api/session', {
      json: { email: f.a.impl.email, password: PASSWORD },
      headers: from,
    })
    expect(blocked.status).toBe(429)
    const elsewhere = await f.call('POST', '/api/session', {
      json: { email: f.a.impl.email, password: PASSWORD },
      headers: { 'x-forwarded-for': '198.51.100.31' },
    })
    expect(elsewhere.status).toBe(200)
  })

  it('audits a failed sign-in on the account of the e-mail with its address and never the password, and a sign-out with its address', async () => {
    const typed = 'Tr0ub4dor&3-wrong'
    const failed = await f.call('POST', '/api/session', {
      json: { email: f.a.impl.email, password: typed },
      headers: { 'x-forwarded-for': '203.0.113.90' },
    })
    expect(failed.status).toBe(401)
    const reader = await f.signIn(f.a.admin)
    const events = async () => {
      const res = await f.call('GET', '/api/audit-events?limit=200', { session: reader })
      const text = await res.text()
      expect(text).not.toContain(typed)
      return (JSON.parse(text) as { items: AuditEventView[] }).items
    }
    const failure = await vi.waitFor(async () => {
      const event = (await events()).find((item) => item.action === 'session.login_failed')
      expect(event).toBeDefined()
      return event
    })
    expect(failure).toMatchObject({ actor: { type: 'user', userId: f.a.impl.id }, ip: '203.0.113.90' })

    const leaving = await f.signIn(f.a.impl)
    const out = await f.call('DELETE', '/api/session', {
      session: leaving,
      headers: { 'x-forwarded-for': '198.51.100.44' },
    })
    expect(out.status).toBe(204)
    const logout = (await events()).find(
      (item) =>
        item.action === 'session.logout' && item.actor.type === 'user' && item.actor.userId === f.a.impl.id,
    )
    expect(logout?.ip).toBe('198.51.100.44')
  })

  describe('lockout without denial of service (limits of this suite: 5 per address, 3 per e-mail from one address, 6 per e-mail, ceiling 12)', () => {
    afterEach(() => {
      f.clock.advance(61_000)
    })

    const signInFrom = (address: string, email: string, password: string) =>
      f.call('POST', '/api/session', { json: { email, password }, headers: { 'x-forwarded-for': address } })

    it('lets a locked e-mail sign in from an address that never failed on it, while the failing address waits', async () => {
      const email = f.a.analyst.email
      for (let i = 0; i < 3; i++)
        expect((await signInFrom('203.0.113.66', email, 'wrong password')).status).toBe(401)
      const attacker = await signInFrom('203.0.113.66', email, PASSWORD)
      expect(attacker.status).toBe(429)
      expect(await attacker.json()).toMatchObject({ code: 'TooManyAttempts' })
      expect((await signInFrom('198.51.100.7', email, PASSWORD)).status).toBe(200)
    })

    it('refuses an e-mail that failed from many addresses to each of them, and still to no new address', async () => {
      const email = f.b.analyst.email
      for (let i = 0; i < 6; i++)
        expect((await signInFrom(`203.0.113.${i}`, email, 'wrong password')).status).toBe(401)
      expect((await signInFrom('203.0.113.0', email, PASSWORD)).status).toBe(429)
      expect((await signInFrom('203.0.113.5', email, PASSWORD)).status).toBe(429)
      expect((await signInFrom('198.51.100.7', email, PASSWORD)).status).toBe(200)
    })

    it('refuses an e-mail to every address once the ceiling of failures from all addresses is reached', async () => {
      const email = f.b.admin.email
      for (let i = 0; i < 12; i++)
        expect((await signInFrom(`203.0.113.${i}`, email, 'wrong password')).status).toBe(401)
      const fresh = await signInFrom('198.51.100.7', email, PASSWORD)
      expect(fresh.status).toBe(429)
      expect(Number(fresh.headers.get('retry-after'))).toBeGreaterThan(0)
      f.clock.advance(61_000)
      expect((await signInFrom('198.51.100.7', email, PASSWORD)).status).toBe(200)
    })

    it('gives guesses sent all at once no more tries than guesses sent one by one: the right password among them waits', async () => {
      const email = f.a.impl.email
      const guesses = ['wrong 1', 'wrong 2', 'wrong 3', 'wrong 4', 'wrong 5', 'wrong 6', PASSWORD]
      const answers = await Promise.all(guesses.map((guess) => signInFrom('203.0.113.90', email, guess)))
      const statuses = answers.map((answer) => answer.status)
      expect(statuses.filter((status) => status === 401)).toHaveLength(3)
      expect(statuses.filter((status) => status === 429)).toHaveLength(4)
      expect(statuses.at(-1)).toBe(429)
      // The attempts refused for being in flight at once counted nothing: the address is only 3 down.
      expect((await signInFrom('203.0.113.90', 'someone@else.test', 'wrong')).status).toBe(401)
    })

    it('locks an unknown e-mail exactly like a known one: the same 401s, then the same 429', async () => {
      const answers = async (email: string, address: string) => {
        const texts: string[] = []
        for (let i = 0; i < 4; i++) {
          const res = await signInFrom(address, email, 'wrong password')
          texts.push(`${res.status} ${res.headers.get('retry-after')} ${await res.text()}`)
        }
        return texts
      }
      const known = await answers(f.b.impl.email, '203.0.113.80')
      const unknown = await answers('nobody@nowhere.test', '203.0.113.81')
      expect(known[3]).toMatch(/^429 /)
      expect(unknown).toEqual(known)
    })
  })

  it("saves the user's language and answers problems in it from then on", async () => {
    const session = await f.signIn(f.b.admin)
    const saved = await f.call('PATCH', '/api/session', { session, json: { locale: 'zh-CN' } })
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ user: { locale: 'zh-CN' } })
    const missing = await f.call('GET', '/api/tokens/tok_missing', {
      session,
      headers: { 'accept-language': 'en' },
    })
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { detail: string }).detail).toBe('令牌不存在或已被删除。')
    const invalid = await f.call('PATCH', '/api/session', { session, json: { locale: 'fr' } })
    expect(invalid.status).toBe(400)
  })
})
