// `pnpm bench:scale` (issue 13): a million tokens over a thousand accounts (one holding 100,000),
// on SQLite and on PostgreSQL (a throwaway cluster, or DATABASE_URL). For each: the seed, the
// server's start-up time until it listens, its resident memory, GET /api/tokens p95 on the large
// account and on a small one, and the p95 of cold verifications (the first request of each of
// 1,000 SIDs spread over every account, through POST /verify, after a warm-up; each followed at
// once by its second request, answered from the cache: the round trip's share). Prints the figures and writes them
// into docs/PERFORMANCE.md between their own markers.
// Environment: SCALE_TOKENS (1000000), SCALE_ACCOUNTS (1000), SCALE_LARGE (100000), SCALE_SAMPLE
// (1000), SCALE_DIALECTS (sqlite,postgres), BENCH_WRITE_DOC (true; "false" only prints).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { seedBenchAccount, type BenchAccount } from '@tokens/core/bench'
import { startThrowawayPostgres } from '@tokens/core/throwaway-postgres'
import { BenchHttpClient } from './bench-http.js'
import { basicAuthorization } from './bench-messages.js'
import { startBenchServer, type BenchServerProcess } from './bench-server-process.js'
import { currentLoad, describeMachine, runLine } from './describe-machine.js'
import { figuresOf, measureListLatency, signIn, type LatencyFigures } from './measure-list-latency.js'
import { positiveInteger } from './bench-setting.js'
import { writeMarkedSection, type MarkedSection } from './marked-section.js'
import { reportFailure } from './report-failure.js'

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const documentPath = join(repositoryRoot, 'docs', 'PERFORMANCE.md')
const MB = 1_048_576

export const SCALE_TARGETS = { listP95Ms: 10, coldVerifyP95Ms: 2, rssMb: 250, startSeconds: 3 } as const

interface DialectFigures {
  dialect: 'sqlite' | 'postgres'
  seedSeconds: number
  startSeconds: number
  rssStartMb: number
  rssEndMb: number
  listLarge: LatencyFigures
  listSmall: LatencyFigures
  coldVerify: LatencyFigures
  cachedVerify: LatencyFigures
}

/** Cached verifications of the bench credential run before the cold ones (see measureVerification). */
const VERIFY_WARM_UP = 2_000

/** One POST /verify, timed at the client (ms); every answer must be a 200. */
async function timeVerification(
  client: BenchHttpClient,
  credential: { accountSid: string; authToken: string; scope: string },
): Promise<number> {
  const authorization = basicAuthorization(credential)
  const started = performance.now()
  const answer = await client.send('POST', '/verify', { json: { authorization, scope: credential.scope } })
  const elapsed = performance.now() - started
  if (answer.status !== 200) throw new Error(`verification answered ${answer.status}: ${answer.body}`)
  return elapsed
}

/**
 * Each sampled SID twice in a row: its first request (a verification the cache cannot answer) and
 * at once its second (answered from the cache, which keeps an entry for one second): the difference
 * is what the lookup costs, the second figure the round trip every verification pays. A second pass
 * over all the SIDs would find most entries expired and time lookups again. Both run after a
 * warm-up of cached verifications: measured in a process that had served nothing yet, the first
 * requests ran before V8 had compiled the request path and measured the process's start, not the
 * lookup (docs/PERFORMANCE.md, "Cold verification").
 */
async function measureVerification(
  client: BenchHttpClient,
  account: BenchAccount,
): Promise<{ cold: LatencyFigures; cached: LatencyFigures }> {
  const warm = { ...account.platformCredential, scope: 'GET /Account' }
  for (let i = 0; i < VERIFY_WARM_UP; i++) await timeVerification(client, warm)
  const cold: number[] = []
  const cached: number[] = []
  for (const credential of account.sample) {
    cold.push(await timeVerification(client, credential))
    cached.push(await timeVerification(client, credential))
  }
  return { cold: figuresOf(cold), cached: figuresOf(cached) }
}

