import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createTestToken,
  openTestAccountsClosedAfterEach,
  openTestCoresClosedAfterEach,
} from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import { deriveKeys } from './keyring.js'
import { MASTER_KEY_FILE, MasterKeyError } from './master-key.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})
// Registered after the folders' afterEach, so cores close before their folders go.
const openAccount = openTestAccountsClosedAfterEach()
const openCore = openTestCoresClosedAfterEach()

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tokens-settle-key-'))
  folders.push(dir)
  return dir
}

const keyIdOf = (key: string) => deriveKeys(Buffer.from(key, 'base64')).keyId

/** A data folder whose database holds one token sealed under `masterKey`; the core is stopped. */
async function populated(masterKey: string) {
  const dataDir = folder()
  const { account, ...test } = await openAccount('brand', { dataDir, masterKey })
  const created = await createTestToken(test.core, account)
  await test.core.close()
  return { test, account, created, dataDir }
}

describe('the master key at start', () => {
  it('refuses to start with a key that opens none of the stored credentials, naming its source and not the key', async () => {
    const rightKey = randomBytes(32).toString('base64')
    const { test } = await populated(rightKey)
    const wrongKey = randomBytes(32).toString('base64')
    const refusal = await test.openSibling({ masterKey: wrongKey }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(refusal).toBeInstanceOf(MasterKeyError)
    const message = (refusal as Error).message
    expect(message).toContain(`The master key from TOKENS_MASTER_KEY (key id ${keyIdOf(wrongKey)})`)
    expect(message).toContain(
      `opens none of the stored credentials, sealed under key id ${keyIdOf(rightKey)}`,
    )
    for (const key of [wrongKey, rightKey]) expect(message).not.toContain(key)

    // With the right key it starts and serves.
    const right = await test.openSibling({ masterKey: rightKey })
    expect((await right.core.operations.readiness()).database).toBe('ok')
  })

  it('refuses a key file from another installation the same way', async () => {
    const { test, dataDir } = await populated(randomBytes(32).toString('base64'))
    const keyFile = join(dataDir, MASTER_KEY_FILE)
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 })
    await expect(test.openSibling({ masterKey: '' })).rejects.toThrow(
      new RegExp(
        `The master key from ${keyFile} \\(key id [0-9a-f]{8}\\) opens none of the stored credentials`,
      ),
    )
  })

  it('makes no new key file for a database that holds sealed credentials (a forgotten TOKENS_MASTER_KEY)', async () => {
    const key = randomBytes(32).toString('base64')
    const { test, dataDir } = await populated(key)
    await expect(test.openSibling({ masterKey: '' })).rejects.toThrow(
      `No master key: TOKENS_MASTER_KEY is unset and ${join(dataDir, MASTER_KEY_FILE)} does not exist, but the database holds credentials sealed under key id ${keyIdOf(key)}`,
    )
    expect(existsSync(join(dataDir, MASTER_KEY_FILE))).toBe(false)
  })

  it.skipIf(testDialect() === 'postgres')(
    'makes the key file for a SQLite database with no sealed value, and starts with any key on one',
    async () => {
      const dataDir = folder()
      const first = await openCore({ dataDir, masterKey: '' })
      const made = readFileSync(join(dataDir, MASTER_KEY_FILE), 'utf8').trim()
      await first.core.close()
      // Nothing sealed yet: another key is no loss, and starts.
      const other = await first.openSibling({ masterKey: randomBytes(32).toString('base64') })
      await other.core.close()
      const again = await first.openSibling({ masterKey: '' })
      expect(again.masterKey).toBe('')
      expect(readFileSync(join(dataDir, MASTER_KEY_FILE), 'utf8').trim()).toBe(made)
    },
  )
})
