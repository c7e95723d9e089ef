import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { basicAuthorization, BENCH_ROUTES, verifyBody, type BenchRoute } from './bench-messages.js'
import type { BenchServerProcess } from './bench-server-process.js'

export interface LoadSettings {
  connections: number
  seconds: number
  rounds: number
}

export interface ThroughputFigures {
  /** Requests per second of each route in each round, in the order the rounds ran. */
  rounds: Record<BenchRoute, number[]>
  median: Record<BenchRoute, number>
  /**
   * The server's CPU time per answered request (µs), median of the rounds: unlike requests per
   * second it hardly depends on how much of the machine other work left to the server.
   */
  cpuMicrosPerRequest: Record<BenchRoute, number>
}

/** How to reach the server process's two ports, and what the measured requests carry. */
export interface BenchTarget {
  appUrl: string
  bareUrl: string
  unrecordedUrl: string
  authorization: string
  verifyBody: string
}

/** The fields of autocannon's `--json` report that are read here. */
interface AutocannonReport {
  requests: { average: number; total: number }
  non2xx: number
  errors: number
  timeouts: number
}

/** Where the bench server listens, and what the measured requests of `credential` carry. */
export function benchTargetOf(
  server: Pick<BenchServerProcess, 'port' | 'barePort' | 'unrecordedPort'>,
  credential: { accountSid: string; authToken: string },
): BenchTarget {
  return {
    appUrl: `http://127.0.0.1:${server.port}`,
    bareUrl: `http://127.0.0.1:${server.barePort}`,
    unrecordedUrl: `http://127.0.0.1:${server.unrecordedPort}`,
    authorization: basicAuthorization(credential),
    verifyBody: verifyBody(credential),
  }
}

const autocannonCli = createRequire(import.meta.url).resolve('autocannon')

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** One autocannon run in its own process; every answer must be a 2xx, or the figure means nothing. */
export function loadOnce(
  route: BenchRoute,
  target: BenchTarget,
  connections: number,
  seconds: number,
): Promise<{ requestsPerSecond: number; requests: number }> {
  const spec = BENCH_ROUTES[route]
  const base = { app: target.appUrl, bare: target.bareUrl, unrecorded: target.unrecordedUrl }[spec.server]
  const url = `${base}${spec.path}`
  const args = [autocannonCli, '--json', '--no-progress', '-c', String(connections), '-d', String(seconds)]
  if (spec.auth) args.push('-H', `authorization=${target.authorization}`)
  if (spec.method === 'POST')
    args.push('-m', 'POST', '-H', 'content-type=application/json', '-b', target.verifyBody)
  args.push(url)
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      // Not the error itself: its message repeats the command line, the bench credential included.
      if (error)
        return reject(new Error(`${route} ${url}: autocannon failed (exit ${error.code ?? 'unknown'})`))
      const report = JSON.parse(stdout) as AutocannonReport
      if (report.non2xx > 0 || report.errors > 0 || report.timeouts > 0 || report.requests.total === 0) {
        return reject(
          new Error(
            `${route} ${url}: ${report.non2xx} non-2xx answers, ${report.errors} errors, ${report.timeouts} timeouts of ${report.requests.total}`,
          ),
        )
      }
      resolve({ requestsPerSecond: report.requests.average, requests: report.requests.total })
    })
  })
}

/**
 * Requests per second of every route, in rounds that alternate them (each round starts with the
 * next route), so drifts of a shared machine fall on all of them alike; the median round counts.
 * A short unmeasured round warms the JIT and the verification cache first. `serverCpuMicros`
 * reads the server process's CPU time, before and after each run.
 */
export async function measureThroughput(
  target: BenchTarget,
  settings: LoadSettings,
  serverCpuMicros: () => Promise<number>,
  onRound: (round: number, figures: Record<BenchRoute, number>) => void,
): Promise<ThroughputFigures> {
  const order = Object.keys(BENCH_ROUTES) as BenchRoute[]
  const run = async (route: BenchRoute, seconds: number) => {
    const cpuBefore = await serverCpuMicros()
    const load = await loadOnce(route, target, settings.connections, seconds)
    return { ...load, cpuMicrosPerRequest: ((await serverCpuMicros()) - cpuBefore) / load.requests }
  }
  for (const route of order) await run(route, Math.min(2, settings.seconds))

  const perRoute = <T>(make: () => T) =>
    Object.fromEntries(order.map((route) => [route, make()])) as Record<BenchRoute, T>
  const rounds = perRoute<number[]>(() => [])
  const cpu = perRoute<number[]>(() => [])
  for (let round = 0; round < settings.rounds; round++) {
    const figures = {} as Record<BenchRoute, number>
    for (let i = 0; i < order.length; i++) {
      const route = order[(round + i) % order.length] as BenchRoute
      const measured = await run(route, settings.seconds)
      figures[route] = measured.requestsPerSecond
      rounds[route].push(measured.requestsPerSecond)
      cpu[route].push(measured.cpuMicrosPerRequest)
    }
    onRound(round + 1, figures)
  }
  return {
    rounds,
    median: Object.fromEntries(order.map((route) => [route, median(rounds[route])])) as Record<
      BenchRoute,
      number
    >,
    cpuMicrosPerRequest: Object.fromEntries(order.map((route) => [route, median(cpu[route])])) as Record<
      BenchRoute,
      number
    >,
  }
}
