// The benchmark's server process (forked by run-bench with an IPC channel): the real application,
// as src/server.ts builds it, plus two comparison routes that serve GET /platform/Account's own
// handler for the same token, one with no authentication and one behind Hono's basicAuth with a
// fixed credential; and a second server with the same application on the same core whose usage
// recording does nothing, to measure what recording costs. All of them pass the same application-wide middleware (request log, security
// headers, no-store, body limit), so the comparison isolates authentication.
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { openCore, tokenActorOf, type TokenConsoleCore } from '@tokens/core/server'
import type { MiddlewareHandler } from 'hono'
import { basicAuth } from 'hono/basic-auth'
import { createApp } from '../app.js'
import type { AppEnv } from '../http/app-env.js'
import { noStore } from '../http/no-store.js'
import { answerCallerAccount } from '../platform/platform-routes.js'
import { BENCH_ROUTES, type FromBenchServer, type ToBenchServer } from './bench-messages.js'

function send(message: FromBenchServer): void {
  process.send?.(message)
}

async function start(
  message: Extract<ToBenchServer, { type: 'start' }>,
): Promise<{ core: TokenConsoleCore; servers: Server[] }> {
  const core = await openCore({ dataDir: message.dataDir, masterKey: message.masterKey, demoData: false })
  const credential = await core.verification.verify(message.accountSid, message.authToken)
  if (!credential) throw new Error('the benchmark credential does not verify')
  const app = createApp({ core })

  // What authenticateBasic would have set for this token, fixed once.
  const fixedCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('credential', credential)
    c.set('actor', tokenActorOf(credential, null))
    await next()
  }
  const handler = answerCallerAccount(core)
  app.use('/bench/*', noStore)
  app.get(BENCH_ROUTES.open, fixedCaller, handler)
  app.get(
    BENCH_ROUTES.basicAuth,
    basicAuth({ username: message.accountSid, password: message.authToken }),
    fixedCaller,
    handler,
  )

  const unrecorded = createApp({ core: { ...core, usage: { ...core.usage, record: () => undefined } } })

  const listen = (fetch: typeof app.fetch) =>
    new Promise<{ server: Server; port: number }>((resolve) => {
      const listening = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        resolve({ server: listening as Server, port: info.port })
      }) as Server
    })
  const main = await listen(app.fetch)
  const second = await listen(unrecorded.fetch)
  send({ type: 'listening', port: main.port, unrecordedPort: second.port })
  return { core, servers: [main.server, second.server] }
}

let running: Promise<{ core: TokenConsoleCore; servers: Server[] }> | undefined

process.on('message', (message: ToBenchServer) => {
  switch (message.type) {
    case 'start':
      running = start(message)
      running.catch((error: unknown) => {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
        process.exit(1)
      })
      return
    case 'memory':
      send({
        type: 'memory',
        rssBytes: process.memoryUsage.rss(),
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        heapUsedBytes: process.memoryUsage().heapUsed,
      })
      return
    case 'cpu': {
      const { user, system } = process.cpuUsage()
      send({ type: 'cpu', micros: user + system })
      return
    }
    case 'stop':
      if (!running) process.exit(0)
      void running
        .then(async ({ core, servers }) => {
          for (const server of servers) {
            server.closeAllConnections()
            await new Promise((resolve) => server.close(resolve))
          }
          await core.close()
        })
        .finally(() => process.exit(0))
      return
  }
})
