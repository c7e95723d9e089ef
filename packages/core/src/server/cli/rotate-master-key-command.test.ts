import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { deriveKeys } from '../crypto/keyring.js'
import { loadOrCreateKeyFile, MASTER_KEY_FILE } from '../crypto/master-key.js'
import { openDatabase } from '../database/open-database.js'
import { rotateMasterKey } from '../key-rotation/rotate-master-key.js'
import {
  createTestToken,
  openTestAccountsClosedAfterEach,
  type TestCore,
} from '../test-support/open-test-core.js'
import { tamperWithStoredSecret } from '../test-support/stored-credentials.js'
import { dataDirOf } from './cli-paths.js'
import { rotateMasterKeyCommand } from './rotate-master-key-command.js'

const folders: string[] = []
afterEach(async () => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})
// Registered after the folders' afterEach so that it runs first (after-hooks run as a stack): a
// core closes before its data folder is removed.
const openAccount = openTestAccountsClosedAfterEach()

/**
 * A data folder whose core runs from its key file, with one token; the core is stopped. The file
 * is made first: on PostgreSQL the core makes none of its own (settle-master-key.ts).
 */
async function stoppedInstallation() {
  const dataDir = mkdtempSync(join(tmpdir(), 'tokens-rotate-'))
  folders.push(dataDir)
  loadOrCreateKeyFile(dataDir)
  const { account, ...test } = await openAccount('brand', { dataDir, masterKey: '' })
  const created = await createTestToken(test.core, account)
  await test.core.close()
  const keyFile = join(dataDir, MASTER_KEY_FILE)
  return { test, account, created, dataDir, keyFile, oldKey: readFileSync(keyFile, 'utf8').trim() }
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = []
  const code = await rotateMasterKeyCommand(argv, env, {
    info: (l) => void lines.push(l),
    error: (l) => void lines.push(l),
  })
  return { code, output: lines.join('\n') }
}

const keyIdOf = (base64: string) => deriveKeys(Buffer.from(base64, 'base64')).keyId

function databaseArgs(test: TestCore) {
  return ['--data-dir', test.dataDir, ...(test.databaseUrl ? ['--database-url', test.databaseUrl] : [])]
}

