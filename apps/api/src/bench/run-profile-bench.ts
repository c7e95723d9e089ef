// `pnpm bench:profile` (issue 13): where each route's CPU goes, against bare Hono. The bench server
// (bench-server.ts, 1,000 tokens by default) runs with `--perf-basic-prof` so that Linux's `perf`
// can name JIT-compiled JavaScript; each route is warmed up, then loaded by autocannon while perf
// samples the server process and its threads' CPU time is read from /proc. The samples are sorted
// into parts (cpu-parts.ts) and each part is given its share of the route's CPU per request.
// Needs `perf` (Debian: `apt-get install linux-perf`) and the right to attach it to a process of
// one's own (root, or kernel.perf_event_paranoid ≤ 1).
// Environment: BENCH_TOKENS (1000), PROFILE_SECONDS (6), BENCH_CONNECTIONS (10), BENCH_WRITE_DOC.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { seedBenchAccount } from '@tokens/core/bench'
import type { BenchRoute } from './bench-messages.js'
import { startBenchServer, type BenchServerProcess } from './bench-server-process.js'
import { positiveInteger } from './bench-setting.js'
import { CPU_PARTS, cpuPartsOfPerfScript, type CpuPart } from './cpu-parts.js'
import { describeMachine, runLine } from './describe-machine.js'
import { writeMarkedSection } from './marked-section.js'
import { benchTargetOf, loadOnce, type BenchTarget } from './measure-throughput.js'
import { reportFailure } from './report-failure.js'

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const documentPath = join(repositoryRoot, 'docs', 'PERFORMANCE.md')

/** Each measured route of ours beside the bare Hono route answering the same body. */
const PROFILED: readonly BenchRoute[] = [
  'bareAccount',
  'open',
  'ours',
  'bareHealthz',
  'healthz',
  'bareVerify',
  'verify',
]

/** CPU time of a process so far (µs): its main thread in user and kernel mode, and all its other threads. */
interface ThreadCpu {
  mainUser: number
  mainSystem: number
  otherThreads: number
}

/** User and kernel CPU time (µs) from a /proc stat file. */
function userAndSystemOf(statPath: string, microsPerTick: number): { user: number; system: number } {
  const stat = readFileSync(statPath, 'utf8')
  // After the command name (in parentheses, possibly with spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return { user: Number(fields[11]) * microsPerTick, system: Number(fields[12]) * microsPerTick }
}

function threadCpuOf(pid: number, microsPerTick: number): ThreadCpu {
  // The process's own figures include threads that have ended; the main thread's are its task's.
  const all = userAndSystemOf(`/proc/${pid}/stat`, microsPerTick)
  const main = userAndSystemOf(`/proc/${pid}/task/${pid}/stat`, microsPerTick)
  return {
    mainUser: main.user,
    mainSystem: main.system,
    otherThreads: all.user + all.system - main.user - main.system,
  }
}

interface RouteProfile {
  route: BenchRoute
  requests: number
  requestsPerSecond: number
  /** CPU per request (µs) over the profiled run. */
  cpu: ThreadCpu
  samples: Map<CpuPart, number>
}

