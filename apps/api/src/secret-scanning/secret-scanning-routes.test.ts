import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AUTH_TOKEN_PREFIX,
  checksumOf,
  type AuditEventView,
  type DeliveryView,
  type LegacyCredentials,
  type LegacyTokensView,
  type TokenView,
  type TokenWithCredentials,
} from '@tokens/core'
import { startWebhookReceiver } from '@tokens/core/testing'
import { describe, expect, it } from 'vitest'
import { basic, bodyOf, openApiFixture, type AdminSession } from '../test-support/api-fixture.js'
import { apiFixtureForEachTest, sessionForEachTest } from '../test-support/suite-fixture.js'
import { scannerPublicKeys } from './scanner-public-keys.js'

/** A throw-away scanner key pair, as GitHub's partner program uses: ECDSA P-256. */
function scannerKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

/** base64 of the DER ECDSA signature of the raw body with SHA-256, exactly as GitHub signs a report. */
function signatureOf(privateKey: KeyObject, body: string): string {
  return sign('sha256', Buffer.from(body), { key: privateKey, dsaEncoding: 'der' }).toString('base64')
}

const KEY_ID = '90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a'
const URL_FOUND = 'https://github.com/octo/app/blob/1a2b3c/deploy/.env'
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
const neverIssued = () => {
  const body = `${AUTH_TOKEN_PREFIX}${'Z'.repeat(28)}`
  return `${body}${checksumOf(body)}`
}

