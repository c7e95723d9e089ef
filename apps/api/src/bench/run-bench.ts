// `pnpm bench` (after the root script has built core, api and web): seeds an account with 100,000
// tokens on SQLite, starts bench-server.ts in its own process, and measures in one run
// (1) requests/s of GET /platform/Account against the same handler open, behind Hono's
// basicAuth and without usage recording (its cost), (2) GET /api/tokens latency with filters, (3) the server's resident memory and
// (4) the SPA's initial gzip size; prints them and writes them into docs/PERFORMANCE.md.
// Environment: BENCH_TOKENS (100000), BENCH_ROUNDS (5), BENCH_SECONDS (5), BENCH_CONNECTIONS (10),
// BENCH_LIST_REQUESTS (400), BENCH_WRITE_DOC (true; "false" only prints).
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { seedBenchAccount } from '@tokens/core/bench'
import { BenchHttpClient } from './bench-http.js'
import { startBenchServer, type BenchServerProcess } from './bench-server-process.js'
import { currentLoad, describeMachine } from './describe-machine.js'
import { measureListLatency, signIn } from './measure-list-latency.js'
import { measureSpaSize } from './measure-spa-size.js'
import { benchTargetOf, measureThroughput } from './measure-throughput.js'
import { figuresSummary, writePerformanceDocument, type BenchFigures } from './performance-report.js'
import { positiveInteger } from './bench-setting.js'

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const documentPath = join(repositoryRoot, 'docs', 'PERFORMANCE.md')

async function main(): Promise<void> {
  const tokens = positiveInteger('BENCH_TOKENS', 100_000)
  const load = {
    rounds: positiveInteger('BENCH_ROUNDS', 5),
    seconds: positiveInteger('BENCH_SECONDS', 5),
    connections: positiveInteger('BENCH_CONNECTIONS', 10),
  }
  const listRequests = positiveInteger('BENCH_LIST_REQUESTS', 400)
  const machine = describeMachine()
  console.log(
    `${machine.cpuModel}, ${machine.cores} cores, ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB, Node ${machine.node}; load ${machine.loadAtStart.toFixed(2)}`,
  )
  // Fails before the long part when the SPA was not built.
  const spa = await measureSpaSize(repositoryRoot)

  const dataDir = mkdtempSync(join(tmpdir(), 'tokens-bench-'))
  const masterKey = randomBytes(32).toString('base64')
  let server: BenchServerProcess | undefined
  const client = { current: undefined as BenchHttpClient | undefined }
  try {
    const seedStarted = performance.now()
    const account = await seedBenchAccount({
      dataDir,
      masterKey,
      tokens,
      onProgress: (inserted) => {
        if (inserted % 25_000 === 0 || inserted === tokens)
          process.stdout.write(`\rseeded ${inserted} tokens`)
      },
    })
    console.log(` in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`)

    const running = await startBenchServer({
      dataDir,
      masterKey,
      accountSid: account.platformCredential.accountSid,
      authToken: account.platformCredential.authToken,
    })
    server = running
    const { port } = running
    const startRssBytes = (await running.memory()).rssBytes
    const baseUrl = `http://127.0.0.1:${port}`
    const target = benchTargetOf(running, account.platformCredential)

    const throughput = await measureThroughput(
      target,
      load,
      () => running.cpuMicros(),
      (round, figures) => {
        console.log(
          `round ${round}: ${Object.entries(figures)
            .map(([route, value]) => `${route} ${Math.round(value)}`)
            .join(', ')} requests/s`,
        )
      },
    )

    client.current = new BenchHttpClient(baseUrl)
    const { cookie } = await signIn(client.current, account.adminEmail, account.adminPassword)
    const list = await measureListLatency(client.current, cookie, { requests: listRequests })

    const { rssBytes, peakRssBytes, heapUsedBytes, heapTotalBytes, externalBytes } = await running.memory()

    const figures: BenchFigures = {
      at: new Date(),
      machine: { ...machine, loadAtEnd: currentLoad() },
      load,
      tokens,
      throughput,
      list,
      memory: { startRssBytes, rssBytes, peakRssBytes, heapUsedBytes, heapTotalBytes, externalBytes },
      spa,
    }
    console.log(`\n${figuresSummary(figures)}`)
    if (process.env['BENCH_WRITE_DOC'] !== 'false') {
      writePerformanceDocument(documentPath, figures)
      console.log(`\nwritten to ${documentPath}`)
    }
  } finally {
    client.current?.close()
    await server?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
