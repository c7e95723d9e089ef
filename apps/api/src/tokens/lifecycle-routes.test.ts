import type { Credentials, TokenView, TokenWithCredentials } from '@tokens/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { localisedMessage } from '../http/localised-messages.js'
import { basic, bodyOf, type AdminSession } from '../test-support/api-fixture.js'
import { apiFixtureForEachTest } from '../test-support/suite-fixture.js'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

describe('token expiry and rotation on the admin API', () => {
  const f = apiFixtureForEachTest()
  // A variable of its own: `advance` signs in again.
  let admin: AdminSession
  beforeEach(async () => {
    admin = await f.signIn(f.a.admin)
  })

  const inDays = (days: number) => new Date(f.clock.now().getTime() + days * DAY_MS).toISOString()
  const platformAccount = (credentials: Credentials) =>
    f.call('GET', '/platform/Account', {
      headers: { authorization: basic(credentials.accountSid, credentials.authToken) },
    })
  const snapshot = async (response: Response) => ({
    status: response.status,
    challenge: response.headers.get('www-authenticate'),
    body: await response.text(),
  })
  /** The status GET /platform/Account answers with each of the credentials, asked in turn. */
  const platformStatuses = async (...credentials: Credentials[]) => {
    const statuses: number[] = []
    for (const each of credentials) statuses.push((await platformAccount(each)).status)
    return statuses
  }
  /** A new token of account A and the answer to rotating it, with `json` as the body when given. */
  const rotateNewToken = async (json?: object) => {
    const created = await f.createToken(f.a)
    const options = { session: admin, ...(json ? { json } : {}) }
    const res = await f.call('POST', `/api/tokens/${created.token.id}/rotate`, options)
    return { created, res, rotated: await bodyOf<TokenWithCredentials>(res.clone()) }
  }
  /** Saves the account's token policies, expecting them accepted. */
  const savePolicies = async (json: { requireExpiry?: boolean; maxLifetimeDays?: number }) =>
    expect((await f.call('PUT', '/api/policies', { session: admin, json })).status).toBe(200)
  /** Expects the 400 of an expiry past a 30-day maximum, which names the latest one allowed. */
  const expectBeyondThirtyDays = async (res: Response) => {
    expect(res.status).toBe(400)
    expect(await bodyOf(res)).toMatchObject({
      code: 'ExpiryBeyondPolicy',
      params: { maxLifetimeDays: 30, latest: inDays(30) },
    })
  }
  /** Moves the clock and signs in again: sessions end after 30 idle minutes. */
  const advance = async (ms: number) => {
    f.clock.advance(ms)
    admin = await f.signIn(f.a.admin)
  }

  it('creates a token with an expiry, shows it, and refuses it after expiry with the very 401 of a disabled token, cached or not', async () => {
    const expiresAt = inDays(1)
    const res = await f.call('POST', '/api/tokens', {
      session: admin,
      json: { name: 'Expiring', primaryContactUserId: f.a.admin.id, scopes: ['GET /Account'], expiresAt },
    })
    expect(res.status).toBe(201)
    const created = await bodyOf<TokenWithCredentials>(res)
    expect(created.token).toMatchObject({ expiresAt, state: 'enabled', rotation: null })
    const disabled = await f.createToken(f.a)
    await f.core.tokens.disable(f.a.admin.context, disabled.token.id)
    expect((await platformAccount(created.credentials)).status).toBe(200)

    await advance(DAY_MS)
    const expired = await snapshot(await platformAccount(created.credentials))
    expect(expired).toEqual(await snapshot(await platformAccount(disabled.credentials)))
    expect(expired.status).toBe(401)
    const verify = await f.call('POST', '/verify', {
      json: { ...created.credentials, method: 'GET', path: '/Account' },
    })
    expect(verify.status).toBe(401)
    const token = await bodyOf<{ token: TokenView }>(
      await f.call('GET', `/api/tokens/${created.token.id}`, { session: admin }),
    )
    expect(token.token.state).toBe('expired')
    const list = await bodyOf<{ items: TokenView[] }>(
      await f.call('GET', '/api/tokens?state=expired', { session: admin }),
    )
    expect(list.items.map((item) => item.id)).toEqual([created.token.id])
  })

  it('renews an expired token with the same credentials and refuses a renewal beyond the policy with 400 ExpiryBeyondPolicy', async () => {
    const created = await f.createToken(f.a, { expiresAt: inDays(1) })
    await advance(2 * DAY_MS)
    await savePolicies({ maxLifetimeDays: 30 })
    await expectBeyondThirtyDays(
      await f.call('POST', `/api/tokens/${created.token.id}/renew`, {
        session: admin,
        json: { expiresAt: inDays(31) },
      }),
    )
    expect((await platformAccount(created.credentials)).status).toBe(401)
    const renewed = await f.call('POST', `/api/tokens/${created.token.id}/renew`, {
      session: admin,
      json: { expiresAt: inDays(30) },
    })
    expect(renewed.status).toBe(200)
    expect((await bodyOf<{ token: TokenView }>(renewed)).token).toMatchObject({
      state: 'enabled',
      expiresAt: inDays(30),
    })
    expect((await platformAccount(created.credentials)).status).toBe(200)
  })

  it('creates and renews with an expiry 5 s beyond maxLifetimeDays (a fast browser clock, latency): 201 and 200 with the maximum stored', async () => {
    await savePolicies({ requireExpiry: true, maxLifetimeDays: 30 })
    const justBeyond = () => new Date(Date.parse(inDays(30)) + 5_000).toISOString()
    const created = await f.call('POST', '/api/tokens', {
      session: admin,
      json: {
        name: 'Longest preset',
        primaryContactUserId: f.a.admin.id,
        scopes: ['GET /Account'],
        expiresAt: justBeyond(),
      },
    })
    expect(created.status).toBe(201)
    const { token } = await bodyOf<TokenWithCredentials>(created)
    expect(token.expiresAt).toBe(inDays(30))
    await advance(HOUR_MS)
    const renewed = await f.call('POST', `/api/tokens/${token.id}/renew`, {
      session: admin,
      json: { expiresAt: justBeyond() },
    })
    expect(renewed.status).toBe(200)
    expect((await bodyOf<{ token: TokenView }>(renewed)).token.expiresAt).toBe(inDays(30))
  })

  it('duplicates a never-expiring token under a policy that requires an expiry when the copy is given one: 201', async () => {
    const source = await f.createToken(f.a)
    await savePolicies({ requireExpiry: true, maxLifetimeDays: 30 })
    const kept = await f.call('POST', `/api/tokens/${source.token.id}/duplicate`, {
      session: admin,
      json: {},
    })
    expect(kept.status).toBe(400)
    expect((await bodyOf(kept)).code).toBe('ExpiryRequired')
    const res = await f.call('POST', `/api/tokens/${source.token.id}/duplicate`, {
      session: admin,
      json: { enabled: true, expiresAt: inDays(30) },
    })
    expect(res.status).toBe(201)
    const copy = await bodyOf<TokenWithCredentials>(res)
    expect(copy.token).toMatchObject({ state: 'enabled', expiresAt: inDays(30) })
    await expectBeyondThirtyDays(
      await f.call('POST', `/api/tokens/${source.token.id}/duplicate`, {
        session: admin,
        json: { expiresAt: inDays(31) },
      }),
    )
  })

  it.each([
    { case: 'no expiry', body: {}, code: 'ExpiryRequired' },
    { case: 'an expiry in the past', body: { expiresAt: '2020-01-01T00:00:00Z' }, code: 'ExpiryNotInFuture' },
    { case: 'an expiry that is not a date', body: { expiresAt: 'tomorrow' }, code: 'ValidationFailed' },
  ])(
    'refuses to create a token with $case under a policy that requires an expiry: 400 $code',
    async ({ body, code }) => {
      await savePolicies({ requireExpiry: true })
      const res = await f.call('POST', '/api/tokens', {
        session: admin,
        json: { name: 'Policy', primaryContactUserId: f.a.admin.id, scopes: ['GET /Account'], ...body },
      })
      expect(res.status).toBe(400)
      expect((await bodyOf(res)).code).toBe(code)
    },
  )

  it('words lifecycle problems from the catalogs in the language asked for, with their parameters', async () => {
    await savePolicies({ requireExpiry: true, maxLifetimeDays: 30 })
    const json = { name: 'Policy', primaryContactUserId: f.a.admin.id, scopes: ['GET /Account'] }
    const required = await f.call('POST', '/api/tokens', {
      session: admin,
      headers: { 'accept-language': 'zh-CN' },
      json,
    })
    expect(await bodyOf(required)).toMatchObject({
      code: 'ExpiryRequired',
      detail: localisedMessage('zh-CN', 'errors.ExpiryRequired'),
    })
    const beyond = await f.call('POST', '/api/tokens', {
      session: admin,
      headers: { 'accept-language': 'en' },
      json: { ...json, expiresAt: inDays(31) },
    })
    const params = { maxLifetimeDays: 30, latest: inDays(30) }
    expect(await bodyOf(beyond)).toMatchObject({
      detail: localisedMessage('en', 'errors.ExpiryBeyondPolicy', params),
      params,
    })
  })

  it('rotates with an overlap: both auth tokens work, the answer is no-store, and retiring ends the old one at once', async () => {
    const { created, res, rotated } = await rotateNewToken({ overlapSeconds: 7_200 })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(rotated.token.rotation).toMatchObject({
      endsAt: new Date(f.clock.now().getTime() + 2 * HOUR_MS).toISOString(),
    })
    expect(rotated.credentials.accountSid).toBe(created.credentials.accountSid)
    expect(await platformStatuses(created.credentials, rotated.credentials)).toEqual([200, 200])
    const again = await f.call('POST', `/api/tokens/${created.token.id}/rotate`, { session: admin, json: {} })
    expect(again.status).toBe(409)
    expect((await bodyOf(again)).code).toBe('RotationInProgress')

    const completed = await f.call('POST', `/api/tokens/${created.token.id}/rotation/complete`, {
      session: admin,
    })
    expect(completed.status).toBe(200)
    expect((await bodyOf<{ token: TokenView }>(completed)).token.rotation).toBeNull()
    expect(await platformStatuses(created.credentials, rotated.credentials)).toEqual([401, 200])
    const twice = await f.call('POST', `/api/tokens/${created.token.id}/rotation/complete`, {
      session: admin,
    })
    expect(twice.status).toBe(409)
    expect((await bodyOf(twice)).code).toBe('NoRotationInProgress')
  })

  it('refuses the old auth token from the end of the overlap on, without a body the overlap defaults to a day', async () => {
    const { created, res, rotated } = await rotateNewToken()
    expect(res.status).toBe(200)
    expect(await platformStatuses(created.credentials)).toEqual([200])
    f.clock.advance(DAY_MS - 1)
    expect(await platformStatuses(created.credentials)).toEqual([200])
    f.clock.advance(1)
    expect(await platformStatuses(created.credentials, rotated.credentials)).toEqual([401, 200])
  })

  it('ends a rotation confirmed by traffic once the new auth token is used and the old one stays quiet', async () => {
    const { created, rotated } = await rotateNewToken({ confirmByTraffic: { quietSeconds: 1_800 } })
    expect(rotated.token.rotation?.confirmByTraffic).toEqual({ quietSeconds: 1_800 })
    expect(await platformStatuses(created.credentials)).toEqual([200])
    f.clock.advance(60_000)
    expect(await platformStatuses(rotated.credentials)).toEqual([200])
    const usedAt = f.clock.now().toISOString()
    await vi.waitFor(async () =>
      expect((await f.core.tokens.get(f.a.admin.context, created.token.id)).rotation?.newLastUsedAt).toBe(
        usedAt,
      ),
    )
    // The old auth token's use at the start began the quiet period (a call with it meanwhile would
    // restart it, so none is made): from 30 minutes after that use on, only the new one works.
    f.clock.advance(1_800_000 - 60_000)
    expect(await platformStatuses(created.credentials, rotated.credentials)).toEqual([401, 200])
  })

  it('ends a rotation on reset: neither earlier auth token works', async () => {
    const { created, rotated } = await rotateNewToken({})
    const reset = await bodyOf<TokenWithCredentials>(
      await f.call('POST', `/api/tokens/${created.token.id}/reset`, { session: admin }),
    )
    expect(reset.token.rotation).toBeNull()
    expect(await platformStatuses(created.credentials, rotated.credentials, reset.credentials)).toEqual([
      401, 401, 200,
    ])
  })

  it.each([
    { case: 'an overlap under an hour', json: { overlapSeconds: 60 } },
    { case: 'an overlap given as text', json: { overlapSeconds: '3600' } },
    { case: 'a quiet period over a day', json: { confirmByTraffic: { quietSeconds: 86_401 } } },
    { case: 'an unknown field', json: { authToken: 'tcat_mine' } },
  ])(
    'refuses a rotation with $case: 400 ValidationFailed, the old auth token alone keeps working',
    async ({ json }) => {
      const { created, res } = await rotateNewToken(json)
      expect(res.status).toBe(400)
      expect((await bodyOf(res)).code).toBe('ValidationFailed')
      expect((await f.core.tokens.get(f.a.admin.context, created.token.id)).rotation).toBeNull()
    },
  )
})

