import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

export interface ServerProcess {
  child: ChildProcess
  url: string
  port: number
  /** Everything it printed so far (empty when `onLine` takes the lines instead). */
  output(): string
  /** That output as JSON log lines (the server writes nothing else). */
  logLines(): Record<string, unknown>[]
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
}

export interface ServerProcessOptions {
  /** Receives each output line instead of keeping it: for long runs that would pile up request logs. */
  onLine?: (line: string) => void
}

/**
 * The real server (src/server.ts through tsx, core from its sources) on a free loopback port,
 * started with the given environment (DATA_DIR, DATABASE_URL, TOKENS_MASTER_KEY, DEMO_DATA…;
 * PORT and HOST are chosen here), and resolved once /readyz answers 200 (migrations ran).
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/server.ts'], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const { onLine } = options
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue
    if (onLine) createInterface({ input: stream }).on('line', onLine)
    else stream.on('data', (chunk: Buffer) => (output += chunk.toString()))
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const logLines = () =>
    output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
  for (let attempt = 0; attempt < 300 && child.exitCode === null; attempt++) {
    try {
      if ((await fetch(`${url}/readyz`)).ok)
        return { child, url, port, output: () => output, logLines, exited }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`server did not start:\n${output}`)
}
