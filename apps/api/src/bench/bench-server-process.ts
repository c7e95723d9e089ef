import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromBenchServer, ToBenchServer } from './bench-messages.js'

export interface BenchServerProcess {
  /** The server process's id (its threads' CPU is read from /proc; a profiler attaches to it). */
  pid: number
  /** The application's port and the bare Hono app's (bench-server.ts). */
  port: number
  barePort: number
  /** The application without usage recording, on the same core. */
  unrecordedPort: number
  memory(): Promise<Extract<FromBenchServer, { type: 'memory' }>>
  /** CPU time (user + system) the process has used so far, in microseconds. */
  cpuMicros(): Promise<number>
  stop(): Promise<void>
}

/** The next message of a kind from the server process (or its failure). */
function nextMessage<T extends FromBenchServer['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromBenchServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromBenchServer) => {
      if (message.type === 'failed') finish(() => reject(new Error(`bench server: ${message.message}`)))
      else if (message.type === type) finish(() => resolve(message as Extract<FromBenchServer, { type: T }>))
    }
    const onExit = (code: number | null) => finish(() => reject(new Error(`bench server exited (${code})`)))
    const finish = (settle: () => void) => {
      child.off('message', onMessage)
      child.off('exit', onExit)
      settle()
    }
    child.on('message', onMessage)
    child.once('exit', onExit)
  })
}

/**
 * bench-server.ts in its own process, started on the seeded database, listening once this
 * resolves. Its output (a log line per request) goes nowhere, as it would to a log shipper.
 */
export async function startBenchServer(
  start: Omit<Extract<ToBenchServer, { type: 'start' }>, 'type'>,
  /** Node's options for the server process alone (e.g. `--perf-basic-prof` for bench:profile). */
  nodeOptions: readonly string[] = [],
): Promise<BenchServerProcess> {
  const child = fork(fileURLToPath(new URL('./bench-server.js', import.meta.url)), [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...nodeOptions],
  })
  const ask = <T extends FromBenchServer['type']>(request: ToBenchServer, type: T) => {
    const answer = nextMessage(child, type)
    child.send(request)
    return answer
  }
  try {
    const { port, barePort, unrecordedPort } = await ask({ type: 'start', ...start }, 'listening')
    return {
      pid: child.pid as number,
      port,
      barePort,
      unrecordedPort,
      memory: () => ask({ type: 'memory' }, 'memory'),
      cpuMicros: async () => (await ask({ type: 'cpu' }, 'cpu')).micros,
      async stop() {
        if (child.exitCode !== null) return
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.send({ type: 'stop' } satisfies ToBenchServer)
        await exited
      },
    }
  } catch (error) {
    child.kill()
    throw error
  }
}
