import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { openCore, type TokenConsoleCore } from '@tokens/core/server'
import { createApp } from './app.js'
import { readServerConfig, type ServerConfig } from './config/server-config.js'
import { startFailureLine } from './config/start-failure.js'
import { ServingState } from './health/serving-state.js'
import { startingApp } from './health/starting-app.js'
import type { ApiApp } from './http/api-app.js'
import { answerClientError, REQUEST_TIMEOUTS } from './http/answer-client-error.js'
import { flushLog, writeJsonLine } from './http/log-entry.js'
import { scannerPublicKeys } from './secret-scanning/scanner-public-keys.js'

/** How long in-flight requests may take to finish once a stop is asked for. */
const DRAIN_TIMEOUT_MS = 10_000

const log = writeJsonLine

/** One line naming the setting at fault, then exit 1: nothing has been served yet, nothing to drain. */
function refuseToStart(error: unknown, config: ServerConfig | undefined): never {
  log({ level: 'error', event: 'start.failed', message: startFailureLine(error, config) })
  flushLog()
  process.exit(1)
}

async function main(): Promise<void> {
  let config: ServerConfig
  try {
    config = readServerConfig(process.env)
  } catch (error) {
    refuseToStart(error, undefined)
  }
  const serving = new ServingState()
  // The port answers from the start (live, not ready) while the core opens: migrations may take a while.
  const serves: { app: Pick<ApiApp, 'fetch'> } = { app: startingApp(log) }
  let core: TokenConsoleCore | undefined

  const server = serve(
    {
      fetch: (request, env) => serves.app.fetch(request, env),
      port: config.port,
      hostname: config.host,
      serverOptions: REQUEST_TIMEOUTS,
    },
    (info) => {
      log({
        level: 'info',
        event: 'listening',
        host: config.host,
        port: info.port,
        web: config.webDist !== undefined,
      })
    },
  ) as Server
  server.on('clientError', answerClientError)
  server.on('error', (error: NodeJS.ErrnoException) => {
    log({
      level: 'error',
      event: 'start.failed',
      message: `PORT/HOST: cannot listen on ${config.host}:${config.port} (${error.code ?? 'error'})`,
    })
    void (core?.close() ?? Promise.resolve()).finally(() => {
      flushLog()
      process.exit(1)
    })
  })

  let stopping = false
  let hurried = false
  let draining = false
  let delay: NodeJS.Timeout | undefined
  let opening: Promise<TokenConsoleCore | undefined> = Promise.resolve(undefined)
  const drain = () => {
    draining = true
    // Stop accepting, let in-flight requests finish (idle keep-alive connections close now), then
    // close the core: it flushes pending last-used times and closes the listener and the pool.
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS)
    force.unref()
    server.close(() => {
      clearTimeout(force)
      opening
        .then((opened) => opened?.close())
        .then(() => log({ level: 'info', event: 'stopped' }))
        .catch((error: unknown) => {
          log({
            level: 'error',
            event: 'close.failed',
            error: error instanceof Error ? error.name : 'unknown',
          })
          process.exitCode = 1
        })
    })
    server.closeIdleConnections()
  }
  /**
   * A second SIGINT/SIGTERM while stopping (a second Ctrl-C): the operator will not wait for the
   * shutdown delay or for in-flight requests. The delay is skipped and open connections are closed
   * now, but the core still closes, flushing the pending last-used times and usage counts, and the
   * log is written before the process ends. Further signals change nothing.
   */
  const hurry = (signal: NodeJS.Signals) => {
    if (hurried) return
    hurried = true
    log({ level: 'warn', event: 'stopping.hurried', signal })
    clearTimeout(delay)
    if (!draining) drain()
    server.closeAllConnections()
  }
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      hurry(signal)
      return
    }
    stopping = true
    // /readyz answers 503 from now on, so a load balancer stops sending while in-flight requests finish.
    serving.markStopping()
    log({ level: 'info', event: 'stopping', signal })
    // Still serving meanwhile, so what arrives before the load balancer notices /readyz is answered.
    if (config.shutdownDelayMs > 0) delay = setTimeout(drain, config.shutdownDelayMs)
    else drain()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)

  const opened = openCore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    masterKey: config.masterKey,
    demoData: config.demoData,
    smtpUrl: config.smtpUrl,
    smtpFrom: config.smtpFrom,
    publicUrl: config.publicUrl,
    webhooksAllowPrivate: config.webhooksAllowPrivate,
    logger: { log: (level, event, fields) => log({ ...fields, level, event }) },
  })
  opening = opened.catch(() => undefined)
  try {
    core = await opened
  } catch (error) {
    refuseToStart(error, config)
  }
  serves.app = createApp({
    core,
    log,
    serving,
    trustProxy: config.trustProxy,
    ...(config.metricsToken ? { metricsToken: config.metricsToken } : {}),
    ...(config.webDist ? { webDist: config.webDist } : {}),
    ...(config.secretScanningKeys
      ? {
          secretScanningKeys: scannerPublicKeys(config.secretScanningKeys, {
            // Each failed load, or reports signed with a key we could not load fail unexplained.
            onLoadFailed: ({ source, reason }) =>
              log({ level: 'warn', event: 'secret_scanning.keys_load_failed', source, reason }),
          }),
        }
      : {}),
  })
  log({ level: 'info', event: 'ready' })
}

main().catch((error: unknown) => refuseToStart(error, undefined))