describe('POST /secret-scanning/reports', () => {
  const key = scannerKey()
  const otherKey = scannerKey()
  const f = apiFixtureForEachTest(() => {
    const file = join(mkdtempSync(join(tmpdir(), 'scanner-keys-')), 'keys.json')
    writeFileSync(
      file,
      JSON.stringify({ public_keys: [{ key_identifier: KEY_ID, key: key.pem, is_current: true }] }),
    )
    return { secretScanningKeys: scannerPublicKeys(file), coreOptions: { webhooksAllowPrivate: true } }
  })
  const admin = sessionForEachTest(f)

  const report = (
    candidates: unknown,
    options: { keyId?: string; signWith?: KeyObject; body?: string } = {},
  ) => {
    const body = options.body ?? JSON.stringify(candidates)
    return f.call('POST', '/secret-scanning/reports', {
      body,
      headers: {
        'content-type': 'application/json',
        'github-public-key-identifier': options.keyId ?? KEY_ID,
        'github-public-key-signature': signatureOf(options.signWith ?? key.privateKey, body),
      },
    })
  }
  const found = (token: string) => ({
    token,
    type: 'token_console_auth_token',
    url: URL_FOUND,
    source: 'content',
  })
  const platformStatus = async (credentials: TokenWithCredentials['credentials']) =>
    (
      await f.call('GET', '/platform/Account', {
        headers: { authorization: basic(credentials.accountSid, credentials.authToken) },
      })
    ).status
  const tokenJson = async (id: string) =>
    (await bodyOf<{ token: TokenView }>(await f.call('GET', `/api/tokens/${id}`, { session: admin }))).token
  const leakedEvents = async () =>
    (
      await bodyOf<{ items: AuditEventView[] }>(await f.call('GET', '/api/audit-events', { session: admin }))
    ).items.filter((event) => event.action === 'token.leaked')

  it('labels a signed report: an issued token true_positive; a broken checksum, a never-issued token and junk false_positive, by SHA-256, never echoing a secret', async () => {
    const created = await f.createToken(f.a)
    const secret = created.credentials.authToken
    const broken = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`
    const tokens = [secret, broken, neverIssued(), 'ghp_notours']
    const res = await report(tokens.map(found))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('no-store')
    expect(res.headers.get('skipped-candidates')).toBe('0')
    const text = await res.text()
    expect(text).not.toContain(secret)
    expect(JSON.parse(text)).toEqual(
      tokens.map((token, i) => ({
        token_hash: sha256(token),
        token_type: 'token_console_auth_token',
        label: i === 0 ? 'true_positive' : 'false_positive',
      })),
    )
  })

  it.each([
    {
      case: 'an unknown key identifier',
      options: { keyId: 'no-such-key' },
      status: 401,
      code: 'SecretScanningKeyUnknown',
    },
    {
      case: 'a signature by another key',
      options: { signWith: otherKey.privateKey },
      status: 401,
      code: 'SecretScanningSignatureInvalid',
    },
    {
      case: 'a signed body that is not JSON',
      options: { body: '[{"token": ' },
      status: 400,
      code: 'MalformedJson',
    },
    {
      case: 'a signed body that is not an array of candidates',
      options: { body: '{"token":"x"}' },
      status: 400,
      code: 'ValidationFailed',
    },
    {
      case: 'a signed report none of whose entries is a candidate (an empty token, no type)',
      options: { body: '[{"token":"","type":"t"},{"token":"tcat_x"}]' },
      status: 400,
      code: 'ValidationFailed',
    },
  ])('refuses $case with $status $code and changes nothing', async ({ options, status, code }) => {
    const created = await f.createToken(f.a)
    const res = await report([found(created.credentials.authToken)], options)
    expect(res.status).toBe(status)
    expect(await bodyOf(res)).toMatchObject({ code })
    expect(await platformStatus(created.credentials)).toBe(200)
    expect(await leakedEvents()).toEqual([])
  })

  it('refuses a body changed after signing, and a report without a signature, with 401 SecretScanningSignatureInvalid', async () => {
    const created = await f.createToken(f.a)
    const body = JSON.stringify([found(created.credentials.authToken)])
    const tampered = await f.call('POST', '/secret-scanning/reports', {
      body: body.replace('content', 'commit!'),
      headers: {
        'content-type': 'application/json',
        'github-public-key-identifier': KEY_ID,
        'github-public-key-signature': signatureOf(key.privateKey, body),
      },
    })
    const unsigned = await f.call('POST', '/secret-scanning/reports', {
      body,
      headers: { 'content-type': 'application/json', 'github-public-key-identifier': KEY_ID },
    })
    for (const res of [tampered, unsigned]) {
      expect(res.status).toBe(401)
      expect(await bodyOf(res)).toMatchObject({ code: 'SecretScanningSignatureInvalid' })
    }
    expect(await platformStatus(created.credentials)).toBe(200)
  })

  it('handles a signed report of many candidates, one with a null URL, instead of refusing it: the leaked token is disabled and each candidate labelled', async () => {
    const created = await f.createToken(f.a)
    const others = Array.from({ length: 1_500 }, (_, i) => found(`${AUTH_TOKEN_PREFIX}elsewhere_${i}`))
    const res = await report([
      ...others,
      { ...found(neverIssued()), url: null },
      found(created.credentials.authToken),
    ])
    expect(res.status).toBe(200)
    const verdicts = await bodyOf<{ label: string }[]>(res)
    expect(verdicts).toHaveLength(1_502)
    expect(verdicts.at(-1)).toMatchObject({ label: 'true_positive' })
    expect(await platformStatus(created.credentials)).toBe(401)
    expect(await leakedEvents()).toHaveLength(1)
  })

  it.each([
    { policy: 'disable', platformAfter: 401, action: 'disabled' },
    { policy: 'rotate', platformAfter: 200, action: 'rotated' },
    { policy: 'notify', platformAfter: 200, action: 'none' },
  ])(
    'applies the $policy policy to the leaked tokens of a signed report with malformed entries among them: 200, a verdict per candidate judged, the others counted in Skipped-Candidates and never echoed',
    async ({ policy, platformAfter, action }) => {
      expect(
        (await f.call('PUT', '/api/policies', { session: admin, json: { leakResponse: policy } })).status,
      ).toBe(200)
      const first = await f.createToken(f.a)
      const second = await f.createToken(f.a)
      const oversized = neverIssued().repeat(30)
      const res = await report([
        found(first.credentials.authToken),
        { ...found(neverIssued()), token: 42 },
        { ...found(oversized) },
        { ...found(neverIssued()), type: undefined },
        found(second.credentials.authToken),
      ])
      expect(res.status).toBe(200)
      expect(res.headers.get('skipped-candidates')).toBe('3')
      const text = await res.text()
      expect(JSON.parse(text)).toEqual(
        [first, second].map((created) => ({
          token_hash: sha256(created.credentials.authToken),
          token_type: 'token_console_auth_token',
          label: 'true_positive',
        })),
      )
      for (const secret of [oversized, neverIssued()]) {
        expect(text).not.toContain(secret)
        expect(text).not.toContain(sha256(secret))
      }
      for (const created of [first, second]) {
        expect(await platformStatus(created.credentials)).toBe(platformAfter)
        expect((await tokenJson(created.token.id)).leak).toMatchObject({ url: URL_FOUND, action })
      }
      expect(await leakedEvents()).toHaveLength(2)
    },
  )

  it('handles the leaked token of a signed report padded with as many skipped entries as 1 MB can hold, instead of refusing it for its length', async () => {
    const created = await f.createToken(f.a)
    const padding = 500_000
    const body = `[${'0,'.repeat(padding)}${JSON.stringify(found(created.credentials.authToken))}]`
    expect(body.length).toBeLessThan(1_048_576)
    const res = await report(undefined, { body })
    expect(res.status).toBe(200)
    expect(res.headers.get('skipped-candidates')).toBe(String(padding))
    expect(await bodyOf(res)).toMatchObject([{ label: 'true_positive' }])
    expect(await platformStatus(created.credentials)).toBe(401)
  })

  it('refuses a body over 1 MB with 413 PayloadTooLarge, like the rest of the API, signed or not', async () => {
    const body = JSON.stringify([{ token: 'x'.repeat(1_100_000), type: 't' }])
    const res = await report(undefined, { body })
    expect(res.status).toBe(413)
    expect(await bodyOf(res)).toMatchObject({ code: 'PayloadTooLarge' })
  })

  it('answers 404 while no scanner keys are configured (the feature is off)', async () => {
    const off = await openApiFixture()
    try {
      const body = '[]'
      const res = await off.call('POST', '/secret-scanning/reports', {
        body,
        headers: {
          'content-type': 'application/json',
          'github-public-key-identifier': KEY_ID,
          'github-public-key-signature': signatureOf(key.privateKey, body),
        },
      })
      expect(res.status).toBe(404)
      expect(await bodyOf(res)).toMatchObject({ code: 'NotFound' })
    } finally {
      await off.close()
    }
  })

  it.each([
    { policy: 'disable', platformAfter: 401, state: 'disabled', action: 'disabled', rotating: false },
    { policy: 'rotate', platformAfter: 200, state: 'enabled', action: 'rotated', rotating: true },
    { policy: 'notify', platformAfter: 200, state: 'enabled', action: 'none', rotating: false },
  ])(
    'applies the $policy policy once to a confirmed leak: the leaked token answers $platformAfter, token JSON shows the leak, a second report applies nothing',
    async ({ policy, platformAfter, state, action, rotating }) => {
      expect(
        (await f.call('PUT', '/api/policies', { session: admin, json: { leakResponse: policy } })).status,
      ).toBe(200)
      const created = await f.createToken(f.a)
      expect(await platformStatus(created.credentials)).toBe(200)

      expect(await bodyOf(await report([found(created.credentials.authToken)]))).toMatchObject([
        { label: 'true_positive' },
      ])
      expect(await platformStatus(created.credentials)).toBe(platformAfter)
      const token = await tokenJson(created.token.id)
      expect(token).toMatchObject({ state, leak: { url: URL_FOUND, action } })
      expect(token.rotation !== null).toBe(rotating)

      f.clock.advance(60_000)
      expect(await bodyOf(await report([found(created.credentials.authToken)]))).toMatchObject([
        { label: 'true_positive' },
      ])
      // What a report changes; uses (lastUsedAt, the rotation's) are written off the request path by the platform calls above.
      const changedByReport = (t: TokenView) => ({
        state: t.state,
        updatedAt: t.updatedAt,
        leak: t.leak,
        rotation: t.rotation && { startedAt: t.rotation.startedAt, endsAt: t.rotation.endsAt },
      })
      expect(changedByReport(await tokenJson(created.token.id))).toEqual(changedByReport(token))
      const events = await leakedEvents()
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({
        actor: { type: 'system' },
        tokenId: created.token.id,
        details: { url: URL_FOUND, action },
      })
      expect(JSON.stringify(events)).not.toContain(created.credentials.authToken)
    },
  )

  it('queues one token.leaked notification per leak, with the URL where it was found and never the secret', async () => {
    const receiver = await startWebhookReceiver()
    try {
      const { webhook } = await bodyOf<{ webhook: { id: string } }>(
        await f.call('POST', '/api/webhooks', {
          session: admin,
          json: { url: receiver.url, eventTypes: ['token.leaked'] },
        }),
      )
      const created = await f.createToken(f.a)
      await report([found(created.credentials.authToken)])
      await report([found(created.credentials.authToken)])
      const deliveries = async () =>
        (
          await bodyOf<{ items: DeliveryView[] }>(
            await f.call('GET', `/api/webhooks/${webhook.id}/deliveries`, { session: admin }),
          )
        ).items
      // Queued in the report's transaction, before any delivery round.
      expect(await deliveries()).toMatchObject([
        { eventType: 'token.leaked', status: 'pending', attempts: 0 },
      ])
      expect(receiver.requests).toEqual([])

      await f.core.notifications.deliverDue()
      expect(await deliveries()).toMatchObject([{ eventType: 'token.leaked', status: 'delivered' }])
      expect(receiver.requests).toHaveLength(1)
      const sent = receiver.requests[0]?.body ?? ''
      expect(JSON.parse(sent)).toMatchObject({
        type: 'token.leaked',
        data: { tokenId: created.token.id, url: URL_FOUND, action: 'disabled' },
      })
      expect(sent).not.toContain(created.credentials.authToken)
    } finally {
      await receiver.close()
    }
  })

  it('clears the leak from token JSON once a manager marks it handled, audited, and keeps the token as it is', async () => {
    const created = await f.createToken(f.a)
    await report([found(created.credentials.authToken)])
    const res = await f.call('POST', `/api/tokens/${created.token.id}/leak/handled`, { session: admin })
    expect(res.status).toBe(200)
    expect((await bodyOf<{ token: TokenView }>(res)).token).toMatchObject({ leak: null, state: 'disabled' })
    expect((await tokenJson(created.token.id)).leak).toBeNull()
    const events = (
      await bodyOf<{ items: AuditEventView[] }>(await f.call('GET', '/api/audit-events', { session: admin }))
    ).items
    expect(events.filter((event) => event.action === 'token.leak_handled')).toMatchObject([
      { actor: { type: 'user', userId: f.a.admin.id } },
    ])
  })

  it("refuses to mark another account's token handled with the 404 of a missing token, and an Analyst with 403", async () => {
    const created = await f.createToken(f.a)
    await report([found(created.credentials.authToken)])
    const other = await f.call('POST', `/api/tokens/${created.token.id}/leak/handled`, {
      session: await f.signIn(f.b.admin),
    })
    expect(other.status).toBe(404)
    expect(await bodyOf(other)).toMatchObject({ code: 'TokenNotFound' })
    const analyst = await f.call('POST', `/api/tokens/${created.token.id}/leak/handled`, {
      session: await f.signIn(f.a.analyst),
    })
    expect(analyst.status).toBe(403)
    expect(await bodyOf(analyst)).toMatchObject({ code: 'RoleNotPermitted' })
    expect((await tokenJson(created.token.id)).leak).not.toBeNull()
  })

  describe('a leaked legacy credential', () => {
    const legacyJson = async (session: AdminSession = admin) =>
      bodyOf<LegacyTokensView>(await f.call('GET', '/api/legacy-tokens', { session }))
    const leakLegacy = async () => {
      expect((await f.call('POST', '/api/legacy-tokens/enable', { session: admin })).status).toBe(200)
      const { readWrite } = await bodyOf<LegacyCredentials>(
        await f.call('GET', '/api/legacy-tokens/credentials', { session: admin }),
      )
      expect(await bodyOf(await report([found(readWrite.authToken)]))).toMatchObject([
        { label: 'true_positive' },
      ])
      return readWrite
    }
    const handled = (session: AdminSession, options: { withoutCsrf?: boolean } = {}) =>
      f.call('POST', '/api/legacy-tokens/read-write/leak/handled', {
        session,
        ...(options.withoutCsrf ? { withoutCsrf: true } : {}),
      })

    it('shows the leak in the legacy JSON of that credential, reset by the default policy', async () => {
      const readWrite = await leakLegacy()
      expect(await platformStatus(readWrite)).toBe(401)
      expect(await legacyJson()).toMatchObject({
        enabled: true,
        readWrite: { leak: { url: URL_FOUND, action: 'reset' } },
        readOnly: { leak: null },
      })
    })

    it('clears the leak once a manager marks it handled, audited with the credential, and leaves the other credential alone', async () => {
      await leakLegacy()
      const before = await legacyJson()
      const res = await handled(await f.signIn(f.a.impl))
      expect(res.status).toBe(200)
      const after = await bodyOf<LegacyTokensView>(res)
      expect(after).toMatchObject({ enabled: true, readWrite: { leak: null }, readOnly: { leak: null } })
      expect(await legacyJson()).toEqual(after)
      expect((await handled(admin)).status).toBe(200)
      const events = (
        await bodyOf<{ items: AuditEventView[] }>(
          await f.call('GET', '/api/audit-events', { session: admin }),
        )
      ).items
      expect(events.filter((event) => event.action === 'token.leak_handled')).toEqual([
        expect.objectContaining({
          actor: expect.objectContaining({ type: 'user', userId: f.a.impl.id }),
          tokenId: before.enabled ? before.readWrite.id : null,
          details: { name: 'Read/Write', access: 'read_write', leaks: 1 },
        }),
      ])
    })

    it('refuses an Analyst with 403 RoleNotPermitted and a request without the CSRF token with 403 CsrfRejected', async () => {
      await leakLegacy()
      const analyst = await handled(await f.signIn(f.a.analyst))
      expect(analyst.status).toBe(403)
      expect(await bodyOf(analyst)).toMatchObject({ code: 'RoleNotPermitted' })
      const forged = await handled(admin, { withoutCsrf: true })
      expect(forged.status).toBe(403)
      expect(await bodyOf(forged)).toMatchObject({ code: 'CsrfRejected' })
      expect(await legacyJson()).toMatchObject({ readWrite: { leak: { action: 'reset' } } })
    })

    it("never reaches another account's credential: 409 LegacyNotEnabled without legacy tokens, its own credential with them", async () => {
      await leakLegacy()
      const otherAdmin = await f.signIn(f.b.admin)
      const refused = await handled(otherAdmin)
      expect(refused.status).toBe(409)
      expect(await bodyOf(refused)).toMatchObject({ code: 'LegacyNotEnabled' })
      expect((await f.call('POST', '/api/legacy-tokens/enable', { session: otherAdmin })).status).toBe(200)
      const own = await handled(otherAdmin)
      expect(own.status).toBe(200)
      expect(await bodyOf(own)).toEqual(await legacyJson(otherAdmin))
      expect(await legacyJson()).toMatchObject({ readWrite: { leak: { action: 'reset' } } })
    })
  })
})