async function runDialect(dialect: DialectFigures['dialect']): Promise<DialectFigures> {
  const tokens = positiveInteger('SCALE_TOKENS', 1_000_000)
  const accounts = positiveInteger('SCALE_ACCOUNTS', 1_000)
  const large = Math.min(tokens, positiveInteger('SCALE_LARGE', 100_000))
  const dataDir = mkdtempSync(join(tmpdir(), 'tokens-scale-'))
  const postgres = dialect === 'postgres' ? await startThrowawayPostgres() : undefined
  if (postgres && 'skipped' in postgres) throw new Error(postgres.skipped)
  const databaseUrl = postgres?.url
  const masterKey = randomBytes(32).toString('base64')
  let server: BenchServerProcess | undefined
  let client: BenchHttpClient | undefined
  try {
    const seedStarted = performance.now()
    const account = await seedBenchAccount({
      dataDir,
      ...(databaseUrl !== undefined ? { databaseUrl } : {}),
      masterKey,
      tokens: large,
      otherAccounts: { count: accounts - 1, tokens: tokens - large },
      sample: positiveInteger('SCALE_SAMPLE', 1_000),
      onProgress: (inserted) => {
        if (inserted % 50_000 === 0 || inserted === tokens)
          process.stdout.write(`\r${dialect}: seeded ${inserted} tokens`)
      },
    })
    const seedSeconds = (performance.now() - seedStarted) / 1000
    console.log(` in ${seedSeconds.toFixed(1)} s`)

    const started = performance.now()
    const running = await startBenchServer({
      dataDir,
      ...(databaseUrl !== undefined ? { databaseUrl } : {}),
      masterKey,
      accountSid: account.platformCredential.accountSid,
      authToken: account.platformCredential.authToken,
    })
    server = running
    const startSeconds = (performance.now() - started) / 1000
    const rssStartMb = (await running.memory()).rssBytes / MB

    client = new BenchHttpClient(`http://127.0.0.1:${running.port}`)
    const { cold: coldVerify, cached: cachedVerify } = await measureVerification(client, account)
    const { cookie } = await signIn(client, account.adminEmail, account.adminPassword)
    const listLarge = (await measureListLatency(client, cookie, { requests: 400 })).filtered
    const { cookie: smallCookie } = await signIn(client, 'admin1@scale.test', account.adminPassword)
    const listSmall = (await measureListLatency(client, smallCookie, { requests: 200 })).filtered
    const rssEndMb = (await running.memory()).rssBytes / MB
    return {
      dialect,
      seedSeconds,
      startSeconds,
      rssStartMb,
      rssEndMb,
      listLarge,
      listSmall,
      coldVerify,
      cachedVerify,
    }
  } finally {
    client?.close()
    await server?.stop()
    await postgres?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const ms = (value: number) => `${value.toFixed(2)} ms`

function verdict(measured: number, ceiling: number, unit: string): string {
  if (measured <= ceiling) return 'met'
  return `**missed** by ${(measured - ceiling).toFixed(2)}${unit} (${(((measured - ceiling) / ceiling) * 100).toFixed(1)} %)`
}

const DIALECT_NAMES: Record<DialectFigures['dialect'], string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' }

/**
 * Each dialect's figures stand in a section of their own, written when that dialect's run ends: a
 * run of one dialect (SCALE_DIALECTS) leaves the other's figures, and their run line, as they are.
 */
export function scaleSection(dialect: DialectFigures['dialect']): MarkedSection {
  return {
    begin: `<!-- pnpm bench:scale writes the ${DIALECT_NAMES[dialect]} figures below; the text outside these two markers is kept -->`,
    end: `<!-- end of the ${DIALECT_NAMES[dialect]} figures pnpm bench:scale writes -->`,
    heading: `Scale (a million tokens): ${DIALECT_NAMES[dialect]}`,
  }
}

function scaleMarkdown(f: DialectFigures, header: string): string {
  const rows = [
    `| start-up until listening | ${f.startSeconds.toFixed(2)} s | ≤ ${SCALE_TARGETS.startSeconds} s | ${verdict(f.startSeconds, SCALE_TARGETS.startSeconds, ' s')} |`,
    `| resident memory once started / after the run | ${f.rssStartMb.toFixed(1)} / ${f.rssEndMb.toFixed(1)} MB | ≤ ${SCALE_TARGETS.rssMb} MB | ${verdict(f.rssEndMb, SCALE_TARGETS.rssMb, ' MB')} |`,
    `| GET /api/tokens p95, the large account (p50 ${ms(f.listLarge.p50)}) | ${ms(f.listLarge.p95)} | ≤ ${SCALE_TARGETS.listP95Ms} ms | ${verdict(f.listLarge.p95, SCALE_TARGETS.listP95Ms, ' ms')} |`,
    `| GET /api/tokens p95, a small account (p50 ${ms(f.listSmall.p50)}) | ${ms(f.listSmall.p95)} | ≤ ${SCALE_TARGETS.listP95Ms} ms | ${verdict(f.listSmall.p95, SCALE_TARGETS.listP95Ms, ' ms')} |`,
    `| cold verification p95, ${f.coldVerify.requests} SIDs, first request each (p50 ${ms(f.coldVerify.p50)}, p99 ${ms(f.coldVerify.p99)}) | ${ms(f.coldVerify.p95)} | ≤ ${SCALE_TARGETS.coldVerifyP95Ms} ms | ${verdict(f.coldVerify.p95, SCALE_TARGETS.coldVerifyP95Ms, ' ms')} |`,
    `| each SID's second request, answered from the cache: the round trip (p50 ${ms(f.cachedVerify.p50)}, p99 ${ms(f.cachedVerify.p99)}) | ${ms(f.cachedVerify.p95)} | | |`,
    `| seed (not a target) | ${f.seedSeconds.toFixed(0)} s | | |`,
  ]
  return [header, '', '| figure | measured | target | |', '| --- | ---: | --- | --- |', ...rows].join('\n')
}

async function main(): Promise<void> {
  const machine = describeMachine()
  const dialects = (process.env['SCALE_DIALECTS'] ?? 'sqlite,postgres').split(
    ',',
  ) as DialectFigures['dialect'][]
  for (const dialect of dialects) {
    // Each dialect's run line gives the machine's load over that dialect's run.
    const started = { ...machine, loadAtStart: currentLoad() }
    const figures = await runDialect(dialect)
    const header = runLine(
      started,
      `${DIALECT_NAMES[dialect]}; ${positiveInteger('SCALE_TOKENS', 1_000_000).toLocaleString('en-US')} tokens over ${positiveInteger('SCALE_ACCOUNTS', 1_000).toLocaleString('en-US')} accounts, ` +
        `the large one holding ${positiveInteger('SCALE_LARGE', 100_000).toLocaleString('en-US')}, the others sharing the rest evenly`,
    )
    // Written at once: a failure in the next dialect's run keeps this one's figures.
    writeMarkedSection(documentPath, scaleSection(dialect), scaleMarkdown(figures, header))
  }
}

reportFailure(main())
