import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openTestCore } from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import {
  loadOrCreateKeyFile,
  MASTER_KEY_FILE,
  MasterKeyError,
  parseMasterKey,
  readMasterKeyFile,
  resolveMasterKey,
} from './master-key.js'

const folders: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokens-key-'))
  folders.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('master key', () => {
  it('creates the key file with mode 0600 on first start and reuses it afterwards', () => {
    const dir = join(tempDir(), 'data')
    const first = loadOrCreateKeyFile(dir)
    const path = join(dir, MASTER_KEY_FILE)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(first).toHaveLength(32)
    expect(loadOrCreateKeyFile(dir).equals(first)).toBe(true)
  })

  it.skipIf(testDialect() === 'postgres')(
    'creates the key file 0600 when the core opens on SQLite without a configured key',
    async () => {
      const dir = tempDir()
      const test = await openTestCore({ dataDir: dir, masterKey: '' })
      try {
        expect(statSync(join(dir, MASTER_KEY_FILE)).mode & 0o777).toBe(0o600)
      } finally {
        await test.core.close()
      }
    },
  )

  it.skipIf(testDialect() !== 'postgres')(
    'makes no key file of its own on PostgreSQL, where every instance must share one key, and says to set TOKENS_MASTER_KEY',
    async () => {
      const dir = tempDir()
      // Two instances starting on a new database would each have made its own key, both "ready",
      // each refusing the credentials the other sealed.
      await expect(openTestCore({ dataDir: dir, masterKey: '' })).rejects.toThrow(
        /On PostgreSQL the server makes no key of its own.*set TOKENS_MASTER_KEY to the same value on every instance/,
      )
      expect(existsSync(join(dir, MASTER_KEY_FILE))).toBe(false)
    },
  )

  it.skipIf(process.platform === 'win32')(
    'refuses to start with a key file that other users may read',
    () => {
      const dir = tempDir()
      writeFileSync(join(dir, MASTER_KEY_FILE), `${randomBytes(32).toString('base64')}\n`)
      chmodSync(join(dir, MASTER_KEY_FILE), 0o644)
      expect(() => loadOrCreateKeyFile(dir)).toThrowError(/chmod 600/)
    },
  )

  it('refuses a folder given as a key file as not a file, without advising a chmod', () => {
    const dir = tempDir()
    chmodSync(dir, 0o755)
    expect(() => readMasterKeyFile(dir)).toThrowError(
      new MasterKeyError(`${dir} is not a file (a folder?): give the path of the key file itself`),
    )
  })

  it('says a key file is empty and what to do, rather than that it is no base64 key', () => {
    const dir = tempDir()
    writeFileSync(join(dir, MASTER_KEY_FILE), '', { mode: 0o600 })
    expect(() => loadOrCreateKeyFile(dir)).toThrowError(
      `${join(dir, MASTER_KEY_FILE)} is empty (a write cut short by a crash?)`,
    )
    expect(() => loadOrCreateKeyFile(dir)).toThrowError(/delete it and run again/)
  })

  it('refuses a configured key that is not base64 of exactly 32 bytes, without echoing it', () => {
    for (const bad of [
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('base64'),
      'not-base64!',
      'x'.repeat(44),
    ]) {
      try {
        parseMasterKey(bad, 'TOKENS_MASTER_KEY')
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(MasterKeyError)
        expect((error as Error).message).toContain('exactly 32 bytes')
        expect((error as Error).message).not.toContain(bad)
      }
    }
  })

  it('prefers the configured key over the key file and writes no file then', () => {
    const dir = tempDir()
    const key = randomBytes(32)
    expect(resolveMasterKey({ dataDir: dir, masterKey: key.toString('base64') }).equals(key)).toBe(true)
    expect(() => readFileSync(join(dir, MASTER_KEY_FILE))).toThrow()
  })

  it('refuses to open the core with a malformed configured key', async () => {
    await expect(openTestCore({ masterKey: 'too-short' })).rejects.toBeInstanceOf(MasterKeyError)
  })
})
