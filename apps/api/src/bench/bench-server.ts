// The benchmark's server process (forked by run-bench with an IPC channel): the real application,
// as src/server.ts builds it, plus two comparison routes that serve GET /platform/Account's own
// handler for the same token, one with no authentication and one behind Hono's basicAuth with a
// fixed credential (all three pass the same application-wide middleware, so they differ by
// authentication only); and, on a second port, a bare Hono app answering the same bodies with no
// middleware at all: the physical limit every figure is also compared with; and, on a third, the
// application on the same core with usage recording switched off, to measure what it costs.
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { openCore, tokenActorOf, type TokenConsoleCore } from '@tokens/core/server'
import { Hono, type MiddlewareHandler } from 'hono'
import { basicAuth } from 'hono/basic-auth'
import { createApp } from '../app.js'
import type { AppEnv } from '../http/app-env.js'
import { answerCallerAccount } from '../platform/platform-routes.js'
import {
  basicAuthorization,
  BENCH_ROUTES,
  verifyBody,
  type FromBenchServer,
  type ToBenchServer,
} from './bench-messages.js'

/** The bodies the application answers, so the bare app answers exactly the same bytes. */
async function answeredBodies(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  message: Extract<ToBenchServer, { type: 'start' }>,
): Promise<{ account: unknown; healthz: unknown; verify: unknown }> {
  const authorization = basicAuthorization(message)
  const read = async (path: string, init: RequestInit) => {
    const answer = await app.request(path, init)
    if (!answer.ok) throw new Error(`${path} answered ${answer.status}`)
    return (await answer.json()) as unknown
  }
  return {
    account: await read('/platform/Account', { headers: { authorization } }),
    healthz: await read('/healthz', {}),
    verify: await read('/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: verifyBody(message),
    }),
  }
}

function send(message: FromBenchServer): void {
  process.send?.(message)
}

async function start(
  message: Extract<ToBenchServer, { type: 'start' }>,
): Promise<{ core: TokenConsoleCore; server: Server }> {
  const core = await openCore({
    dataDir: message.dataDir,
    ...(message.databaseUrl !== undefined ? { databaseUrl: message.databaseUrl } : {}),
    masterKey: message.masterKey,
    demoData: false,
  })
  const credential = await core.verification.verify(message.accountSid, message.authToken)
  if (!credential) throw new Error('the benchmark credential does not verify')
  // /verify is limited per client address; the load comes from one, so that limit is lifted here.
  const app = createApp({ core, limits: { verifyRequestsPerAddress: { max: 1e12, windowMs: 60_000 } } })

  // What authenticateBasic would have set for this token, fixed once.
  const fixedCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('credential', credential)
    c.set('actor', tokenActorOf(credential, null))
    await next()
  }
  const handler = answerCallerAccount(core)
  app.get(BENCH_ROUTES.open.path, fixedCaller, handler)
  app.get(
    BENCH_ROUTES.basicAuth.path,
    basicAuth({ username: message.accountSid, password: message.authToken }),
    fixedCaller,
    handler,
  )

  // The physical limit: the same installed hono and node-server, no middleware, the same bodies.
  const bodies = await answeredBodies(app, message)
  const bare = new Hono()
  bare.get(BENCH_ROUTES.bareAccount.path, (c) => c.json(bodies.account))
  bare.get(BENCH_ROUTES.bareHealthz.path, (c) => c.json(bodies.healthz))
  bare.post(BENCH_ROUTES.bareVerify.path, (c) => c.json(bodies.verify))

  const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
    new Promise<{ server: Server; port: number }>((resolve) => {
      const listening = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ server: listening as Server, port: info.port }),
      ) as Server
    })
  const unrecorded = createApp({
    core: { ...core, usage: { ...core.usage, record: () => undefined } },
    limits: { verifyRequestsPerAddress: { max: 1e12, windowMs: 60_000 } },
  })

  const served = await listen(app.fetch)
  const bareServed = await listen(bare.fetch)
  const unrecordedServed = await listen(unrecorded.fetch)
  send({
    type: 'listening',
    port: served.port,
    barePort: bareServed.port,
    unrecordedPort: unrecordedServed.port,
  })
  const server = served.server
  server.once('close', () => {
    bareServed.server.close()
    unrecordedServed.server.close()
  })
  return { core, server }
}

let running: Promise<{ core: TokenConsoleCore; server: Server }> | undefined

process.on('message', (message: ToBenchServer) => {
  switch (message.type) {
    case 'start':
      running = start(message)
      running.catch((error: unknown) => {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
        process.exit(1)
      })
      return
    case 'memory': {
      const usage = process.memoryUsage()
      send({
        type: 'memory',
        rssBytes: usage.rss,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        heapUsedBytes: usage.heapUsed,
        heapTotalBytes: usage.heapTotal,
        externalBytes: usage.external,
      })
      return
    }
    case 'cpu': {
      const { user, system } = process.cpuUsage()
      send({ type: 'cpu', micros: user + system })
      return
    }
    case 'stop':
      if (!running) process.exit(0)
      void running
        .then(async ({ core, server }) => {
          server.closeAllConnections()
          await new Promise((resolve) => server.close(resolve))
          await core.close()
        })
        .finally(() => process.exit(0))
      return
  }
})
