// `pnpm bench:revocation` (issue 13): how soon a reset on one instance is refused on another, under
// load. Two server processes share one PostgreSQL database (a throwaway cluster, or DATABASE_URL);
// autocannon keeps both busy with authenticated GET /platform/Account. For each of REVOCATION_RESETS
// tokens: instance B verifies the token's auth token (so B has it cached), instance A resets the
// token through the admin API, and from A's answer on, B is asked again and again with the old auth
// token until it refuses it. The delay until that refusal is measured; p50, p99 and max are printed
// and written into docs/PERFORMANCE.md between their own markers.
// Environment: REVOCATION_RESETS (200), REVOCATION_CONNECTIONS (8 per instance), BENCH_WRITE_DOC.
import { execFile, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { seedBenchAccount, type SampledCredential } from '@tokens/core/bench'
import { startThrowawayPostgres } from '@tokens/core/throwaway-postgres'
import { BenchHttpClient } from './bench-http.js'
import { basicAuthorization } from './bench-messages.js'
import { startBenchServer, type BenchServerProcess } from './bench-server-process.js'
import { describeMachine, runLine } from './describe-machine.js'
import { figuresOf, signIn, type LatencyFigures } from './measure-list-latency.js'
import { positiveInteger } from './bench-setting.js'
import { writeMarkedSection } from './marked-section.js'
import { reportFailure } from './report-failure.js'

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const documentPath = join(repositoryRoot, 'docs', 'PERFORMANCE.md')
const autocannonCli = createRequire(import.meta.url).resolve('autocannon')
export const REVOCATION_P99_TARGET_MS = 100
/** A refusal later than this counts as this (and fails the target by far). */
const GIVE_UP_MS = 5_000

/** Background load on one instance until killed; its answers are not measured. */
function keepBusy(port: number, authorization: string, connections: number): ChildProcess {
  return execFile(process.execPath, [
    autocannonCli,
    '--no-progress',
    '-c',
    String(connections),
    '-d',
    '3600',
    '-H',
    `authorization=${authorization}`,
    `http://127.0.0.1:${port}/platform/Account`,
  ])
}

/** Every token of the account by its SID: the admin API names tokens by id. */
async function tokenIdsBySid(client: BenchHttpClient, cookie: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>()
  let cursor: string | null = null
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`
    const answer = await client.send('GET', `/api/tokens?limit=100${query}`, { headers: { cookie } })
    if (answer.status !== 200) throw new Error(`listing tokens answered ${answer.status}`)
    const page = JSON.parse(answer.body) as {
      items: { id: string; accountSid: string }[]
      nextCursor: string | null
    }
    for (const token of page.items) ids.set(token.accountSid, token.id)
    cursor = page.nextCursor
  } while (cursor !== null)
  return ids
}

async function verifies(client: BenchHttpClient, credential: SampledCredential): Promise<number> {
  const answer = await client.send('POST', '/verify', {
    json: { authorization: basicAuthorization(credential), scope: credential.scope },
  })
  return answer.status
}

async function main(): Promise<void> {
  const resets = positiveInteger('REVOCATION_RESETS', 200)
  const connections = positiveInteger('REVOCATION_CONNECTIONS', 8)
  const machine = describeMachine()
  const postgres = await startThrowawayPostgres()
  if ('skipped' in postgres) throw new Error(postgres.skipped)
  const dataDir = mkdtempSync(join(tmpdir(), 'tokens-revocation-'))
  const masterKey = randomBytes(32).toString('base64')
  const servers: BenchServerProcess[] = []
  const load: ChildProcess[] = []
  const clients: BenchHttpClient[] = []
  try {
    const account = await seedBenchAccount({
      dataDir,
      databaseUrl: postgres.url,
      masterKey,
      tokens: Math.max(1_000, resets * 2),
      sample: resets,
    })
    const start = {
      dataDir,
      databaseUrl: postgres.url,
      masterKey,
      accountSid: account.platformCredential.accountSid,
      authToken: account.platformCredential.authToken,
    }
    const [a, b] = [await startBenchServer(start), await startBenchServer(start)] as const
    servers.push(a, b)
    const onA = new BenchHttpClient(`http://127.0.0.1:${a.port}`)
    const onB = new BenchHttpClient(`http://127.0.0.1:${b.port}`)
    clients.push(onA, onB)
    const session = await signIn(onA, account.adminEmail, account.adminPassword)
    const ids = await tokenIdsBySid(onA, session.cookie)
    for (const server of [a, b])
      load.push(keepBusy(server.port, basicAuthorization(account.platformCredential), connections))
    await new Promise((resolve) => setTimeout(resolve, 2_000))

    const delays: number[] = []
    let firstAsk = 0
    for (const credential of account.sample) {
      const id = ids.get(credential.accountSid)
      if (id === undefined) throw new Error(`no token with SID ${credential.accountSid}`)
      if ((await verifies(onB, credential)) !== 200)
        throw new Error('B did not accept the auth token before the reset')
      const reset = await onA.send('POST', `/api/tokens/${id}/reset`, {
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
        json: {},
      })
      if (reset.status !== 200) throw new Error(`reset answered ${reset.status}: ${reset.body}`)
      const resetAt = performance.now()
      let asks = 0
      for (;;) {
        asks++
        const status = await verifies(onB, credential)
        const delay = performance.now() - resetAt
        if (status === 401 || delay >= GIVE_UP_MS) {
          delays.push(Math.min(delay, GIVE_UP_MS))
          if (asks === 1) firstAsk++
          break
        }
        if (status !== 200) throw new Error(`B answered ${status} to the old auth token`)
      }
    }
    const figures = figuresOf(delays)
    report(figures, firstAsk, { resets, connections, machine })
  } finally {
    for (const child of load) child.kill()
    for (const client of clients) client.close()
    for (const server of servers) await server.stop()
    await postgres.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export const REVOCATION_BEGIN =
  '<!-- pnpm bench:revocation writes the figures below; the text outside these two markers is kept -->'
export const REVOCATION_END = '<!-- end of the figures pnpm bench:revocation writes -->'

function report(
  figures: LatencyFigures,
  firstAsk: number,
  run: { resets: number; connections: number; machine: ReturnType<typeof describeMachine> },
): void {
  const met = figures.p99 <= REVOCATION_P99_TARGET_MS
  const verdict = met
    ? 'met'
    : `**missed** by ${(figures.p99 - REVOCATION_P99_TARGET_MS).toFixed(1)} ms (${(((figures.p99 - REVOCATION_P99_TARGET_MS) / REVOCATION_P99_TARGET_MS) * 100).toFixed(1)} %)`
  const block = [
    runLine(
      run.machine,
      `two instances on one PostgreSQL, each under ${run.connections} connections of authenticated GET /platform/Account; ${run.resets} resets on A`,
    ),
    '',
    '| figure | measured | target | |',
    '| --- | ---: | --- | --- |',
    `| time from A's reset answer until B refuses the old auth token, p50 | ${figures.p50.toFixed(1)} ms | | |`,
    `| same, p99 | ${figures.p99.toFixed(1)} ms | ≤ ${REVOCATION_P99_TARGET_MS} ms | ${verdict} |`,
    `| same, max | ${figures.max.toFixed(1)} ms | | |`,
    `| refused at B's first ask after the reset | ${firstAsk} of ${figures.requests} | | |`,
  ].join('\n')
  writeMarkedSection(
    documentPath,
    { begin: REVOCATION_BEGIN, end: REVOCATION_END, heading: 'Revocation under load (two instances)' },
    block,
  )
}

reportFailure(main())
