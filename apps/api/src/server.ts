import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { openCore } from '@tokens/core/server'
import { createApp } from './app.js'
import { readServerConfig } from './config/server-config.js'
import { flushLog, writeJsonLine } from './http/log-entry.js'
import { scannerPublicKeys } from './secret-scanning/scanner-public-keys.js'

/** How long in-flight requests may take to finish once a stop is asked for. */
const DRAIN_TIMEOUT_MS = 10_000

async function main(): Promise<void> {
  const config = readServerConfig(process.env)
  const log = writeJsonLine
  const core = await openCore({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    masterKey: config.masterKey,
    demoData: config.demoData,
    logger: { log: (level, event, fields) => log({ ...fields, level, event }) },
  })
  const app = createApp({
    core,
    log,
    trustProxy: config.trustProxy,
    ...(config.webDist ? { webDist: config.webDist } : {}),
    ...(config.secretScanningKeys
      ? { secretScanningKeys: scannerPublicKeys(config.secretScanningKeys) }
      : {}),
  })

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    log({
      level: 'info',
      event: 'listening',
      host: config.host,
      port: info.port,
      web: config.webDist !== undefined,
    })
  }) as Server
  server.on('error', (error: NodeJS.ErrnoException) => {
    log({ level: 'error', event: 'listen.failed', code: error.code ?? null })
    void core.close().finally(() => {
      flushLog()
      process.exit(1)
    })
  })

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    log({ level: 'info', event: 'stopping', signal })
    // Stop accepting, let in-flight requests finish (idle keep-alive connections close now), then close the core.
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS)
    force.unref()
    server.close(() => {
      clearTimeout(force)
      core
        .close()
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
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error: unknown) => {
  writeJsonLine({
    level: 'error',
    event: 'start.failed',
    error: error instanceof Error ? error.name : 'unknown',
    message: error instanceof Error ? error.message : String(error),
  })
  flushLog()
  process.exit(1)
})
