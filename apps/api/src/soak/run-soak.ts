// `pnpm soak`: mixed load on a real server process on loopback for SOAK_SECONDS (default 600):
// integrations verifying with many tokens (platform API and /verify), administrators creating,
// resetting, editing and deleting tokens, and the API page's list queries. Prints the error
// count (must be 0), latency percentiles and the server's resident memory at boot, at the start
// (after a warm-up) and at the end (at most 20 % growth); exits 1 when a limit is broken.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { TokenWithCredentials } from '@tokens/core'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@tokens/core/server'
import { signInToConsole } from '../test-support/console-client.js'
import { startServerProcess } from '../test-support/server-process.js'
import { LatencyRecord } from './latency-record.js'
import { megabytes, residentBytes, sampleResidentMemory } from './resident-memory.js'
import {
  adminWorker,
  listWorker,
  platformWorker,
  SOAK_RATE_LIMIT_PER_HOUR,
  verifyWorker,
  WORKLOAD_KINDS,
  type SoakAccount,
  type SoakContext,
} from './soak-workloads.js'

const POOL_TOKENS_PER_ACCOUNT = 40
const PLATFORM_WORKERS = 8
const LIST_WORKERS = 2
const RSS_GROWTH_LIMIT = 0.2

function secondsFromEnvironment(): number {
  const raw = process.env['SOAK_SECONDS'] ?? '600'
  const seconds = Number(raw)
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error('SOAK_SECONDS must be a positive number of seconds')
  return seconds
}

/** A demo account's administrator, signed in, with a pool of tokens for the verifying workers. */
async function prepareAccount(baseUrl: string, email: string): Promise<SoakAccount> {
  const session = await signInToConsole(fetch, baseUrl, email, DEMO_PASSWORD)
  const me = (await (await session.admin('GET', '/api/session')).json()) as { user: { id: string } }
  const pool = []
  for (let i = 0; i < POOL_TOKENS_PER_ACCOUNT; i++) {
    const res = await session.admin('POST', '/api/tokens', {
      name: `Soak pool ${i}`,
      primaryContactUserId: me.user.id,
      scopes: ['GET /Account', 'GET /Tokens'],
      rateLimitPerHour: SOAK_RATE_LIMIT_PER_HOUR,
    })
    if (res.status !== 201)
      throw new Error(`creating a pool token answered ${res.status}: ${await res.text()}`)
    const { token, credentials } = (await res.json()) as TokenWithCredentials
    pool.push({ id: token.id, ...credentials })
  }
  return { session, adminUserId: me.user.id, pool }
}

const pad = (text: string, width: number) => text.padEnd(width)
const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10)

async function main(): Promise<void> {
  const seconds = secondsFromEnvironment()
  const dataDir = mkdtempSync(join(tmpdir(), 'token-console-soak-'))
  const serverErrors: string[] = []
  const server = await startServerProcess(
    { DATA_DIR: dataDir, DEMO_DATA: 'true' },
    {
      onLine: (line) => {
        if (line.includes('"level":"error"')) serverErrors.push(line.slice(0, 300))
      },
    },
  )
  const pid = server.child.pid as number
  try {
    const bootRss = residentBytes(pid)
    const admins = DEMO_ACCOUNTS.map((account) =>
      account.users.find((u) => u.role === 'account_administrator'),
    )
    const accounts = await Promise.all(admins.map((admin) => prepareAccount(server.url, admin?.email ?? '')))

    let running = true
    const context: SoakContext = {
      baseUrl: server.url,
      accounts,
      records: Object.fromEntries(
        WORKLOAD_KINDS.map((kind) => [kind, new LatencyRecord()]),
      ) as SoakContext['records'],
      failures: [],
      running: () => running,
    }
    console.log(
      `soak: ${seconds} s on ${server.url} (server pid ${pid}); ${accounts.length} accounts × ${POOL_TOKENS_PER_ACCOUNT} verifying tokens; ` +
        `${PLATFORM_WORKERS} platform, 1 /verify (paced), ${accounts.length} admin, ${LIST_WORKERS} list workers`,
    )

    const started = performance.now()
    const memory = sampleResidentMemory(pid, seconds * 1_000)
    const progress = setInterval(() => {
      const done = WORKLOAD_KINDS.reduce((sum, kind) => sum + context.records[kind].count, 0)
      const errors = WORKLOAD_KINDS.reduce((sum, kind) => sum + context.records[kind].errors, 0)
      const elapsed = (performance.now() - started) / 1_000
      console.log(
        `  ${elapsed.toFixed(0)} s: ${done} requests, ${errors} errors, RSS ${megabytes(residentBytes(pid))}`,
      )
    }, 60_000)
    const workers = [
      ...Array.from({ length: PLATFORM_WORKERS }, () => platformWorker(context)),
      verifyWorker(context),
      ...accounts.map((account) => adminWorker(context, account)),
      ...Array.from({ length: LIST_WORKERS }, () => listWorker(context)),
    ]
    await new Promise((resolve) => setTimeout(resolve, seconds * 1_000))
    running = false
    await Promise.all(workers)
    const elapsedS = (performance.now() - started) / 1_000
    clearInterval(progress)
    const rss = memory.stop()

    const all = LatencyRecord.merged(Object.values(context.records))
    const growth = (rss.end - rss.start) / rss.start
    console.log(`\nkind       requests   errors        p50        p99        max`)
    for (const [name, record] of [...Object.entries(context.records), ['all', all] as const]) {
      console.log(
        `${pad(name, 9)} ${String(record.count).padStart(9)} ${String(record.errors).padStart(8)} ` +
          `${ms(record.percentile(50))} ${ms(record.percentile(99))} ${ms(record.percentile(100))}`,
      )
    }
    console.log(
      `\nrequests: ${all.count} in ${elapsedS.toFixed(0)} s (${(all.count / elapsedS).toFixed(0)}/s)`,
    )
    console.log(`errors: ${all.errors}; server error log lines: ${serverErrors.length}`)
    console.log(`p99 latency: ${all.percentile(99).toFixed(1)} ms`)
    console.log(
      `server RSS: at boot ${megabytes(bootRss)}; at the start ${megabytes(rss.start)} and at the end ` +
        `${megabytes(rss.end)} (medians of ${rss.windowSeconds} s windows after a ${rss.warmUpSeconds} s warm-up ` +
        `and before the stop), growth ${(growth * 100).toFixed(1)} % (limit ${RSS_GROWTH_LIMIT * 100} %); ` +
        `${rss.samples.length} samples ${megabytes(Math.min(...rss.samples))}–${megabytes(Math.max(...rss.samples))}`,
    )
    for (const failure of [...context.failures, ...serverErrors]) console.log(`  ${failure}`)
    const passed = all.errors === 0 && serverErrors.length === 0 && growth <= RSS_GROWTH_LIMIT
    console.log(passed ? 'soak passed' : 'soak FAILED')
    process.exitCode = passed ? 0 : 1
  } finally {
    server.child.kill('SIGTERM')
    await server.exited
    rmSync(dataDir, { recursive: true, force: true })
  }
}

await main()
