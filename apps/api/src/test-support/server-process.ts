import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const apiDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

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
 * The real server (src/server.ts through tsx, core from its sources) on a loopback port of its own,
 * started with the given environment (DATA_DIR, DATABASE_URL, TOKENS_MASTER_KEY, DEMO_DATA…;
 * PORT and HOST are chosen here), and resolved once /readyz answers 200 (migrations ran).
 *
 * PORT=0, and the port read from its "listening" log line: a port probed free here could be taken
 * by another test's server before this one listened, and /readyz would then be answered by that
 * other server (its data, its keys) while this one had exited with EADDRINUSE.
 */
export async function startServerProcess(
  env: Record<string, string>,
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  let output = ''
  let port: number | undefined
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/server.ts'], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const { onLine } = options
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue
    createInterface({ input: stream }).on('line', (line) => {
      port ??= listeningPortOf(line)
      if (onLine) onLine(line)
      else output += `${line}\n`
    })
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const logLines = () =>
    output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
  // Killed by a signal (an OOM kill), a process has no exit code: it has ended all the same.
  const running = () => child.exitCode === null && child.signalCode === null
  for (let attempt = 0; attempt < 300 && running(); attempt++) {
    if (port !== undefined) {
      const url = `http://127.0.0.1:${port}`
      try {
        if ((await fetch(`${url}/readyz`)).ok)
          return { child, url, port, output: () => output, logLines, exited }
      } catch {
        // not answering yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  // Which of the two ended the wait: the process (at once, whatever the machine's load) or the clock.
  const reason = running() ? 'server did not answer /readyz within 30 s' : 'server exited before it was ready'
  child.kill('SIGKILL')
  throw new Error(`${reason}:\n${output}`)
}

function listeningPortOf(line: string): number | undefined {
  try {
    const entry = JSON.parse(line) as { event?: unknown; port?: unknown }
    return entry.event === 'listening' && typeof entry.port === 'number' ? entry.port : undefined
  } catch {
    return undefined
  }
}
