import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { createSecretScanner, type SecretScanner } from './secret-scanner'

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'api')
const serverEntry = join(apiDir, 'dist', 'server.js')

export interface ApiServer {
  readonly url: string
  /** The scanner whose public key the server trusts (SECRET_SCANNING_KEYS), to report leaks. */
  readonly secretScanner: SecretScanner
  stop(): Promise<void>
}

/**
 * The port the server says it listens on (its JSON "listening" log line on stdout). It is started
 * with PORT=0 so that the kernel hands it a port no other process holds: a port probed free here
 * and taken by another test's server before this one listened would have made both tests use that
 * other server, its data and its demo users.
 */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (!child.stdout) return
    createInterface({ input: child.stdout }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { event?: unknown; port?: unknown }
        if (entry.event === 'listening' && typeof entry.port === 'number') resolve(entry.port)
      } catch {
        // not a log line
      }
    })
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

/** The server's URL once it is ready; only its own port is asked, so no other server can answer. */
async function waitUntilReady(child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + 30_000
  let hasExited = false
  let url: string | undefined
  void exited(child).then(() => (hasExited = true))
  void listeningPort(child).then((port) => (url = `http://127.0.0.1:${port}`))
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`API server exited during start-up:\n${output()}`)
    if (url !== undefined) {
      try {
        // Ready, not only live: the port answers /healthz while the core still opens (migrations, demo seed).
        const response = await fetch(`${url}/readyz`)
        if (response.ok) return url
      } catch {
        // not answering yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`API server was not ready (/readyz) within 30 s:\n${output()}`)
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited(child)
  clearTimeout(timer)
}

/**
 * Starts the built API server (which also serves the built SPA) on a port of its own with an empty data
 * folder and the demo accounts, so every test file gets its own server and state; it trusts a
 * throw-away secret-scanner key made for it, and webhooks may reach a local receiver (no SMTP server,
 * so e-mails stay queued).
 */
export async function startApiServer(): Promise<ApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'token-console-e2e-'))
  const secretScanner = await createSecretScanner(dataDir)
  let output = ''
  const child = spawn(process.execPath, [serverEntry], {
    cwd: apiDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO_DATA: 'true',
      SECRET_SCANNING_KEYS: secretScanner.keysFile,
      // The webhook test's receiver listens on 127.0.0.1 over http: allowed in tests only.
      WEBHOOKS_ALLOW_PRIVATE: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  try {
    const url = await waitUntilReady(child, () => output)
    return {
      url,
      secretScanner,
      async stop() {
        await stopChild(child)
        await rm(dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await stopChild(child)
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
}