describe('rotate-master-key command', () => {
  it('replaces the key file (0600) with a new key, prints no key, and the core then starts from that file alone', async () => {
    const { test, account, created, keyFile, oldKey } = await stoppedInstallation()
    const { code, output } = await run(databaseArgs(test))
    expect(code).toBe(0)
    expect(output).toMatch(/Re-sealed 1 credential\(s\) under key [0-9a-f]{8} \(was [0-9a-f]{8}\)/)
    const newKey = readFileSync(keyFile, 'utf8').trim()
    expect(newKey).not.toBe(oldKey)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(existsSync(`${keyFile}.new`)).toBe(false)
    expect(output).not.toContain(oldKey)
    expect(output).not.toContain(newKey)

    const restarted = await test.openSibling({ masterKey: '' })
    expect(await restarted.core.tokens.reveal(account.admin, created.token.id)).toEqual(created.credentials)
    expect(
      await restarted.core.verification.verify(created.credentials.accountSid, created.credentials.authToken),
    ).not.toBeNull()
  })

  it('keeps the key it replaces beside it (0600), as backups taken before the rotation need it', async () => {
    const { test, dataDir, keyFile, oldKey } = await stoppedInstallation()
    const { code, output } = await run(databaseArgs(test))
    expect(code).toBe(0)
    const kept = `${keyFile}.${keyIdOf(oldKey)}`
    expect(readFileSync(kept, 'utf8').trim()).toBe(oldKey)
    expect(statSync(kept).mode & 0o777).toBe(0o600)
    expect(output).toContain(`is kept in ${kept} (mode 0600)`)
    expect(output).not.toContain(oldKey)
    expect(
      readdirSync(dataDir)
        .filter((name) => name.startsWith(MASTER_KEY_FILE))
        .sort(),
    ).toEqual([MASTER_KEY_FILE, `${MASTER_KEY_FILE}.${keyIdOf(oldKey)}`].sort())
  })

  it('keeps a key file it replaces that held another key than TOKENS_MASTER_KEY, and refuses an OUT that holds no key', async () => {
    const { test, dataDir, keyFile, oldKey } = await stoppedInstallation()
    const unrelated = randomBytes(32).toString('base64')
    writeFileSync(keyFile, `${unrelated}\n`, { mode: 0o600 })
    const { code } = await run(databaseArgs(test), { TOKENS_MASTER_KEY: oldKey })
    expect(code).toBe(0)
    expect(readFileSync(`${keyFile}.${keyIdOf(unrelated)}`, 'utf8').trim()).toBe(unrelated)

    const notAKey = join(dataDir, 'notes.txt')
    writeFileSync(notAKey, 'shopping list\n', { mode: 0o600 })
    const refused = await run([...databaseArgs(test), '--out', notAKey])
    expect(refused.code).toBe(1)
    expect(refused.output).toContain(notAKey)
    expect(readFileSync(notAKey, 'utf8')).toBe('shopping list\n')
    expect(existsSync(`${notAKey}.new`)).toBe(false)
  })

  it('takes the old key from TOKENS_MASTER_KEY and a given new key, and says how to start with it', async () => {
    const { test, account, created, dataDir, oldKey } = await stoppedInstallation()
    const givenFile = join(dataDir, 'given.key')
    const given = randomBytes(32).toString('base64')
    writeFileSync(givenFile, `${given}\n`, { mode: 0o600 })
    const out = join(dataDir, 'rotated.key')
    const { code, output } = await run([...databaseArgs(test), '--new-key-file', givenFile, '--out', out], {
      TOKENS_MASTER_KEY: oldKey,
    })
    expect(code).toBe(0)
    expect(readFileSync(out, 'utf8').trim()).toBe(given)
    expect(output).toContain('set TOKENS_MASTER_KEY to the contents of')
    const restarted = await test.openSibling({ masterKey: given })
    expect(await restarted.core.tokens.reveal(account.admin, created.token.id)).toEqual(created.credentials)
  })

  it('completes an interrupted rotation with the key it left in OUT.new, and refuses to switch to another key meanwhile', async () => {
    const { test, account, created, dataDir, keyFile, oldKey } = await stoppedInstallation()
    const pendingKey = randomBytes(32).toString('base64')
    writeFileSync(`${keyFile}.new`, `${pendingKey}\n`, { mode: 0o600 })
    await rotateMasterKey({
      dataDir,
      databaseUrl: test.databaseUrl,
      currentKeys: [oldKey],
      newKey: pendingKey,
    })

    const otherFile = join(dataDir, 'other.key')
    writeFileSync(otherFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 })
    const refused = await run([...databaseArgs(test), '--new-key-file', otherFile])
    expect(refused.code).toBe(1)
    expect(refused.output).toContain('interrupted rotation to another key')

    const { code, output } = await run(databaseArgs(test))
    expect(code).toBe(0)
    expect(output).toContain('Completing the interrupted rotation')
    expect(output).toContain('1 already under it')
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(pendingKey)
    const restarted = await test.openSibling({ masterKey: '' })
    expect(await restarted.core.tokens.reveal(account.admin, created.token.id)).toEqual(created.credentials)
  })

  it('refuses to rotate with an old key that opens no stored credential, leaving the key file as it was', async () => {
    const { test, account, created, dataDir, keyFile, oldKey } = await stoppedInstallation()
    const staleFile = join(dataDir, 'stale.key')
    writeFileSync(staleFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 })
    const { code, output } = await run([...databaseArgs(test), '--old-key-file', staleFile])
    expect(code).toBe(1)
    expect(output).toContain(`The old key from ${staleFile} (key id `)
    expect(output).toContain('opens none of the 1 stored credential(s)')
    expect(output).toContain('Nothing was changed')
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(oldKey)
    expect(existsSync(`${keyFile}.new`)).toBe(false)

    const restarted = await test.openSibling({ masterKey: '' })
    expect(await restarted.core.tokens.reveal(account.admin, created.token.id)).toEqual(created.credentials)
  })

  it('refuses a second rotation from a TOKENS_MASTER_KEY left over from the first, keeping the key the first wrote', async () => {
    const { test, account, created, keyFile, oldKey } = await stoppedInstallation()
    const first = await run(databaseArgs(test), { TOKENS_MASTER_KEY: oldKey })
    expect(first.code).toBe(0)
    expect(first.output).toContain('Keep the old key (id ')
    expect(first.output).toContain('backups taken before this rotation')
    expect(first.output).not.toContain('no longer needed')
    const rotated = readFileSync(keyFile, 'utf8').trim()

    const second = await run(databaseArgs(test), { TOKENS_MASTER_KEY: oldKey })
    expect(second.code).toBe(1)
    expect(second.output).toContain('The old key from TOKENS_MASTER_KEY')
    expect(second.output).toContain('left over from an earlier rotation')
    expect(second.output).not.toContain(oldKey)
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(rotated)
    expect(existsSync(`${keyFile}.new`)).toBe(false)
    const restarted = await test.openSibling({ masterKey: rotated })
    expect(await restarted.core.tokens.reveal(account.admin, created.token.id)).toEqual(created.credentials)
  })

  it('keeps the key file while a stored credential cannot be opened, leaving the new key in OUT.new', async () => {
    const { test, account, created, dataDir, keyFile, oldKey } = await stoppedInstallation()
    const sibling = await test.openSibling({ masterKey: '' })
    const broken = await createTestToken(sibling.core, account, { name: 'Broken' })
    await sibling.core.close()
    const { db } = await openDatabase({ dataDir, databaseUrl: test.databaseUrl })
    try {
      await tamperWithStoredSecret(db, broken.token.id)
    } finally {
      await db.destroy()
    }

    const { code, output } = await run(databaseArgs(test))
    expect(code).toBe(3)
    expect(output).toContain(`token ${broken.token.id}`)
    expect(output).toContain(`${keyFile} was left as it was`)
    // The operator may now move OUT.new over OUT, as told: the old key is already kept beside it.
    const kept = `${keyFile}.${keyIdOf(oldKey)}`
    expect(readFileSync(kept, 'utf8').trim()).toBe(oldKey)
    expect(statSync(kept).mode & 0o777).toBe(0o600)
    expect(output).toContain(`is also kept in ${kept}`)
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(oldKey)
    const pendingKey = readFileSync(`${keyFile}.new`, 'utf8').trim()
    const restarted = await test.openSibling({ masterKey: pendingKey })
    expect(await restarted.core.tokens.reveal(account.admin, created.token.id)).toEqual(created.credentials)
  })

  it('answers usage errors and a missing database without touching any key', async () => {
    expect((await run(['--bogus'])).code).toBe(2)
    expect((await run(['--help'])).output).toContain('Usage: rotate-master-key')
    const empty = mkdtempSync(join(tmpdir(), 'tokens-rotate-empty-'))
    folders.push(empty)
    const missing = await run(['--data-dir', empty], {
      TOKENS_MASTER_KEY: randomBytes(32).toString('base64'),
    })
    expect(missing).toMatchObject({ code: 1, output: expect.stringContaining('No database') })
    expect(existsSync(join(empty, MASTER_KEY_FILE))).toBe(false)
    expect(existsSync(join(empty, `${MASTER_KEY_FILE}.new`))).toBe(false)
  })
})

