import { performance } from 'node:perf_hooks'
import { TokenConsoleError } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'

const MB = 1_048_576

function chunkedBody(totalBytes: number): ReadableStream<Uint8Array> {
  let sent = 0
  const chunk = new TextEncoder().encode(' '.repeat(64 * 1024))
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close()
      controller.enqueue(chunk)
      sent += chunk.length
    },
  })
}

describe('request bodies', () => {
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f)

  it('answers 413 for a body over 1 MB declared by Content-Length, before any side effect', async () => {
    const created = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const body = `{"pad":"${'x'.repeat(10 * MB)}"}`
    const res = await f.call('POST', `/api/tokens/${created.token.id}/reset`, {
      session: admin,
      body,
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    })
    expect(res.status).toBe(413)
    expect(await bodyOf(res)).toMatchObject({ code: 'PayloadTooLarge', params: { limit: '1 MB' } })
    const auth = { authorization: basic(created.credentials.accountSid, created.credentials.authToken) }
    expect((await f.call('GET', '/platform/Account', { headers: auth })).status).toBe(200)
  })

  it('answers 413 for a chunked body over 1 MB without Content-Length, before any side effect', async () => {
    const created = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const res = await f.call('POST', `/api/tokens/${created.token.id}/reset`, {
      session: admin,
      body: chunkedBody(10 * MB),
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(413)
    const auth = { authorization: basic(created.credentials.accountSid, created.credentials.authToken) }
    expect((await f.call('GET', '/platform/Account', { headers: auth })).status).toBe(200)
    const platform = await f.call('POST', '/platform/Tokens', {
      headers: { ...auth, 'content-type': 'application/json' },
      body: chunkedBody(2 * MB),
    })
    expect(platform.status).toBe(413)
  })

  it('accepts a body just under the limit as far as size goes', async () => {
    const body = JSON.stringify({ email: 'someone@example.test', password: 'x'.repeat(MB - 100) })
    const res = await f.call('POST', '/api/session', {
      body,
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
  })

  it('answers 400 MalformedJson for broken JSON', async () => {
    for (const body of ['{', '{"name": }', 'nul', '\u0000']) {
      const res = await f.call('POST', '/api/tokens', {
        session: admin,
        body,
        headers: { 'content-type': 'application/json' },
      })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect((await bodyOf(res)).code).toBe('MalformedJson')
    }
  })

  const utf8 = (text: string) => new TextEncoder().encode(text)
  const bytesOf = (...parts: (string | number[])[]) =>
    Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...utf8(part)] : part)))

  it.each([
    {
      what: 'a lone continuation byte in the name',
      bytes: bytesOf('{"name":"ad', [0x80], 'min"}'),
      path: 'name',
    },
    {
      what: 'a truncated sequence in the name',
      bytes: bytesOf('{"name":"ad', [0xe2, 0x80], 'min"}'),
      path: 'name',
    },
    {
      what: 'an overlong encoding in the name',
      bytes: bytesOf('{"name":"', [0xc0, 0xaf], '"}'),
      path: 'name',
    },
    {
      what: 'an encoded surrogate in the name',
      bytes: bytesOf('{"name":"', [0xed, 0xa0, 0x80], '"}'),
      path: 'name',
    },
    {
      what: 'a 0xFF byte in the description',
      bytes: bytesOf('{"description":"x', [0xff], '"}'),
      path: 'description',
    },
    { what: 'an invalid byte in a key', bytes: bytesOf('{"na', [0xff], 'me":"x"}'), path: '' },
  ])(
    'refuses invalid UTF-8 ($what) with 400 ValidationFailed naming the field, not U+FFFD',
    async ({ bytes, path }) => {
      const { token } = await f.createToken(f.a, { name: 'Unchanged' })
      const res = await f.call('PATCH', `/api/tokens/${token.id}`, {
        session: admin,
        body: bytes,
        headers: { 'content-type': 'application/json' },
      })
      expect(res.status).toBe(400)
      expect(await bodyOf(res)).toMatchObject({
        code: 'ValidationFailed',
        errors: [{ path, reason: 'malformedText' }],
      })
      const read = await bodyOf<{ token: { name: string } }>(
        await f.call('GET', `/api/tokens/${token.id}`, { session: admin }),
      )
      expect(read.token.name).toBe('Unchanged')
    },
  )

  it.each([
    { what: 'a lone high surrogate escape', body: '{"name":"ad\\ud800min"}', path: 'name' },
    { what: 'a lone low surrogate escape', body: '{"name":"\\udc00"}', path: 'name' },
    { what: 'a reversed pair', body: '{"description":"\\udc00\\ud800"}', path: 'description' },
    {
      what: 'a lone surrogate in a list',
      body: '{"developerEmails":["a@b.test","\\ud800@b.test"]}',
      path: 'developerEmails.1',
    },
  ])('refuses $what in a JSON string with 400 ValidationFailed naming the field', async ({ body, path }) => {
    const { token } = await f.createToken(f.a)
    const res = await f.call('PATCH', `/api/tokens/${token.id}`, {
      session: admin,
      body,
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(await bodyOf(res)).toMatchObject({
      code: 'ValidationFailed',
      errors: [{ path, reason: 'malformedText' }],
    })
  })

  it('accepts an escaped surrogate pair (an emoji) and stores it as the emoji', async () => {
    const { token } = await f.createToken(f.a)
    const res = await f.call('PATCH', `/api/tokens/${token.id}`, {
      session: admin,
      body: '{"name":"Rocket \\ud83d\\ude80"}',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(200)
    expect((await bodyOf<{ token: { name: string } }>(res)).token.name).toBe('Rocket 🚀')
  })

  it('answers JSON nested 10,000 deep with a quick 400', async () => {
    const body = `{"name":${'['.repeat(10_000)}${']'.repeat(10_000)}}`
    const started = performance.now()
    const res = await f.call('POST', '/api/tokens', {
      session: admin,
      body,
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect((await bodyOf(res)).code).toBe('ValidationFailed')
    // The issue asks for a quick 400: a generous bound, as the answer takes milliseconds.
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it('answers unknown routes and methods with a 404 problem', async () => {
    for (const [method, path] of [
      ['GET', '/api/nope'],
      ['POST', '/api/nope'],
      ['PUT', '/api/tokens'],
      ['GET', '/nope'],
      ['DELETE', '/healthz'],
    ] as const) {
      const res = await f.call(method, path, { session: admin })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect((await bodyOf(res)).code).toBe('NotFound')
    }
  })

  it('puts the security headers and a strict CSP on every answer', async () => {
    for (const res of [
      await f.call('GET', '/healthz'),
      await f.call('GET', '/api/nope'),
      await f.call('GET', '/api/tokens', { session: admin }),
      await f.call('GET', '/platform/Account'),
    ]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('strict-transport-security')).toContain('max-age=')
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('logs one line per request: method, path without query, status, duration, request id, nothing else', async () => {
    f.logs.length = 0
    const res = await f.call('GET', '/api/tokens?name=secret-query', {
      session: admin,
      headers: { authorization: 'Basic c2VjcmV0OnNlY3JldA==' },
    })
    expect(f.logs).toHaveLength(1)
    const line = f.logs[0] ?? {}
    expect(Object.keys(line).sort()).toEqual([
      'event',
      'level',
      'method',
      'ms',
      'path',
      'requestId',
      'status',
    ])
    expect(line).toMatchObject({
      method: 'GET',
      path: '/api/tokens',
      status: 200,
      requestId: res.headers.get('x-request-id'),
    })
    const text = JSON.stringify(f.logs)
    for (const secret of ['secret-query', 'c2VjcmV0', admin.sessionId, admin.csrfToken])
      expect(text).not.toContain(secret)
  })
})

describe('failures of the core', () => {
  const failures: Record<string, unknown> = {}
  const f = apiFixtureForSuite({
    core: (core) => ({
      ...core,
      tokens: {
        ...core.tokens,
        list: async (context, filter) => {
          const failure = failures[String(filter.name)]
          if (failure) throw failure
          return core.tokens.list(context, filter)
        },
      },
    }),
  })
  const admin = sessionForSuite(f)

  const storageError = (code: string) => Object.assign(new Error(`${code}: database is locked`), { code })

  it('answers busy storage with 503 Busy and full storage with 507 StorageFull', async () => {
    Object.assign(failures, {
      busy: new TokenConsoleError('Busy'),
      rawBusy: storageError('SQLITE_BUSY'),
      full: new TokenConsoleError('StorageFull'),
      rawFull: storageError('SQLITE_FULL'),
    })
    for (const [name, status, code] of [
      ['busy', 503, 'Busy'],
      ['rawBusy', 503, 'Busy'],
      ['full', 507, 'StorageFull'],
      ['rawFull', 507, 'StorageFull'],
    ] as const) {
      const res = await f.call('GET', `/api/tokens?name=${name}`, { session: admin })
      expect(res.status, name).toBe(status)
      expect((await bodyOf(res)).code).toBe(code)
      // A busy database frees up within moments: tell clients when to retry. A full disk does not.
      expect(res.headers.get('Retry-After'), name).toBe(status === 503 ? '1' : null)
    }
  })

  it('answers an unexpected error with 500 Internal, no stack or message, and logs it without the message', async () => {
    failures['boom'] = new Error('leaked tcat_SECRETSECRETSECRET in a message')
    f.logs.length = 0
    const res = await f.call('GET', '/api/tokens?name=boom', { session: admin })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ code: 'Internal', status: 500 })
    expect(text).not.toContain('tcat_')
    expect(text).not.toMatch(/\bat .*\(/)
    const failure = f.logs.find((line) => line['event'] === 'request.failed')
    expect(failure).toMatchObject({
      level: 'error',
      error: 'Error',
      requestId: res.headers.get('x-request-id'),
    })
    expect(JSON.stringify(f.logs)).not.toContain('tcat_')
  })
})