describe('expiry on the platform API', () => {
  const f = apiFixtureForEachTest()

  it('creates a token with an expiry and shows it in both versioned shapes', async () => {
    const expiresAt = new Date(f.clock.now().getTime() + 7 * DAY_MS).toISOString()
    const body = {
      name: 'Made by an integration',
      primaryContactUserId: f.a.admin.id,
      scopes: ['GET /Account'],
      expiresAt,
    }
    const latest = await f.createToken(f.a, { scopes: ['POST /Tokens', 'GET /Tokens/{Id}', 'GET /Account'] })
    const res = await f.call('POST', '/platform/Tokens', {
      headers: { authorization: basic(latest.credentials.accountSid, latest.credentials.authToken) },
      json: body,
    })
    expect(res.status).toBe(201)
    const created = await bodyOf<TokenWithCredentials>(res)
    expect(created.token.expiresAt).toBe(expiresAt)

    const classic = await f.createToken(f.a, { apiVersion: 'v12', scopes: ['GET /Tokens/{Id}'] })
    const read = await f.call('GET', `/platform/Tokens/${created.token.id}`, {
      headers: { authorization: basic(classic.credentials.accountSid, classic.credentials.authToken) },
    })
    expect(await bodyOf(read)).toMatchObject({
      Id: created.token.id,
      State: 'Enabled',
      DateExpires: expiresAt,
    })
  })
})
