import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServerProcess } from './server-process.js'

describe('a test server process that fails to start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'token-console-start-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('rejects at once with its start.failed line when it listened but could not open the core', async () => {
    await expect(
      startServerProcess({
        DATA_DIR: dataDir,
        DEMO_DATA: 'false',
        DATABASE_URL: 'postgres://tokens@127.0.0.1:1/tokens',
      }),
    ).rejects.toThrow(
      /^server exited before it was ready:[\s\S]*"event":"listening"[\s\S]*"event":"start\.failed"[\s\S]*DATABASE_URL/,
    )
  }, 40_000)

  it('rejects at once when it is killed by a signal before it is ready', async () => {
    // Preloaded before the server's code: the process ends by a signal (no exit code), as an OOM kill would.
    const killItself = join(dataDir, 'kill-itself.mjs')
    writeFileSync(killItself, "process.kill(process.pid, 'SIGKILL')\n")
    await expect(
      startServerProcess({
        DATA_DIR: dataDir,
        DEMO_DATA: 'false',
        NODE_OPTIONS: `--import=${killItself}`,
      }),
    ).rejects.toThrow(/^server exited before it was ready:/)
  }, 40_000)
})