describe('rotate-master-key paths', () => {
  it("resolves relative paths against the caller's folder (INIT_CWD), never the package folder pnpm runs it in", async () => {
    const { test, dataDir, oldKey } = await stoppedInstallation()
    const caller = dirname(dataDir)
    const oldKeyFile = `${basename(dataDir)}-old.key`
    writeFileSync(join(caller, oldKeyFile), `${oldKey}\n`, { mode: 0o600 })
    folders.push(join(caller, oldKeyFile))
    const out = `${basename(dataDir)}-rotated.key`
    const { code, output } = await run(
      [
        '--data-dir',
        basename(dataDir),
        '--old-key-file',
        oldKeyFile,
        '--out',
        out,
        ...(test.databaseUrl ? ['--database-url', test.databaseUrl] : []),
      ],
      { INIT_CWD: caller },
    )
    expect(output).not.toContain(process.cwd())
    expect(code).toBe(0)
    for (const file of [out, `${out}.new`]) folders.push(join(caller, file))
    expect(readFileSync(join(caller, out), 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(existsSync(join(process.cwd(), out))).toBe(false)
    expect(output).toContain(`The new master key is in ${join(caller, out)}`)
  })

  it('has git ignore the key files a rotation writes, and databases and backups, wherever they land in the tree', () => {
    const root = fileURLToPath(new URL('../../../../../', import.meta.url))
    const paths = [
      'new-master.key',
      'packages/core/new-master.key',
      'packages/core/new-master.key.new',
      'packages/core/new-master.key.0a1b2c3d',
      'apps/api/data/master.key',
      'tokens.backup.db',
      'big.db-journal',
      'big.db.partial-1234',
    ]
    let ignored: string[]
    try {
      ignored = execFileSync('git', ['-C', root, 'check-ignore', '--no-index', ...paths], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
    } catch (error) {
      // Exit code 1: none ignored; stdout lists any that are.
      ignored = String((error as { stdout?: string }).stdout ?? '')
        .trim()
        .split('\n')
    }
    expect(ignored).toEqual(paths)
  })

  it('counts an empty DATA_DIR, DATABASE_URL or TOKENS_MASTER_KEY as unset', async () => {
    const caller = mkdtempSync(join(tmpdir(), 'tokens-rotate-caller-'))
    folders.push(caller)
    const { code, output } = await run([], {
      INIT_CWD: caller,
      DATA_DIR: '',
      DATABASE_URL: '',
      TOKENS_MASTER_KEY: '',
    })
    expect(code).toBe(1)
    expect(output).toBe(`No database in ${dataDirOf({ INIT_CWD: caller })}: nothing to rotate`)
    expect(output).not.toContain(`No database in ${process.cwd()}:`)
  })
})
