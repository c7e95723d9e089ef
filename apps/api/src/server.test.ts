import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startServerProcess } from './test-support/server-process.js'

const startServer = (dataDir: string) => startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: 'false' })

describe('the server process', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  })

  it('starts on the configured port, answers /healthz and logs JSON lines without secrets', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-console-server-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const server = await startServer(dataDir)
    cleanups.push(() => server.child.kill('SIGKILL'))
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
    const dataDir = mkdtempSync(join(tmpdir(), 'token-console-server-'))
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    const server = await startServer(dataDir)
    cleanups.push(() => server.child.kill('SIGKILL'))

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
})
