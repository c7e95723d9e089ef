import type { AccountUsage, TokenUsage, UpgradePreview } from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'

describe('usage on the admin API', () => {
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f)

  async function usageOf(path: string, session = admin): Promise<TokenUsage> {
    const res = await f.call('GET', path, { session })
    expect(res.status, path).toBe(200)
    return bodyOf<TokenUsage>(res)
  }

  /** Usage is written off the request path: wait for the recorder's next batch. */
  async function waitForTotal(path: string, total: number): Promise<TokenUsage> {
    let usage: TokenUsage | undefined
    await vi.waitFor(
      async () => {
        usage = await usageOf(path)
        const { ok, clientError, refused, rateLimited, serverError } = usage.totals
        expect(ok + clientError + refused + rateLimited + serverError).toBe(total)
      },
      { timeout: 5_000, interval: 50 },
    )
    return usage as TokenUsage
  }

  it('counts platform requests by scope template and outcome with their client, and nothing for a refused credential', async () => {
    const { token, credentials } = await f.createToken(f.a, { scopes: ['GET /Account', 'GET /Tokens/{Id}'] })
    const authorization = basic(credentials.accountSid, credentials.authToken)
    const from = (address: string) => ({
      authorization,
      'x-forwarded-for': address,
      'user-agent': 'integration/2.1',
    })
    expect((await f.call('GET', '/platform/Account', { headers: from('203.0.113.10') })).status).toBe(200)
    expect(
      (await f.call('GET', `/platform/Tokens/${token.id}`, { headers: from('203.0.113.11') })).status,
    ).toBe(200)
    expect(
      (await f.call('GET', '/platform/Tokens/tok_0000000000000000', { headers: from('203.0.113.11') }))
        .status,
    ).toBe(404)
    expect((await f.call('GET', '/platform/Tokens', { headers: from('203.0.113.12') })).status).toBe(403)
    const wrong = basic(credentials.accountSid, `${credentials.authToken}x`)
    for (let i = 0; i < 3; i++) {
      expect((await f.call('GET', '/platform/Account', { headers: { authorization: wrong } })).status).toBe(
        401,
      )
    }

    const usage = await waitForTotal(`/api/tokens/${token.id}/usage?range=24h`, 4)
    expect(usage.totals).toEqual({ ok: 2, clientError: 1, refused: 1, rateLimited: 0, serverError: 0 })
    expect(Object.fromEntries(usage.scopes.map((scope) => [scope.scope, scope.counts]))).toEqual({
      'GET /Account': { ok: 1, clientError: 0, refused: 0, rateLimited: 0, serverError: 0 },
      'GET /Tokens/{Id}': { ok: 1, clientError: 1, refused: 0, rateLimited: 0, serverError: 0 },
      'GET /Tokens': { ok: 0, clientError: 0, refused: 1, rateLimited: 0, serverError: 0 },
    })
    expect(usage.refusals.map((refusal) => [refusal.scope, refusal.count])).toEqual([['GET /Tokens', 1]])
    expect(usage.leastPrivilege?.missingScopes.map((missing) => missing.scope)).toEqual(['GET /Tokens'])
    expect(usage.recentAddresses.map((client) => client.value).sort()).toEqual([
      '203.0.113.10',
      '203.0.113.11',
      '203.0.113.12',
    ])
    expect(usage.recentUserAgents.map((client) => client.value)).toEqual(['integration/2.1'])
    // The three refused credentials left no row at all.
    const db = await f.testCore.database()
    const rows = await db.selectFrom('token_usage').select('count').where('token_id', '=', token.id).execute()
    expect(rows.reduce((sum, row) => sum + Number(row.count), 0)).toBe(4)
  })

  it('counts /verify calls made with a token under the verified scope, and its rate refusals', async () => {
    const { token, credentials } = await f.createToken(f.a, { scopes: ['GET /Account'], rateLimitPerHour: 3 })
    const verify = (path: string) =>
      f.call('POST', '/verify', { json: { ...credentials, method: 'GET', path } })
    expect((await verify('/Account')).status).toBe(200)
    expect((await verify('/Tokens/tok_1')).status).toBe(403)
    expect((await verify('/Account')).status).toBe(200)
    expect((await verify('/Account')).status).toBe(429)

    const usage = await waitForTotal(`/api/tokens/${token.id}/usage`, 4)
    expect(usage.range).toBe('7d')
    expect(usage.series).toHaveLength(168)
    expect(Object.fromEntries(usage.scopes.map((scope) => [scope.scope, scope.counts]))).toEqual({
      'GET /Account': { ok: 2, clientError: 0, refused: 0, rateLimited: 1, serverError: 0 },
      'GET /Tokens/{Id}': { ok: 0, clientError: 0, refused: 1, rateLimited: 0, serverError: 0 },
    })
  })

  it('answers hour buckets for 24h and 7d, day buckets for 30d and 90d, and 400 for any other range', async () => {
    const { token } = await f.createToken(f.a)
    for (const [range, bucket, length] of [
      ['24h', 'hour', 24],
      ['7d', 'hour', 168],
      ['30d', 'day', 30],
      ['90d', 'day', 90],
    ] as const) {
      const usage = await usageOf(`/api/tokens/${token.id}/usage?range=${range}`)
      expect([usage.bucket, usage.series.length], range).toEqual([bucket, length])
    }
    for (const path of [`/api/tokens/${token.id}/usage?range=1y`, '/api/usage?range=week']) {
      const res = await f.call('GET', path, { session: admin })
      expect(res.status, path).toBe(400)
      expect((await bodyOf(res)).code).toBe('ValidationFailed')
    }
  })

  it("answers the account's tokens with traffic and never another account's", async () => {
    const mine = await f.createToken(f.a, { name: 'Alpha traffic', scopes: ['GET /Account'] })
    const theirs = await f.createToken(f.b, { name: 'Beta traffic', scopes: ['GET /Account'] })
    for (const made of [mine, theirs]) {
      const authorization = basic(made.credentials.accountSid, made.credentials.authToken)
      expect((await f.call('GET', '/platform/Account', { headers: { authorization } })).status).toBe(200)
    }
    const other = await f.signIn(f.b.impl)
    await vi.waitFor(
      async () => {
        const alpha = await bodyOf<AccountUsage>(
          await f.call('GET', '/api/usage?range=24h', { session: admin }),
        )
        expect(alpha.tokens.map((token) => token.name)).toContain('Alpha traffic')
        expect(alpha.tokens.map((token) => token.name)).not.toContain('Beta traffic')
        const beta = await bodyOf<AccountUsage>(await f.call('GET', '/api/usage', { session: other }))
        expect(beta.tokens.map((token) => token.name)).toEqual(['Beta traffic'])
        expect(beta.totals.ok).toBe(1)
      },
      { timeout: 5_000, interval: 50 },
    )
  })

  it('answers a legacy credential’s usage by its access once legacy tokens are enabled', async () => {
    const impl = await f.signIn(f.b.impl)
    const off = await f.call('GET', '/api/legacy-tokens/read-only/usage', { session: impl })
    expect(off.status).toBe(409)
    expect((await bodyOf(off)).code).toBe('LegacyNotEnabled')
    expect((await f.call('POST', '/api/legacy-tokens/enable', { session: impl })).status).toBe(200)
    const { readOnly } = await f.core.legacy.reveal(f.b.admin.context)
    const authorization = basic(readOnly.accountSid, readOnly.authToken)
    expect((await f.call('GET', '/platform/Account', { headers: { authorization } })).status).toBe(200)
    expect((await f.call('POST', '/platform/Tokens', { headers: { authorization }, json: {} })).status).toBe(
      403,
    )
    await vi.waitFor(
      async () => {
        const usage = await bodyOf<TokenUsage>(
          await f.call('GET', '/api/legacy-tokens/read-only/usage?range=24h', { session: impl }),
        )
        expect(usage.totals).toMatchObject({ ok: 1, refused: 1 })
        expect(usage.leastPrivilege).toBeNull()
      },
      { timeout: 5_000, interval: 50 },
    )
    const readWrite = await bodyOf<TokenUsage>(
      await f.call('GET', '/api/legacy-tokens/read-write/usage', { session: impl }),
    )
    expect(readWrite.totals.ok + readWrite.totals.refused).toBe(0)
    const preview = await f.call('GET', '/api/legacy-tokens/upgrade-preview?apiVersion=v3', { session: impl })
    expect(preview.status).toBe(200)
    const { readOnly: readOnlyPreview, readWrite: readWritePreview } = await bodyOf<{
      readOnly: UpgradePreview
      readWrite: UpgradePreview
    }>(preview)
    expect(readOnlyPreview).toMatchObject({ fromVersion: 'v1', toVersion: 'v3' })
    expect(readOnlyPreview.endpoints.map((endpoint) => [endpoint.scope, endpoint.shape])).toEqual([
      ['GET /Account', 'changed'],
    ])
    expect(readWritePreview.endpoints).toEqual([])
  })

  it('previews the upgrade of a v12 token and refuses a version that is not newer', async () => {
    const { token, credentials } = await f.createToken(f.a, {
      apiVersion: 'v12',
      scopes: ['GET /Tokens/{Id}'],
    })
    const authorization = basic(credentials.accountSid, credentials.authToken)
    expect((await f.call('GET', `/platform/Tokens/${token.id}`, { headers: { authorization } })).status).toBe(
      200,
    )
    await waitForTotal(`/api/tokens/${token.id}/usage`, 1)
    const res = await f.call('GET', `/api/tokens/${token.id}/upgrade-preview`, { session: admin })
    expect(res.status).toBe(200)
    const preview = await bodyOf<UpgradePreview>(res)
    expect(preview).toMatchObject({ fromVersion: 'v12', toVersion: 'v14' })
    expect(preview.endpoints).toEqual([
      expect.objectContaining({
        scope: 'GET /Tokens/{Id}',
        calls: 1,
        shape: 'changed',
        envelope: { from: null, to: 'token' },
      }),
    ])
    const same = await f.call('GET', `/api/tokens/${token.id}/upgrade-preview?apiVersion=v12`, {
      session: admin,
    })
    expect(same.status).toBe(409)
    expect((await bodyOf(same)).code).toBe('ApiVersionNotNewer')
  })

  it('documents the usage routes in the OpenAPI document', async () => {
    const document = await bodyOf<{ paths: Record<string, Record<string, unknown>> }>(
      await f.call('GET', '/api/openapi.json'),
    )
    for (const path of [
      '/api/tokens/{id}/usage',
      '/api/tokens/{id}/upgrade-preview',
      '/api/usage',
      '/api/legacy-tokens/read-write/usage',
      '/api/legacy-tokens/read-only/usage',
      '/api/legacy-tokens/upgrade-preview',
    ]) {
      expect(document.paths[path]?.['get'], path).toBeDefined()
    }
  })
})
