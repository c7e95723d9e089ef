import type { AuditEventView, Credentials, TokenView, TokenWithCredentials } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'

describe('admin token actions', () => {
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f)

  const platformAccount = (credentials: Credentials) =>
    f.call('GET', '/platform/Account', {
      headers: { authorization: basic(credentials.accountSid, credentials.authToken) },
    })

  it("reveals a token's credentials with no-store and records the reveal in the audit trail", async () => {
    const created = await f.createToken(f.a)
    f.clock.advance(1_000)
    const res = await f.call('GET', `/api/tokens/${created.token.id}/credentials`, { session: admin })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await bodyOf(res)).toEqual(created.credentials)
    const audit = await bodyOf<{ items: AuditEventView[] }>(
      await f.call('GET', '/api/audit-events', { session: admin }),
    )
    expect(audit.items[0]).toMatchObject({
      action: 'token.reveal',
      tokenId: created.token.id,
      actor: { type: 'user', userId: f.a.admin.id },
    })
  })

  it('duplicates a token with 201: same rights and settings, new credentials', async () => {
    const created = await f.createToken(f.a, {
      scopes: ['GET /Account', 'GET /Reports', 'POST /Reports/{Id}/Export'],
      rateLimitPerHour: 77,
    })
    const res = await f.call('POST', `/api/tokens/${created.token.id}/duplicate`, { session: admin })
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const copy = await bodyOf<TokenWithCredentials>(res)
    expect(copy.token.id).not.toBe(created.token.id)
    expect(copy.token).toMatchObject({
      scopes: created.token.scopes,
      rateLimitPerHour: 77,
      apiVersion: created.token.apiVersion,
    })
    expect(copy.credentials.accountSid).not.toBe(created.credentials.accountSid)
    expect(copy.credentials.authToken).not.toBe(created.credentials.authToken)
    expect((await platformAccount(copy.credentials)).status).toBe(200)
  })

  it.each([
    { copy: 'a disabled copy without a body', json: undefined, state: 'disabled', platformStatus: 401 },
    {
      copy: 'an enabled copy when the body asks',
      json: { enabled: true },
      state: 'enabled',
      platformStatus: 200,
    },
  ])('duplicates a disabled token as $copy', async ({ json, state, platformStatus }) => {
    const created = await f.createToken(f.a)
    await f.call('POST', `/api/tokens/${created.token.id}/disable`, { session: admin })
    const res = await f.call('POST', `/api/tokens/${created.token.id}/duplicate`, {
      session: admin,
      ...(json ? { json } : {}),
    })
    expect(res.status).toBe(201)
    const copy = await bodyOf<TokenWithCredentials>(res)
    expect(copy.token.state).toBe(state)
    expect((await platformAccount(copy.credentials)).status).toBe(platformStatus)
  })

  it('refuses to duplicate with an unknown field in the body: 400', async () => {
    const created = await f.createToken(f.a)
    const refused = await f.call('POST', `/api/tokens/${created.token.id}/duplicate`, {
      session: admin,
      json: { enabled: true, name: 'Other' },
    })
    expect(refused.status).toBe(400)
  })

  it('resets a token: the very next platform request refuses the previous auth token and accepts the new one', async () => {
    const created = await f.createToken(f.a)
    expect((await platformAccount(created.credentials)).status).toBe(200)
    const res = await f.call('POST', `/api/tokens/${created.token.id}/reset`, { session: admin })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const reset = await bodyOf<TokenWithCredentials>(res)
    expect(reset.credentials.accountSid).toBe(created.credentials.accountSid)
    expect(reset.credentials.authToken).not.toBe(created.credentials.authToken)
    expect((await platformAccount(created.credentials)).status).toBe(401)
    expect((await platformAccount(reset.credentials)).status).toBe(200)
  })

  it('disables a token (the very next platform request is 401) and enables it again', async () => {
    const created = await f.createToken(f.a)
    expect((await platformAccount(created.credentials)).status).toBe(200)
    const disabled = await f.call('POST', `/api/tokens/${created.token.id}/disable`, { session: admin })
    expect(disabled.status).toBe(200)
    expect((await bodyOf<{ token: TokenView }>(disabled)).token.state).toBe('disabled')
    expect((await platformAccount(created.credentials)).status).toBe(401)
    const enabled = await f.call('POST', `/api/tokens/${created.token.id}/enable`, { session: admin })
    expect((await bodyOf<{ token: TokenView }>(enabled)).token.state).toBe('enabled')
    expect((await platformAccount(created.credentials)).status).toBe(200)
  })

  it('upgrades a token to a newer version, to the latest without a body, and never downgrades (409)', async () => {
    const { token } = await f.createToken(f.a, { apiVersion: 'v12' })
    const to13 = await f.call('POST', `/api/tokens/${token.id}/upgrade`, {
      session: admin,
      json: { apiVersion: 'v13' },
    })
    expect(to13.status).toBe(200)
    expect((await bodyOf<{ token: TokenView }>(to13)).token.apiVersion).toBe('v13')
    const latest = await f.call('POST', `/api/tokens/${token.id}/upgrade`, { session: admin })
    expect((await bodyOf<{ token: TokenView }>(latest)).token.apiVersion).toBe('v14')
    const down = await f.call('POST', `/api/tokens/${token.id}/upgrade`, {
      session: admin,
      json: { apiVersion: 'v12' },
    })
    expect(down.status).toBe(409)
    expect(await bodyOf(down)).toMatchObject({ code: 'ApiVersionNotNewer', params: { current: 'v14' } })
    const foreign = await f.call('POST', `/api/tokens/${token.id}/upgrade`, {
      session: admin,
      json: { apiVersion: 'v3' },
    })
    expect(foreign.status).toBe(400)
  })

  it('answers 404 for every action on a missing token', async () => {
    for (const action of ['duplicate', 'reset', 'disable', 'enable', 'upgrade']) {
      expect(
        (await f.call('POST', `/api/tokens/tok_missing/${action}`, { session: admin })).status,
        action,
      ).toBe(404)
    }
    expect((await f.call('GET', '/api/tokens/tok_missing/credentials', { session: admin })).status).toBe(404)
  })
})
