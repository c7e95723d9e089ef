import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

interface Started {
  child: ChildProcess
  url: string
  port: number
  output: () => string
  exited: Promise<number | null>
}

async function startServer(dataDir: string): Promise<Started> {
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/server.ts'], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url, port, output: () => output, exited }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`server did not start:\n${output}`)
}

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
    const lines = server
      .output()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
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