async function profileRoute(
  server: BenchServerProcess,
  target: BenchTarget,
  route: BenchRoute,
  settings: { seconds: number; connections: number; microsPerTick: number; dataFile: string },
): Promise<RouteProfile> {
  const perf = spawn(
    'perf',
    ['record', '-F', '2999', '-g', '-p', String(server.pid), '-o', settings.dataFile],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  let perfErrors = ''
  perf.stderr.on('data', (chunk: Buffer) => (perfErrors += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => perf.once('exit', resolve))
  // perf attaches within a few milliseconds; the load starts once it has.
  await new Promise((resolve) => setTimeout(resolve, 500))
  if (perf.exitCode !== null) throw new Error(`perf record stopped: ${perfErrors.trim()}`)
  let before: ThreadCpu, after: ThreadCpu, load: { requestsPerSecond: number; requests: number }
  try {
    before = threadCpuOf(server.pid, settings.microsPerTick)
    load = await loadOnce(route, target, settings.connections, settings.seconds)
    after = threadCpuOf(server.pid, settings.microsPerTick)
  } finally {
    // Also when the load failed: perf would otherwise record until the server stops.
    perf.kill('SIGINT')
    await exited
  }
  const script = await new Promise<string>((resolve, reject) =>
    execFile('perf', ['script', '-i', settings.dataFile], { maxBuffer: 1 << 30 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    ),
  )
  const per = (name: keyof ThreadCpu) => (after[name] - before[name]) / load.requests
  return {
    route,
    requests: load.requests,
    requestsPerSecond: load.requestsPerSecond,
    cpu: { mainUser: per('mainUser'), mainSystem: per('mainSystem'), otherThreads: per('otherThreads') },
    samples: cpuPartsOfPerfScript(script),
  }
}

const totalCpu = (cpu: ThreadCpu) => cpu.mainUser + cpu.mainSystem + cpu.otherThreads

/** The figures as Markdown: per part, its share of each route's samples times the route's CPU per request. */
function profileBlock(line: string, profiles: readonly RouteProfile[]): string {
  const header = `| µs of CPU per request | ${profiles.map((profile) => profile.route).join(' | ')} |`
  const rule = `| --- | ${profiles.map(() => '---:').join(' | ')} |`
  const sampleTotals = profiles.map((profile) => [...profile.samples.values()].reduce((sum, n) => sum + n, 0))
  const partRows = CPU_PARTS.filter((part) =>
    profiles.some((profile) => (profile.samples.get(part) ?? 0) > 0),
  ).map(
    (part) =>
      `| ${part} | ${profiles
        .map((profile, i) =>
          ((totalCpu(profile.cpu) * (profile.samples.get(part) ?? 0)) / (sampleTotals[i] || 1)).toFixed(1),
        )
        .join(' | ')} |`,
  )
  const row = (label: string, value: (profile: RouteProfile, index: number) => string) =>
    `| ${label} | ${profiles.map((profile, index) => value(profile, index)).join(' | ')} |`
  return [
    line,
    '',
    header,
    rule,
    ...partRows,
    row('**all (server CPU per request)**', (profile) => `**${totalCpu(profile.cpu).toFixed(1)}**`),
    row('of which main thread, user mode', (profile) => profile.cpu.mainUser.toFixed(1)),
    row('of which main thread, kernel mode', (profile) => profile.cpu.mainSystem.toFixed(1)),
    row('of which other threads (GC helpers, thread pool)', (profile) => profile.cpu.otherThreads.toFixed(1)),
    row('requests/s during the profile', (profile) =>
      Math.round(profile.requestsPerSecond).toLocaleString('en-US'),
    ),
    row('perf samples', (_profile, index) => String(sampleTotals[index])),
  ].join('\n')
}

async function main(): Promise<void> {
  const tokens = positiveInteger('BENCH_TOKENS', 1_000)
  const seconds = positiveInteger('PROFILE_SECONDS', 6)
  const connections = positiveInteger('BENCH_CONNECTIONS', 10)
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' })
  } catch {
    throw new Error('bench:profile needs Linux perf on the PATH (Debian: apt-get install linux-perf)')
  }
  const microsPerTick = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim())
  const machine = describeMachine()
  const dataDir = mkdtempSync(join(tmpdir(), 'tokens-profile-'))
  const masterKey = randomBytes(32).toString('base64')
  let server: BenchServerProcess | undefined
  try {
    const account = await seedBenchAccount({ dataDir, masterKey, tokens })
    const credential = account.platformCredential
    server = await startBenchServer(
      { dataDir, masterKey, accountSid: credential.accountSid, authToken: credential.authToken },
      // perf reads the JIT's symbols from /tmp/perf-<pid>.map; V8's own log, which the flag also opens, is not wanted.
      ['--perf-basic-prof', '--no-logfile-per-isolate', '--logfile=/dev/null'],
    )
    const target = benchTargetOf(server, credential)
    // Warm: the JIT has compiled the hot paths and the verification cache holds the credential.
    for (const route of PROFILED) await loadOnce(route, target, connections, 3)
    const profiles: RouteProfile[] = []
    for (const route of PROFILED) {
      const profile = await profileRoute(server, target, route, {
        seconds,
        connections,
        microsPerTick,
        dataFile: join(dataDir, `${route}.perf.data`),
      })
      console.log(`${route}: ${totalCpu(profile.cpu).toFixed(1)} µs of CPU per request`)
      profiles.push(profile)
    }
    writeMarkedSection(
      documentPath,
      {
        begin:
          '<!-- pnpm bench:profile writes the figures below; the text outside these two markers is kept -->',
        end: '<!-- end of the figures pnpm bench:profile writes -->',
        heading: 'Where the CPU goes (perf)',
      },
      profileBlock(
        runLine(
          machine,
          `${tokens.toLocaleString('en-US')} tokens, ${seconds} s per route after 3 s of warm-up, ${connections} connections, perf at 2,999 samples/s`,
        ),
        profiles,
      ),
    )
  } finally {
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    // The symbol map --perf-basic-prof wrote for perf, no longer read (V8 writes it to /tmp, whatever TMPDIR says).
    if (server) rmSync(`/tmp/perf-${server.pid}.map`, { force: true })
  }
}

reportFailure(main())
