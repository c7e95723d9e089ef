import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiFixture } from './api-fixture.js'
import { startServerProcess, type ServerProcess } from './server-process.js'

export interface ServerInstances {
  servers: ServerProcess[]
  /**
   * SIGTERM to each server still running, then their exit codes once they have drained and closed
   * their core (0 for a clean shutdown); the data folders are removed either way.
   */
  stop(): Promise<(number | null)[]>
}

/**
 * `count` real server processes on the fixture's PostgreSQL database and master key, each with
 * its own data folder: several instances behind one load balancer, while the test process
 * provisions accounts and tokens through the fixture.
 */
export async function startServerInstances(
  f: ApiFixture,
  count: number,
  env: Record<string, string> = {},
): Promise<ServerInstances> {
  const dataDirs: string[] = []
  const removeDataDirs = () => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
  }
  const start = () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-console-instance-'))
    dataDirs.push(dataDir)
    return startServerProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: f.testCore.databaseUrl ?? '',
      TOKENS_MASTER_KEY: f.testCore.masterKey,
      DEMO_DATA: 'false',
      ...env,
    })
  }
  const started = await Promise.allSettled(Array.from({ length: count }, start))
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
  const stop = async () => {
    try {
      for (const server of servers) {
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM')
      }
      return await Promise.all(servers.map((server) => server.exited))
    } finally {
      removeDataDirs()
    }
  }
  const failed = started.find((result) => result.status === 'rejected')
  if (failed) {
    // One that did not start must not leave the others running past the test file.
    await stop()
    throw failed.reason
  }
  return { servers, stop }
}
