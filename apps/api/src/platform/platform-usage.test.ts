import type { TokenUsage, TokenWithCredentials } from '@tokens/core'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'
import { ClassicTokenUsage, classicTokenUsage } from './classic-usage.js'

const USAGE_SCOPE = 'GET /Tokens/{Id}/Usage'

describe('GET /platform/Tokens/{Id}/Usage', () => {
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f)
  let integration: TokenWithCredentials
  let reader: TokenWithCredentials
  beforeAll(async () => {
    integration = await f.createToken(f.a, { scopes: ['GET /Account', 'GET /Tokens'] })
    reader = await f.createToken(f.a, { scopes: [USAGE_SCOPE] })
    const calls = {
      authorization: basic(integration.credentials.accountSid, integration.credentials.authToken),
    }
    expect((await f.call('GET', '/platform/Account', { headers: calls })).status).toBe(200)
    expect((await f.call('GET', '/platform/AuditEvents', { headers: calls })).status).toBe(403)
    // Usage is written off the request path: wait for the recorder's batch.
    await vi.waitFor(
      async () => {
        const res = await f.call('GET', `/api/tokens/${integration.token.id}/usage?range=24h`, {
          session: admin,
        })
        expect((await bodyOf<TokenUsage>(res)).totals).toMatchObject({ ok: 1, refused: 1 })
      },
      { timeout: 5_000, interval: 50 },
    )
  })

  const read = (path: string, caller = reader) =>
    f.call('GET', path, {
      headers: { authorization: basic(caller.credentials.accountSid, caller.credentials.authToken) },
    })

  it.each(['24h', '7d', '30d', '90d'] as const)(
    'answers for range %s what GET /api/tokens/{id}/usage answers the console',
    async (range) => {
      const res = await read(`/platform/Tokens/${integration.token.id}/Usage?range=${range}`)
      expect(res.status).toBe(200)
      const usage = await bodyOf<TokenUsage>(res)
      const console = await f.call('GET', `/api/tokens/${integration.token.id}/usage?range=${range}`, {
        session: admin,
      })
      expect(usage).toEqual(await bodyOf(console))
      expect(usage).toMatchObject({
        tokenId: integration.token.id,
        range,
        bucket: range === '24h' || range === '7d' ? 'hour' : 'day',
      })
      expect(usage.refusals.map((refusal) => refusal.scope)).toEqual(['GET /AuditEvents'])
    },
  )

  it('answers the last 7 days without a range and refuses an unknown range with 400', async () => {
    const res = await read(`/platform/Tokens/${integration.token.id}/Usage`)
    expect((await bodyOf<TokenUsage>(res)).range).toBe('7d')
    const refused = await read(`/platform/Tokens/${integration.token.id}/Usage?range=1y`)
    expect(refused.status).toBe(400)
    expect(await bodyOf(refused)).toMatchObject({ code: 'ValidationFailed' })
  })

  it('refuses a token without the scope with 403 naming it, even for its own usage', async () => {
    const res = await read(`/platform/Tokens/${integration.token.id}/Usage`, integration)
    expect(res.status).toBe(403)
    expect(await bodyOf(res)).toMatchObject({ code: 'ScopeMissing', params: { scope: USAGE_SCOPE } })
  })

  it('tells a token of an older version that the endpoint is not in its version, naming its version and the first that has it (no scope could grant it there)', async () => {
    const older = await f.createToken(f.a, { scopes: ['GET /Account'], apiVersion: 'v13' })
    const res = await read(`/platform/Tokens/${older.token.id}/Usage`, older)
    expect(res.status).toBe(403)
    const problem = await bodyOf<{ code: string; params: unknown; detail: string }>(res)
    expect(problem).toMatchObject({
      code: 'EndpointNotInVersion',
      params: { scope: USAGE_SCOPE, tokenVersion: 'v13', sinceVersion: 'v14' },
    })
    expect(problem.detail).toContain('v13')
    expect(problem.detail).toContain('v14')
    // Counted as a refusal of that scope, not as a use of it.
    await vi.waitFor(
      async () => {
        const usage = await f.call('GET', `/api/tokens/${older.token.id}/usage?range=24h`, { session: admin })
        expect((await bodyOf<TokenUsage>(usage)).totals).toMatchObject({ refused: 1, clientError: 0 })
      },
      { timeout: 5_000, interval: 50 },
    )
    // /verify answers the same question the same way.
    const verified = await f.call('POST', '/verify', {
      json: {
        authorization: basic(older.credentials.accountSid, older.credentials.authToken),
        scope: USAGE_SCOPE,
      },
    })
    expect(verified.status).toBe(403)
    expect(await bodyOf(verified)).toMatchObject({
      code: 'EndpointNotInVersion',
      params: { tokenVersion: 'v13', sinceVersion: 'v14' },
    })
  })

  it('answers 404 for a token of another account, as for a missing one', async () => {
    const other = await f.createToken(f.b, { scopes: ['GET /Account'] })
    const res = await read(`/platform/Tokens/${other.token.id}/Usage`)
    expect(res.status).toBe(404)
    const refusal = await bodyOf(res)
    expect(refusal).toMatchObject({ code: 'TokenNotFound' })
    const missing = await read('/platform/Tokens/tok_0000000000000000/Usage')
    expect(await bodyOf(missing)).toEqual(refusal)
  })

  it('is granted in the latest API version only, whose answer is the console’s form', async () => {
    await expect(f.createToken(f.a, { apiVersion: 'v13', scopes: [USAGE_SCOPE] })).rejects.toMatchObject({
      code: 'ScopeUnknown',
    })
    const res = await read(`/platform/Tokens/${integration.token.id}/Usage?range=24h`)
    expect(Object.keys(await bodyOf(res))).toContain('tokenId')
  })

  it('has a classic form carrying the same counts, for when a newer version makes this one older', async () => {
    const usage = await bodyOf<TokenUsage>(
      await read(`/platform/Tokens/${integration.token.id}/Usage?range=24h`),
    )
    const classic = ClassicTokenUsage.parse(classicTokenUsage(usage))
    expect(classic).toMatchObject({ TokenId: integration.token.id, Range: '24h', Bucket: 'Hour' })
    const { ok, clientError, refused, rateLimited, serverError } = usage.totals
    expect(classic.Totals).toEqual({
      Ok: ok,
      ClientError: clientError,
      Refused: refused,
      RateLimited: rateLimited,
      ServerError: serverError,
    })
    expect(classic.Refusals).toEqual(
      usage.refusals.map((refusal) => ({
        Scope: refusal.scope,
        Count: refusal.count,
        DateLast: refusal.lastAt,
      })),
    )
    expect(classic.Refusals.map((refusal) => refusal.Scope)).toContain('GET /AuditEvents')
  })
})
