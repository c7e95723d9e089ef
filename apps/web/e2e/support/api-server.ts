import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)))
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000
  let hasExited = false
  void exited(child).then(() => (hasExited = true))
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`API server exited during start-up:\n${output()}`)
    try {
      const response = await fetch(`${url}/healthz`)
      if (response.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`API server did not answer /healthz within 30 s:\n${output()}`)
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited(child)
  clearTimeout(timer)
}

/**
 * Starts the built API server (which also serves the built SPA) on a free port with an empty data
 * folder and the demo accounts, so every test file gets its own server and state; it trusts a
 * throw-away secret-scanner key made for it.
 */
export async function startApiServer(): Promise<ApiServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'token-console-e2e-'))
  const secretScanner = await createSecretScanner(dataDir)
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const url = `http://127.0.0.1:${port}`
    let output = ''
    const child = spawn(process.execPath, [serverEntry], {
      cwd: apiDir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO_DATA: 'true',
        SECRET_SCANNING_KEYS: secretScanner.keysFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    try {
      await waitUntilHealthy(url, child, () => output)
      return {
        url,
        secretScanner,
        async stop() {
          await stopChild(child)
          await rm(dataDir, { recursive: true, force: true })
        },
      }
    } catch (error) {
      lastError = error
      await stopChild(child)
      // Another process may have taken the port between probing and listening: try a new one.
      if (!output.includes('EADDRINUSE')) break
    }
  }
  await rm(dataDir, { recursive: true, force: true })
  throw lastError
}
