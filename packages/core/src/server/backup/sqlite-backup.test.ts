import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { backupCommand } from '../cli/backup-command.js'
import { openCore } from '../open-core.js'
import { createTestToken, openTestCore, provisionTestAccount } from '../test-support/open-test-core.js'
import { backupSqliteDatabase, restoreSqliteDatabase } from './sqlite-backup.js'

const basic = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`

// SQLite only (vitest.config.ts): PostgreSQL is backed up with pg_dump.
describe('SQLite backup and restore', () => {
  const folders: string[] = []
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'token-console-backup-'))
    folders.push(dir)
    return dir
  }
  afterEach(() => {
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('copies a database a core has open, and the copy restored elsewhere verifies its credentials', async () => {
    const test = await openTestCore()
    const file = join(folder(), 'tokens.backup.db')
    try {
      const account = await provisionTestAccount(test.core, 'brand')
      const { credentials } = await createTestToken(test.core, account, {
        name: 'Backed up',
        scopes: ['GET /Account'],
      })
      expect(await backupSqliteDatabase(test.dataDir, file)).toEqual({ file, tokens: 1 })
      await expect(backupSqliteDatabase(test.dataDir, file)).rejects.toThrow(/exists/)

      const restoredDir = folder()
      expect(await restoreSqliteDatabase(restoredDir, file)).toMatchObject({ tokens: 1 })
      const restored = await openCore({ dataDir: restoredDir, masterKey: test.masterKey, demoData: false })
      try {
        const verified = await restored.verification.verifyAuthorization(
          basic(credentials.accountSid, credentials.authToken),
        )
        expect(verified?.accountId).toBe(account.accountId)
      } finally {
        await restored.close()
      }
    } finally {
      await test.close()
    }
  })

  it('refuses to restore over a database a running core has open, and restores once it is closed', async () => {
    const source = await openTestCore()
    const file = join(folder(), 'tokens.backup.db')
    await backupSqliteDatabase(source.dataDir, file)
    await source.close()

    const running = await openTestCore()
    try {
      await expect(restoreSqliteDatabase(running.dataDir, file)).rejects.toThrow(
        /open in another process \(a running server\?\); stop it before restoring/,
      )
      // Still the running core's own database, untouched.
      expect((await running.core.operations.readiness()).database).toBe(true)
      await running.core.close()
      expect(await restoreSqliteDatabase(running.dataDir, file)).toMatchObject({ tokens: 0 })
    } finally {
      await running.close()
    }
  })

  it('refuses a file that is not a Token Console database', async () => {
    const file = join(folder(), 'not-a-database.db')
    writeFileSync(file, 'hello')
    await expect(restoreSqliteDatabase(folder(), file)).rejects.toThrow()
  })

  it('points PostgreSQL deployments to pg_dump, and explains its usage', async () => {
    const lines: string[] = []
    const out = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(line) }
    expect(await backupCommand(['backup', 'x.db'], { DATABASE_URL: 'postgres://db/tokens' }, out)).toBe(2)
    expect(lines.at(-1)).toContain('pg_dump')
    expect(await backupCommand(['backup'], {}, out)).toBe(2)
    expect(lines.at(-1)).toContain('usage: pnpm backup <file>')
  })
})
