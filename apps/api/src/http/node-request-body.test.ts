import { request, type IncomingMessage } from 'node:http'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { basic, bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, nodeServerForSuite, sessionForSuite } from '../test-support/suite-fixture.js'
import { readNodeBody } from './node-request-body.js'

const MB = 1_048_576

/** A request stream as Node hands it over: headers, then the body in the chunks given. */
function incoming(headers: Record<string, string>, chunks: readonly Buffer[]): IncomingMessage {
  const stream = new PassThrough()
  Object.assign(stream, { headers })
  for (const chunk of chunks) stream.write(chunk)
  stream.end()
  return stream as unknown as IncomingMessage
}

describe('reading a body from Node’s stream', () => {
  it('gives the bytes as an ArrayBuffer of their own size, never a view of a shared pool', async () => {
    const body = await readNodeBody(incoming({}, [Buffer.from('{"a":'), Buffer.from('"é"}')]), 100)
    if (!('bytes' in body)) throw new Error('refused a small body')
    expect(new TextDecoder().decode(body.bytes)).toBe('{"a":"é"}')
    expect(body.bytes.buffer.byteLength).toBe(Buffer.byteLength('{"a":"é"}'))
  })

  it('refuses past the limit by Content-Length without reading, and by counting without one', async () => {
    const declared = incoming({ 'content-length': '101' }, [])
    expect(await readNodeBody(declared, 100)).toEqual({ tooLarge: true })
    const chunked = incoming({ 'transfer-encoding': 'chunked' }, [Buffer.alloc(60), Buffer.alloc(60)])
    expect(await readNodeBody(chunked, 100)).toEqual({ tooLarge: true })
    const exact = await readNodeBody(incoming({}, [Buffer.alloc(60), Buffer.alloc(40)]), 100)
    expect('bytes' in exact && exact.bytes.byteLength).toBe(100)
  })

  it('fails, instead of waiting for ever, when the client goes away before the body ends', async () => {
    const stream = new PassThrough()
    Object.assign(stream, { headers: {} })
    stream.write(Buffer.from('{"a"'))
    const reading = readNodeBody(stream as unknown as IncomingMessage, 100)
    stream.destroy()
    await expect(reading).rejects.toThrow()
  })
})

describe('request bodies served by Node', () => {
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f)
  const served = nodeServerForSuite(f)

  /** The same request through Node and through app.request: same status, same body. */
  async function bothWays(
    path: string,
    init: { headers?: Record<string, string>; body?: string | Uint8Array },
  ) {
    const request = { method: 'POST', ...init }
    const viaNode = await fetch(`${served.base}${path}`, request)
    const viaApp = await f.app.request(path, request)
    const [node, app] = [await bodyOf(viaNode), await bodyOf(viaApp)]
    expect(viaNode.status).toBe(viaApp.status)
    // The token's RateLimit-* headers, set on Node's response when served by Node (Remaining counts down).
    for (const name of ['ratelimit-limit', 'ratelimit-reset'])
      expect(viaNode.headers.get(name)).toBe(viaApp.headers.get(name))
    return { status: viaNode.status, node, app, rateLimit: viaNode.headers.get('ratelimit-limit') }
  }

  it('answers /verify the same through Node as through app.request, valid, refused and malformed', async () => {
    const { credentials } = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const json = { 'content-type': 'application/json' }
    const valid = await bothWays('/verify', {
      headers: json,
      body: JSON.stringify({ ...credentials, method: 'GET', path: '/Account' }),
    })
    expect(valid.status).toBe(200)
    expect(valid.node).toEqual(valid.app)
    expect(valid.rateLimit).toBe('1000')
    const wrongScope = await bothWays('/verify', {
      headers: json,
      body: JSON.stringify({
        authorization: basic(credentials.accountSid, credentials.authToken),
        scope: 'GET /Reports',
      }),
    })
    expect(wrongScope.status).toBe(403)
    expect(wrongScope.rateLimit).toBe('1000')
    expect(wrongScope.node).toMatchObject({ code: 'ScopeMissing' })
    const cases: [string, Record<string, string>, string | Uint8Array, number, string][] = [
      ['malformed JSON', json, '{"accountSid": ', 400, 'MalformedJson'],
      [
        'malformed UTF-8',
        json,
        Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
        400,
        'ValidationFailed',
      ],
      ['a form', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b', 415, 'UnsupportedMediaType'],
      ['no body', json, '', 400, 'MalformedJson'],
      ['a body of the wrong shape', json, '{"scope":"GET /Account"}', 400, 'ValidationFailed'],
    ]
    for (const [name, headers, body, status, code] of cases) {
      const answer = await bothWays('/verify', { headers, body })
      expect([name, answer.status, answer.node['code']]).toEqual([name, status, code])
    }
  })

  it('answers 413 through Node for a body over 1 MB, declared or chunked, and still serves the connection after', async () => {
    const declared = await fetch(`${served.base}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"pad":"${'x'.repeat(2 * MB)}"}`,
    })
    expect(declared.status).toBe(413)
    expect(await bodyOf(declared)).toMatchObject({ code: 'PayloadTooLarge', params: { limit: '1 MB' } })
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024))
    let sent = 0
    const chunked = await fetch(`${served.base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin.cookie },
      body: new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 2 * MB) return controller.close()
          controller.enqueue(chunk)
          sent += chunk.length
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
    await chunked.arrayBuffer()
    expect((await fetch(`${served.base}/healthz`)).status).toBe(200)
  })

  it('logs a client that goes away before its body ends as a closed request (499), never as a server failure', async () => {
    const from = f.logs.length
    const reached = served.requests
    const port = new URL(served.base).port
    const sending = request({
      host: '127.0.0.1',
      port,
      path: '/verify',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '100' },
    })
    sending.on('error', () => {})
    sending.write('{"authorization":')
    // Gone once the app has the request, however long a loaded machine takes to get it there.
    await expect.poll(() => served.requests, { timeout: 10_000 }).toBe(reached + 1)
    sending.destroy()
    await expect
      .poll(() => f.logs.slice(from).find((entry) => entry.event === 'request'), { timeout: 10_000 })
      .toBeDefined()
    const logged = f.logs.slice(from)
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([])
    expect(logged.find((entry) => entry.event === 'request')).toMatchObject({ path: '/verify', status: 499 })
    expect((await fetch(`${served.base}/healthz`)).status).toBe(200)
  })

  it('hands the body read once to an admin write’s guards and validator through Node', async () => {
    const created = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const answer = await fetch(`${served.base}/api/tokens/${created.token.id}`, {
      method: 'PATCH',
      headers: {
        'content-type': 'application/json',
        cookie: admin.cookie,
        'x-csrf-token': admin.csrfToken,
      },
      body: JSON.stringify({ name: 'Renamed through Node' }),
    })
    expect([answer.status, await bodyOf(answer)]).toMatchObject([
      200,
      { token: { name: 'Renamed through Node' } },
    ])
  })
})
