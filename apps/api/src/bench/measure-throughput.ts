import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { BENCH_ROUTES, type BenchRoute } from './bench-messages.js'

export interface LoadSettings {
  connections: number
  seconds: number
  rounds: number
}

export interface ThroughputFigures {
  /** Requests per second of each route in each round, in the order the rounds ran. */
  rounds: Record<BenchRoute, number[]>
  median: Record<BenchRoute, number>
  oursOverOpen: number
  oursOverBasicAuth: number
  /** What recording usage costs: 1 − ours ÷ the same route without recording. */
  recordingCost: number
  /**
   * The server's CPU time per answered request (µs), median of the rounds: unlike requests per
   * second it hardly depends on how much of the machine other work left to the server.
   */
  cpuMicrosPerRequest: Record<BenchRoute, number>
}

/** The fields of autocannon's `--json` report that are read here. */
interface AutocannonReport {
  requests: { average: number; total: number }
  non2xx: number
  errors: number
  timeouts: number
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
function loadOnce(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<{ requestsPerSecond: number; requests: number }> {
  const args = [autocannonCli, '--json', '--no-progress', '-c', String(connections), '-d', String(seconds)]
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}=${value}`)
  args.push(url)
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) return reject(error)
      const report = JSON.parse(stdout) as AutocannonReport
      if (report.non2xx > 0 || report.errors > 0 || report.timeouts > 0 || report.requests.total === 0) {
        return reject(
          new Error(
            `${url}: ${report.non2xx} non-2xx answers, ${report.errors} errors, ${report.timeouts} timeouts of ${report.requests.total}`,
          ),
        )
      }
      resolve({ requestsPerSecond: report.requests.average, requests: report.requests.total })
    })
  })
}

/**
 * Requests per second of the four routes, in rounds that alternate them (each round starts with
 * the next route), so drifts of a shared machine fall on all of them alike; the median round counts.
 * A short unmeasured round warms the JIT and the verification cache first. `serverCpuMicros`
 * reads the server process's CPU time, before and after each run.
 */
export async function measureThroughput(
  baseUrls: Record<BenchRoute, string>,
  authorization: string,
  settings: LoadSettings,
  serverCpuMicros: () => Promise<number>,
  onRound: (round: number, figures: Record<BenchRoute, number>) => void,
): Promise<ThroughputFigures> {
  const order: BenchRoute[] = ['open', 'ours', 'basicAuth', 'unrecorded']
  const run = async (route: BenchRoute, seconds: number) => {
    const cpuBefore = await serverCpuMicros()
    const load = await loadOnce(
      `${baseUrls[route]}${BENCH_ROUTES[route]}`,
      route === 'open' ? {} : { authorization },
      settings.connections,
      seconds,
    )
    return { ...load, cpuMicrosPerRequest: ((await serverCpuMicros()) - cpuBefore) / load.requests }
  }
  for (const route of order) await run(route, Math.min(2, settings.seconds))

  const rounds: Record<BenchRoute, number[]> = { open: [], ours: [], basicAuth: [], unrecorded: [] }
  const cpu: Record<BenchRoute, number[]> = { open: [], ours: [], basicAuth: [], unrecorded: [] }
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
  const result = {
    open: median(rounds.open),
    ours: median(rounds.ours),
    basicAuth: median(rounds.basicAuth),
    unrecorded: median(rounds.unrecorded),
  }
  return {
    rounds,
    median: result,
    oursOverOpen: result.ours / result.open,
    oursOverBasicAuth: result.ours / result.basicAuth,
    recordingCost: 1 - result.ours / result.unrecorded,
    cpuMicrosPerRequest: {
      open: median(cpu.open),
      ours: median(cpu.ours),
      basicAuth: median(cpu.basicAuth),
      unrecorded: median(cpu.unrecorded),
    },
  }
}
