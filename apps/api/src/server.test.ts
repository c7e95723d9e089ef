import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startServerProcess, type ServerProcess } from './test-support/server-process.js'

/**
 * Sends raw bytes on a connection of its own and then nothing more, keeping it open, and resolves
 * with what the server wrote until it closed the connection, and after how long.
 */
function rawExchange(
  port: number,
  sent: string,
): Promise<{ ms: number; status: string; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    let received = ''
    const socket = connect(port, '127.0.0.1', () => socket.write(sent))
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (received += chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n')
      const [status = '', ...headers] = head.split('\r\n')
      resolve({ ms: performance.now() - started, status, headers: headers.join('\n').toLowerCase(), body })
    })
  })
}

describe('the server process', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  })

  /** The server on a data folder of its own; both go after the test. */
  async function startServer(): Promise<ServerProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-console-server-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: 'false' })
    cleanups.push(() => server.child.kill('SIGKILL'))
    return server
  }

  it('starts on the configured port, answers /healthz and logs JSON lines without secrets', async () => {
    const server = await startServer()
    const health = await fetch(`${server.url}/healthz`)
    expect(await health.json()).toEqual({ status: 'ok' })
    await fetch(`${server.url}/platform/Account?q=1`, {
      headers: { authorization: 'Basic c2VjcmV0OnZhbHVl' },
    })
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    const lines = server.logLines()
    expect(lines.map((line) => line['event'])).toEqual(
      expect.arrayContaining(['listening', 'request', 'stopping', 'stopped']),
    )
    expect(server.output()).not.toContain('c2VjcmV0')
    expect(server.output()).not.toContain('q=1')
  }, 60_000)

  it('lets an in-flight request finish after SIGTERM, then exits and no longer listens', async () => {
    const server = await startServer()

    // A request whose body is still arriving when the stop is asked for.
    const answered = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/verify',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        },
      )
      req.on('error', reject)
      req.write('{"authorization":"Basic eDp5",')
      setTimeout(() => {
        server.child.kill('SIGTERM')
        setTimeout(() => req.end('"scope":"GET /Account"}'), 300)
      }, 100)
    })
    expect(await answered).toBe(401)
    expect(await server.exited).toBe(0)
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
  }, 60_000)

  it('answers what Node refuses before the app (headers too large, malformed, not sent in time, a body trickling past 30 s) as problem+json', async () => {
    const server = await startServer()
    const post =
      'POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n'
    const [tooLarge, malformed, headersLate, bodyLate] = await Promise.all([
      rawExchange(server.port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`),
      rawExchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'),
      // Headers started and never finished; a body declared and never sent in full.
      rawExchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n'),
      rawExchange(server.port, `${post}{"authorization":`),
    ])
    for (const [answer, status, code] of [
      [tooLarge, '431', 'RequestHeadersTooLarge'],
      [malformed, '400', 'MalformedRequest'],
      [headersLate, '408', 'RequestTimeout'],
      [bodyLate, '408', 'RequestTimeout'],
    ] as const) {
      expect([code, answer.status.split(' ')[1]]).toEqual([code, status])
      expect(answer.headers).toContain('content-type: application/problem+json')
      expect(answer.headers).toContain('x-content-type-options: nosniff')
      expect(JSON.parse(answer.body)).toMatchObject({ status: Number(status), code })
    }
    // Node's defaults would wait 60 s for headers and 5 min for a whole request.
    expect(headersLate.ms).toBeLessThan(15_000)
    expect(bodyLate.ms).toBeLessThan(35_000)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.logLines().filter((line) => line['level'] === 'error')).toEqual([])
    // 30 s of it is the request timeout itself; the rest a start on a loaded machine.
  }, 120_000)
})
