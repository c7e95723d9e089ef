import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type AddressInfo, createServer, type Server } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestToken, openTestCore, provisionTestAccount } from '@tokens/core/testing'

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Runs the real server with this environment until it exits; its output and exit code. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/server.ts'], {
      cwd: apiDir,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(port, '127.0.0.1', () => resolve(server))
  })
}

/** The server's output holds one error line, start.failed, whose message says `expected`. */
function expectOneStartFailure(output: string, expected: string): void {
  const errors = output
    .trim()
    .split('\n')
    .map((text) => JSON.parse(text) as { level: string; event: string; message: string })
    .filter((entry) => entry.level === 'error')
  expect(errors).toHaveLength(1)
  expect(errors[0]).toMatchObject({ event: 'start.failed' })
  expect(errors[0]?.message).toContain(expected)
}

describe('the server refusing to start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'token-console-refusal-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 0 to 65535'],
    // Blank is not empty: refused, rather than read as 0 (a random port).
    [{ PORT: ' ' }, 'PORT must be a whole number from 0 to 65535'],
    [
      { TOKENS_MASTER_KEY: 'dG9vIHNob3J0' },
      'TOKENS_MASTER_KEY must be the base64 encoding of exactly 32 bytes',
    ],
    [
      { DATABASE_URL: 'postgres://tokens:hunter2@127.0.0.1:1/tokens' },
      'DATABASE_URL: cannot use the database (connection refused)',
    ],
    [{ PORT: 'in-use' }, 'PORT/HOST: cannot listen on 127.0.0.1:'],
    // A keys file that does not exist: refused at start, not a silent 401 on every leak report.
    [
      { SECRET_SCANNING_KEYS: '/nonexistent/secret-scanning-keys.json' },
      'SECRET_SCANNING_KEYS must be a readable file of public keys',
    ],
    // Not a URL: SMTP_URL is named, not DATA_DIR, and the password is not printed.
    [{ SMTP_URL: 'smtp://user:hunter2@[bad' }, 'SMTP_URL must be an smtp:// or smtps:// URL'],
    // Credentials in the console's address would be in every e-mail: refused, and not printed.
    [{ PUBLIC_URL: 'https://admin:hunter2@tokens.example.com' }, "PUBLIC_URL must be the console's"],
  ])(
    'exits 1 with one error line naming the setting: %o',
    async (variables, expected) => {
      const env: Record<string, string> = variables
      // 'in-use': a port another listener holds (EADDRINUSE); otherwise one the kernel picks.
      const holder = env.PORT === 'in-use' ? await listenOn(0) : undefined
      const port = holder ? String((holder.address() as AddressInfo).port) : '0'
      const { code, output } = await runServer({
        DATA_DIR: dataDir,
        DEMO_DATA: 'false',
        ...env,
        PORT: env.PORT === 'in-use' || env.PORT === undefined ? port : env.PORT,
      }).finally(() => holder?.close())
      expect(code).toBe(1)
      // The port may already have answered /healthz ("listening") while the core was opening.
      expectOneStartFailure(output, expected)
      expect(output).not.toContain('hunter2')
      expect(output).not.toContain('dG9vIHNob3J0')
    },
    40_000,
  )

  it('exits 1 naming the key source, never a key, when the master key opens none of the stored credentials', async () => {
    const populatedDir = mkdtempSync(join(tmpdir(), 'token-console-refusal-key-'))
    try {
      const rightKey = randomBytes(32).toString('base64')
      const setup = await openTestCore({ dataDir: populatedDir, masterKey: rightKey })
      await createTestToken(setup.core, await provisionTestAccount(setup.core, 'brand'))
      await setup.close()
      const wrongKey = randomBytes(32).toString('base64')
      for (const [env, expected] of [
        [{ TOKENS_MASTER_KEY: wrongKey }, 'The master key from TOKENS_MASTER_KEY (key id '],
        // A forgotten TOKENS_MASTER_KEY: no new key file is made for a populated database.
        [{}, 'No master key: TOKENS_MASTER_KEY is unset'],
      ] as const) {
        const { code, output } = await runServer({
          DATA_DIR: populatedDir,
          DEMO_DATA: 'false',
          PORT: '0',
          ...env,
        })
        expect(code).toBe(1)
        expectOneStartFailure(output, expected)
        for (const key of [rightKey, wrongKey]) expect(output).not.toContain(key)
      }
      expect(existsSync(join(populatedDir, 'master.key'))).toBe(false)
    } finally {
      rmSync(populatedDir, { recursive: true, force: true })
    }
  }, 60_000)
})
