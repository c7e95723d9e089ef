import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { backupCommand } from '../cli/backup-command.js'
import { deriveKeys } from '../crypto/keyring.js'
import { DATABASE_FILE } from '../database/open-database.js'
import { openCore } from '../open-core.js'
import { createTestToken, openTestCore, provisionTestAccount } from '../test-support/open-test-core.js'
import { backupSqliteDatabase, restoreSqliteDatabase } from './sqlite-backup.js'

const keyIdOf = (masterKey: string) => deriveKeys(Buffer.from(masterKey, 'base64')).keyId

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
      expect(
        await restoreSqliteDatabase(restoredDir, file, { currentKeyId: keyIdOf(test.masterKey) }),
      ).toMatchObject({ tokens: 1, keyIds: [keyIdOf(test.masterKey)] })
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

  it('finishes a copy larger than one step while another connection writes every millisecond', async () => {
    const test = await openTestCore()
    const file = join(folder(), 'tokens.backup.db')
    const writer = new SqliteDatabase(join(test.dataDir, DATABASE_FILE), { timeout: 5_000 })
    try {
      // About 15,000 pages of 4 KiB: more than a copy of a few thousand pages a step could finish
      // between two writes (each restarts a copy that spans several steps).
      writer.exec('create table ballast (data blob)')
      const insert = writer.prepare('insert into ballast (data) values (?)')
      for (let i = 0; i < 60; i++) insert.run(randomBytes(1_000_000))
      writer.exec('create table ticks (at integer)')
      const tick = writer.prepare('insert into ticks (at) values (?)')
      // What a server does with traffic: last-used times and usage counts, written all the time.
      const writing = setInterval(() => tick.run(Date.now()), 1)
      try {
        const done = backupSqliteDatabase(test.dataDir, file)
        const late = new Promise((resolve) => setTimeout(() => resolve('still copying after 20 s'), 20_000))
        expect(await Promise.race([done.then(() => 'done'), late])).toBe('done')
      } finally {
        clearInterval(writing)
      }
    } finally {
      writer.close()
      await test.close()
    }
  }, 40_000)

  it('refuses to restore over a database a running core has open, and restores once it is closed', async () => {
    const source = await openTestCore()
    const file = join(folder(), 'tokens.backup.db')
    await backupSqliteDatabase(source.dataDir, file)
    await source.close()

    const running = await openTestCore()
    try {
      await expect(restoreSqliteDatabase(running.dataDir, file, { currentKeyId: undefined })).rejects.toThrow(
        /open in another process \(a running server\?\); stop it before restoring/,
      )
      // Still the running core's own database, untouched.
      expect((await running.core.operations.readiness()).database).toBe('ok')
      await running.core.close()
      expect(
        await restoreSqliteDatabase(running.dataDir, file, { currentKeyId: keyIdOf(running.masterKey) }),
      ).toMatchObject({ tokens: 0 })
    } finally {
      await running.close()
    }
  })

  it('refuses a backup taken by a newer release, restoring nothing', async () => {
    const test = await openTestCore()
    const file = join(folder(), 'tokens.backup.db')
    try {
      await provisionTestAccount(test.core, 'brand')
      await backupSqliteDatabase(test.dataDir, file)
    } finally {
      await test.close()
    }
    const newer = new SqliteDatabase(file)
    newer
      .prepare(`insert into schema_migrations (name, timestamp) values ('9999-from-the-future', ?)`)
      .run(new Date().toISOString())
    newer.close()
    const restoredDir = folder()
    await expect(
      restoreSqliteDatabase(restoredDir, file, { currentKeyId: undefined, allowOtherKey: true }),
    ).rejects.toThrow(
      /taken by a newer release of Token Console \(migrations this one does not know: 9999-from-the-future\)/,
    )
    // A server of this release could not have opened it.
    expect(existsSync(join(restoredDir, DATABASE_FILE))).toBe(false)
  })

  it('refuses a file that is not a Token Console database', async () => {
    const file = join(folder(), 'not-a-database.db')
    writeFileSync(file, 'hello')
    await expect(restoreSqliteDatabase(folder(), file, { currentKeyId: undefined })).rejects.toThrow()
  })

  it('writes backups and the restored database readable by their owner only', async () => {
    const test = await openTestCore()
    const file = join(folder(), 'tokens.backup.db')
    const umask = process.umask(0o022)
    try {
      const account = await provisionTestAccount(test.core, 'brand')
      await createTestToken(test.core, account)
      await backupSqliteDatabase(test.dataDir, file)
      expect(statSync(file).mode & 0o777).toBe(0o600)

      const restoredDir = folder()
      await restoreSqliteDatabase(restoredDir, file, { currentKeyId: keyIdOf(test.masterKey) })
      expect(statSync(join(restoredDir, DATABASE_FILE)).mode & 0o777).toBe(0o600)
    } finally {
      process.umask(umask)
      await test.close()
    }
  })

  it('refuses to restore a backup sealed under another key unless told to, naming the key id it needs', async () => {
    const test = await openTestCore()
    const file = join(folder(), 'tokens.backup.db')
    const account = await provisionTestAccount(test.core, 'brand')
    await createTestToken(test.core, account)
    await backupSqliteDatabase(test.dataDir, file)
    await test.close()
    const needed = keyIdOf(test.masterKey)

    // Another installation, with its own key and a database of its own.
    const other = await openTestCore({ masterKey: randomBytes(32).toString('base64') })
    await other.core.close()
    const before = readFileSync(join(other.dataDir, DATABASE_FILE))
    const lines: string[] = []
    const out = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(line) }
    const env = { DATA_DIR: other.dataDir, TOKENS_MASTER_KEY: other.masterKey }
    try {
      expect(await backupCommand(['restore', file], env, out)).toBe(1)
      expect(lines.at(-1)).toContain(`sealed under master key id ${needed}`)
      expect(lines.at(-1)).toContain('--allow-other-key')
      expect(lines.join('\n')).not.toContain(other.masterKey)
      // The database here is as it was, and no staged copy is left behind.
      expect(readFileSync(join(other.dataDir, DATABASE_FILE)).equals(before)).toBe(true)
      expect(existsSync(join(other.dataDir, `${DATABASE_FILE}.restoring`))).toBe(false)

      // No key configured at all: refused too (the server would otherwise make a new one).
      const empty = folder()
      expect(await backupCommand(['restore', file], { DATA_DIR: empty }, out)).toBe(1)
      expect(lines.at(-1)).toContain('no master key is set here')

      expect(await backupCommand(['restore', file, '--allow-other-key'], env, out)).toBe(0)
      expect(lines.at(-1)).toContain(`sealed under master key id ${needed}`)
      // With the backup's own key, no flag is needed.
      expect(
        await backupCommand(
          ['restore', file],
          { DATA_DIR: folder(), TOKENS_MASTER_KEY: test.masterKey },
          out,
        ),
      ).toBe(0)
    } finally {
      await other.close()
    }
  })

  it('writes the copy under another name and gives it the final name only once it is whole, never overwriting', async () => {
    const test = await openTestCore()
    const dir = folder()
    const file = join(dir, 'tokens.backup.db')
    try {
      const account = await provisionTestAccount(test.core, 'brand')
      await createTestToken(test.core, account)
      // What a killed run, or another process running now, left there is not blocking and not touched.
      const leftover = `${file}.partial-${process.pid}`
      writeFileSync(leftover, 'half a database')
      // While SQLite copies, and once the copy is checked, the final name does not exist yet.
      const backup = SqliteDatabase.prototype.backup
      const copying = vi.spyOn(SqliteDatabase.prototype, 'backup').mockImplementation(function (
        this: SqliteDatabase.Database,
        ...args: Parameters<typeof backup>
      ) {
        return backup.apply(this, args).then((metadata) => {
          copyingSaw.push(existsSync(file))
          return metadata
        })
      })
      const copyingSaw: boolean[] = []
      const seen: { final: boolean; partial: string; mode: number }[] = []
      let result
      try {
        result = await backupSqliteDatabase(test.dataDir, file, {
          beforeLink: (partial) =>
            void seen.push({ final: existsSync(file), partial, mode: statSync(partial).mode & 0o777 }),
        })
      } finally {
        copying.mockRestore()
      }
      expect(copyingSaw).toEqual([false])
      expect(result).toEqual({ file, tokens: 1 })
      expect(seen).toEqual([
        { final: false, partial: expect.stringMatching(/\.partial-[0-9a-f]{12}$/), mode: 0o600 },
      ])
      expect(readdirSync(dir).sort()).toEqual(['tokens.backup.db', `tokens.backup.db.partial-${process.pid}`])
      expect(readFileSync(leftover, 'utf8')).toBe('half a database')

      // An existing name is refused, also one that appears while the copy is made; its file is kept.
      await expect(backupSqliteDatabase(test.dataDir, file)).rejects.toThrow(
        `${file} exists; choose a new file name`,
      )
      const racing = join(dir, 'racing.db')
      await expect(
        backupSqliteDatabase(test.dataDir, racing, { beforeLink: () => writeFileSync(racing, 'mine') }),
      ).rejects.toThrow(`${racing} exists; choose a new file name`)
      expect(readFileSync(racing, 'utf8')).toBe('mine')
      expect(readdirSync(dir).filter((name) => name.startsWith('racing.db.'))).toEqual([])
    } finally {
      await test.close()
    }
  })

  it('backs up, without DATA_DIR, the data folder the server started by pnpm start uses (apps/api/data)', async () => {
    // pnpm start runs `node dist/server.js` in apps/api, and the server's DATA_DIR default is ./data.
    const serverData = fileURLToPath(new URL('../../../../../apps/api/data', import.meta.url))
    const caller = folder()
    for (const env of [{ INIT_CWD: caller }, { INIT_CWD: caller, DATA_DIR: '' }]) {
      const lines: string[] = []
      const out = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(line) }
      await backupCommand(['backup', 'copy.db'], env, out)
      // "no database at <dir>/tokens.db …", or "backed up <dir> (…)" where a server ran from this checkout.
      expect(
        lines[0] === `no database at ${join(serverData, DATABASE_FILE)} (is DATA_DIR right?)` ||
          lines[0]?.startsWith(`backed up ${serverData} (`),
        lines[0],
      ).toBe(true)
      rmSync(join(caller, 'copy.db'), { force: true })
    }
  })

  it('answers --help with the usage on standard output and exit code 0', async () => {
    for (const argv of [['--help'], ['backup', '--help'], ['-h']]) {
      const info: string[] = []
      const errors: string[] = []
      const out = { info: (line: string) => info.push(line), error: (line: string) => errors.push(line) }
      expect(await backupCommand(argv, {}, out)).toBe(0)
      expect(info.join('\n')).toContain('usage: pnpm backup <file>')
      expect(errors).toEqual([])
    }
  })

  it('refuses to restore a folder, saying it is not a file', async () => {
    const dataDir = folder()
    const backups = folder()
    const lines: string[] = []
    const out = { info: (line: string) => lines.push(line), error: (line: string) => lines.push(line) }
    expect(await backupCommand(['restore', backups], { DATA_DIR: dataDir }, out)).toBe(1)
    expect(lines).toEqual([`${backups} is not a file (a folder?): give the backup file itself`])
    expect(readdirSync(dataDir)).toEqual([])
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
