import type { Credentials, LegacyCredentials, LegacyTokensView } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'

describe('admin legacy token routes', () => {
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f, (opened) => opened.b.admin)

  const platform = (method: string, path: string, credentials: Credentials) =>
    f.call(method, path, { headers: { authorization: basic(credentials.accountSid, credentials.authToken) } })

  it('walks the legacy lifecycle: 409 before enabling, enable once, reveal, reset each credential, upgrade', async () => {
    expect(await bodyOf(await f.call('GET', '/api/legacy-tokens', { session: admin }))).toEqual({
      enabled: false,
    })
    for (const [method, path] of [
      ['POST', '/api/legacy-tokens/read-write/reset'],
      ['POST', '/api/legacy-tokens/read-only/reset'],
      ['GET', '/api/legacy-tokens/credentials'],
      ['POST', '/api/legacy-tokens/upgrade'],
    ] as const) {
      const res = await f.call(method, path, { session: admin })
      expect(res.status, path).toBe(409)
      expect((await bodyOf(res)).code).toBe('LegacyNotEnabled')
    }

    const enabled = await f.call('POST', '/api/legacy-tokens/enable', { session: admin })
    expect(enabled.status).toBe(200)
    const view = await bodyOf<Extract<LegacyTokensView, { enabled: true }>>(enabled)
    expect(view).toMatchObject({
      enabled: true,
      apiVersion: 'v1',
      readWrite: { kind: 'legacy_read_write' },
      readOnly: { kind: 'legacy_read_only' },
    })
    const again = await f.call('POST', '/api/legacy-tokens/enable', { session: admin })
    expect(again.status).toBe(409)
    expect((await bodyOf(again)).code).toBe('LegacyAlreadyEnabled')

    const revealed = await f.call('GET', '/api/legacy-tokens/credentials', { session: admin })
    expect(revealed.status).toBe(200)
    expect(revealed.headers.get('cache-control')).toBe('no-store')
    const credentials = await bodyOf<LegacyCredentials>(revealed)
    expect(credentials.readWrite.accountSid).toBe(view.readWrite.accountSid)
    expect((await platform('POST', '/platform/Tokens/tok_x/Reset', credentials.readOnly)).status).toBe(403)
    expect((await platform('GET', '/platform/Account', credentials.readOnly)).status).toBe(200)

    const reset = await f.call('POST', '/api/legacy-tokens/read-write/reset', { session: admin })
    expect(reset.status).toBe(200)
    expect(reset.headers.get('cache-control')).toBe('no-store')
    const { credentials: fresh } = await bodyOf<{ credentials: Credentials }>(reset)
    expect((await platform('GET', '/platform/Account', credentials.readWrite)).status).toBe(401)
    expect((await platform('GET', '/platform/Account', fresh)).status).toBe(200)
    expect((await platform('GET', '/platform/Account', credentials.readOnly)).status).toBe(200)

    const readOnlyReset = await f.call('POST', '/api/legacy-tokens/read-only/reset', { session: admin })
    expect(readOnlyReset.status).toBe(200)
    expect((await platform('GET', '/platform/Account', credentials.readOnly)).status).toBe(401)

    const upgraded = await f.call('POST', '/api/legacy-tokens/upgrade', {
      session: admin,
      json: { apiVersion: 'v2' },
    })
    expect(upgraded.status).toBe(200)
    expect(await bodyOf(upgraded)).toMatchObject({
      enabled: true,
      apiVersion: 'v2',
      readWrite: { apiVersion: 'v2' },
    })
  })

  it('upgrades the legacy tokens and refuses a downgrade', async () => {
    const session = await f.signIn(f.a.admin)
    await f.call('POST', '/api/legacy-tokens/enable', { session })
    const down = await f.call('POST', '/api/legacy-tokens/upgrade', { session, json: { apiVersion: 'v12' } })
    expect(down.status).toBe(409)
    expect((await bodyOf(down)).code).toBe('ApiVersionNotNewer')
    const bad = await f.call('POST', '/api/legacy-tokens/upgrade', {
      session,
      json: { apiVersion: 'latest' },
    })
    expect(bad.status).toBe(400)
  })
})
