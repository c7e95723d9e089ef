import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TokenView, TokenWithCredentials } from '@tokens/core'
import { afterEach, describe, expect, it } from 'vitest'
import { revealAndVerify, signInToConsole, type ConsoleSession } from '../test-support/console-client.js'
import { prepareServerData } from '../test-support/server-data.js'
import { startServerProcess } from '../test-support/server-process.js'

const coreDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'packages', 'core')
const WORKERS = 3

/** `pnpm backup|restore <file>` as the operator runs it, minus pnpm: the same script in packages/core. */
function runBackupScript(action: 'backup' | 'restore', file: string, dataDir: string, masterKey?: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/cli/backup.ts', action, file], {
      cwd: coreDir,
      // A restore checks the backup's key against the one the server here will start with.
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: dataDir,
        ...(masterKey ? { TOKENS_MASTER_KEY: masterKey } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output += chunk))
    child.once('exit', (code) => resolve({ code, output }))
  })
}

async function listTokens(session: ConsoleSession): Promise<TokenView[]> {
  const items: TokenView[] = []
  let cursor: string | null = null
  do {
    const res = await session.admin(
      'GET',
      `/api/tokens?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )
    expect(res.status).toBe(200)
    const page = (await res.json()) as { items: TokenView[]; nextCursor: string | null }
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

describe('backup of a serving SQLite database', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  })

  it('taken while creates and resets keep committing, restores to a database where every credential verifies, and restore refuses while a server runs', async () => {
    const { env, dataDir, email, password, adminUserId, setup } = await prepareServerData('brand', 'backup')
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    await setup.close()
    const server = await startServerProcess(env)
    cleanups.push(() => server.child.kill('SIGKILL'))
    const session = await signInToConsole(fetch, server.url, email, password)

    const created: string[] = []
    let writing = true
    const failures: string[] = []
    async function churn(worker: number): Promise<void> {
      const own: string[] = []
      for (let n = 0; writing; n++) {
        const reset = own.length > 0 && n % 2 === 1 ? own[n % own.length] : undefined
        const res = reset
          ? await session.admin('POST', `/api/tokens/${reset}/reset`)
          : await session.admin('POST', '/api/tokens', {
              name: `Backup ${worker}.${n}`,
              primaryContactUserId: adminUserId,
              scopes: ['GET /Account'],
            })
        if (res.status !== (reset ? 200 : 201)) failures.push(`${res.status} ${await res.text()}`)
        else if (!reset) {
          const { token } = (await res.json()) as TokenWithCredentials
          own.push(token.id)
          created.push(token.id)
        } else await res.body?.cancel()
      }
    }
    const load = Array.from({ length: WORKERS }, (_, worker) => churn(worker))
    await expect.poll(() => created.length, { timeout: 30_000, interval: 10 }).toBeGreaterThanOrEqual(6)

    const folder = mkdtempSync(join(tmpdir(), 'token-console-backup-file-'))
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }))
    const file = join(folder, 'tokens.backup.db')
    const createdBeforeBackup = [...created]
    const backup = await runBackupScript('backup', file, dataDir)
    const createdAfterBackup = [...created]
    writing = false
    await Promise.all(load)
    expect(failures).toEqual([])
    expect(backup.code, backup.output).toBe(0)
    expect(backup.output).toMatch(/backed up .* tokens\) to /)

    // The running server's database cannot be overwritten.
    const refused = await runBackupScript('restore', file, dataDir, env.TOKENS_MASTER_KEY)
    expect(refused.code).toBe(1)
    expect(refused.output).toContain('stop it before restoring')
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)

    // Restored into a fresh DATA_DIR, served with the same master key.
    const restoredDir = mkdtempSync(join(tmpdir(), 'token-console-restored-'))
    cleanups.push(() => rmSync(restoredDir, { recursive: true, force: true }))
    const restore = await runBackupScript('restore', file, restoredDir, env.TOKENS_MASTER_KEY)
    expect(restore.code, restore.output).toBe(0)
    const restored = await startServerProcess({ ...env, DATA_DIR: restoredDir })
    cleanups.push(() => restored.child.kill('SIGKILL'))
    const after = await signInToConsole(fetch, restored.url, email, password)
    const tokens = await listTokens(after)
    const ids = new Set(tokens.map((token) => token.id))
    // A snapshot: everything answered before the backup began, nothing that was created after it ended.
    for (const id of createdBeforeBackup) expect(ids.has(id), id).toBe(true)
    for (const id of ids) expect(createdAfterBackup, id).toContain(id)

    for (const token of tokens) {
      const { revealStatus, verifyStatus } = await revealAndVerify(after, fetch, restored.url, token.id)
      expect(revealStatus, token.id).toBe(200)
      expect(verifyStatus, token.id).toBe(200)
    }
    restored.child.kill('SIGTERM')
    expect(await restored.exited).toBe(0)
  }, 120_000)
})
