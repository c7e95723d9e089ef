import { AUTH_TOKEN_PREFIX, checksumOf, type AuditEventView } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { bodyOf, type AdminSession } from '../test-support/api-fixture.js'
import { apiFixtureForEachTest, sessionForEachTest } from '../test-support/suite-fixture.js'

const WINDOW_MS = 15 * 60_000
const neverIssued = () => {
  const body = `${AUTH_TOKEN_PREFIX}${'K'.repeat(28)}`
  return `${body}${checksumOf(body)}`
}

describe('POST /api/credential-check', () => {
  const f = apiFixtureForEachTest({
    limits: {
      credentialChecksPerUser: { max: 3, windowMs: WINDOW_MS },
      credentialChecksPerAddress: { max: 5, windowMs: WINDOW_MS },
    },
  })
  const admin = sessionForEachTest(f)

  const check = (
    authToken: string,
    options: { session?: AdminSession; address?: string; withoutCsrf?: boolean } = {},
  ) =>
    f.call('POST', '/api/credential-check', {
      session: options.session ?? admin,
      json: { authToken },
      headers: { 'x-forwarded-for': options.address ?? '203.0.113.7' },
      ...(options.withoutCsrf ? { withoutCsrf: true } : {}),
    })

  it.each([
    { case: "a token of the caller's account", whose: 'ours', answer: 'this-account' },
    { case: "another account's token", whose: 'theirs', answer: 'not-yours' },
    { case: 'a well-formed token never issued', whose: 'never', answer: 'unknown' },
    { case: 'a string with a broken checksum', whose: 'broken', answer: 'unknown' },
  ])(
    'answers $answer for $case, and names a token id only for its own account',
    async ({ whose, answer }) => {
      const ours = await f.createToken(f.a)
      const theirs = await f.createToken(f.b)
      const secret = ours.credentials.authToken
      const strings: Record<string, string> = {
        ours: secret,
        theirs: theirs.credentials.authToken,
        never: neverIssued(),
        broken: `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`,
      }
      const res = await check(strings[whose] as string)
      expect(res.status).toBe(200)
      expect(await bodyOf(res)).toEqual(
        answer === 'this-account' ? { match: answer, tokenId: ours.token.id } : { match: answer },
      )
    },
  )

  it('audits every check with its answer, never the string', async () => {
    const ours = await f.createToken(f.a)
    await check(ours.credentials.authToken)
    await check(neverIssued())
    const events = (
      await bodyOf<{ items: AuditEventView[] }>(await f.call('GET', '/api/audit-events', { session: admin }))
    ).items.filter((event) => event.action === 'credential.check')
    expect(events.map((event) => event.details['match']).sort()).toEqual(['this-account', 'unknown'])
    expect(events.find((event) => event.details['match'] === 'this-account')).toMatchObject({
      tokenId: ours.token.id,
      ip: '203.0.113.7',
    })
    expect(JSON.stringify(events)).not.toContain(ours.credentials.authToken)
    expect(JSON.stringify(f.logs)).not.toContain(ours.credentials.authToken)
  })

  it('refuses an Analyst with 403 RoleNotPermitted and a request without the CSRF token with 403 CsrfRejected', async () => {
    const analyst = await check(neverIssued(), { session: await f.signIn(f.a.analyst) })
    expect(analyst.status).toBe(403)
    expect(await bodyOf(analyst)).toMatchObject({ code: 'RoleNotPermitted' })
    const forged = await check(neverIssued(), { withoutCsrf: true })
    expect(forged.status).toBe(403)
    expect(await bodyOf(forged)).toMatchObject({ code: 'CsrfRejected' })
  })

  it("counts no refused check: Analysts at the managers' address leave the managers their allowance", async () => {
    const analysts = [await f.signIn(f.a.analyst), await f.signIn(f.b.analyst)]
    for (let i = 0; i < 6; i++)
      expect((await check(neverIssued(), { session: analysts[i % 2] as AdminSession })).status).toBe(403)
    expect((await check(neverIssued())).status).toBe(200)
  })

  it('throttles each user after its allowance with 429 TooManyAttempts and Retry-After, whatever the answers were, until the window ends', async () => {
    for (let i = 0; i < 3; i++)
      expect((await check(neverIssued(), { address: `198.51.100.${i}` })).status).toBe(200)
    const refused = await check(neverIssued(), { address: '198.51.100.99' })
    expect(refused.status).toBe(429)
    expect(await bodyOf(refused)).toMatchObject({ code: 'TooManyAttempts' })
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another manager is not held up by this one's count.
    expect(
      (await check(neverIssued(), { session: await f.signIn(f.a.impl), address: '198.51.100.50' })).status,
    ).toBe(200)
    f.clock.advance(WINDOW_MS)
    expect(
      (await check(neverIssued(), { session: await f.signIn(f.a.admin), address: '198.51.100.99' })).status,
    ).toBe(200)
  })

  it('counts checks sent all at once before any answers, so a burst gets no more than the allowance', async () => {
    const session = await f.signIn(f.b.impl)
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        check(neverIssued(), { session, address: `198.51.100.${120 + i}` }),
      ),
    )
    expect(answers.filter((res) => res.status === 200)).toHaveLength(3)
    expect(answers.filter((res) => res.status === 429)).toHaveLength(5)
  })

  it('counts an IPv6 client by its /64 across its addresses, and IPv4 addresses apart', async () => {
    const sessions = [admin, await f.signIn(f.a.impl), await f.signIn(f.b.admin)]
    for (let i = 1; i <= 5; i++) {
      const session = sessions[i % 3] as AdminSession
      expect((await check(neverIssued(), { session, address: `2001:db8:5:5::${i}` })).status).toBe(200)
    }
    const refused = await check(neverIssued(), {
      session: sessions[0] as AdminSession,
      address: '2001:db8:5:5::6',
    })
    expect(refused.status).toBe(429)
    expect(await bodyOf(refused)).toMatchObject({ code: 'TooManyAttempts' })
    // Users left: admin 2, a.impl 1, b.admin 1, b.impl 3. An IPv4 address stands for itself.
    const bImpl = await f.signIn(f.b.impl)
    for (const session of [bImpl, bImpl, bImpl, admin, admin])
      expect((await check(neverIssued(), { session, address: '198.51.100.7' })).status).toBe(200)
    const aImpl = sessions[1] as AdminSession
    expect((await check(neverIssued(), { session: aImpl, address: '198.51.100.7' })).status).toBe(429)
    expect((await check(neverIssued(), { session: aImpl, address: '198.51.100.8' })).status).toBe(200)
  })

  it('throttles one address after its allowance, across users', async () => {
    const sessions = [admin, await f.signIn(f.a.impl), await f.signIn(f.b.admin)]
    for (let i = 0; i < 5; i++)
      expect((await check(neverIssued(), { session: sessions[i % 3] as AdminSession })).status).toBe(200)
    const refused = await check(neverIssued(), { session: sessions[2] as AdminSession })
    expect(refused.status).toBe(429)
    expect(await bodyOf(refused)).toMatchObject({ code: 'TooManyAttempts' })
  })
})
