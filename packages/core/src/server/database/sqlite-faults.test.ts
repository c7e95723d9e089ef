import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { Credentials } from '../../tokens/token-schemas.js'
import { startCoreProcess, type CoreProcess } from '../test-support/core-process.js'
import {
  createTestToken,
  openTestCore,
  provisionTestAccount,
  type TestCore,
  verifyCredentials,
} from '../test-support/open-test-core.js'
import { expectAuditMatchesCommitted, type ReportedTokenChange } from '../test-support/audit-after-crash.js'
import { auditedTimes } from '../test-support/audited-times.js'
import { readDatabase } from '../test-support/read-database.js'
import { readStoredCredentials } from '../test-support/stored-credentials.js'
import { testDialect } from '../test-support/test-postgres.js'
import { DATABASE_FILE } from './open-database.js'

const opened: TestCore[] = []
const processes: CoreProcess[] = []
const folders: string[] = []
afterEach(async () => {
  for (const child of processes.splice(0)) await child.kill()
  for (const test of opened.splice(0)) await test.close()
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

async function setup(options: Parameters<typeof openTestCore>[0] = {}) {
  const test = await openTestCore(options)
  opened.push(test)
  const account = await provisionTestAccount(test.core, 'brand')
  return { ...test, account }
}

/** A reset works again: the credentials it replaces stop verifying and the new ones verify. */
async function expectResetTakesOver(
  test: Awaited<ReturnType<typeof setup>>,
  tokenId: string,
  replaced: Credentials,
): Promise<void> {
  const reset = await test.core.tokens.reset(test.account.admin, tokenId)
  expect(await verifyCredentials(test.core, replaced)).toBeNull()
  expect(await verifyCredentials(test.core, reset.credentials)).not.toBeNull()
}

describe.runIf(testDialect() === 'sqlite')('SQLite under storage faults', () => {
  it('answers Busy without a partial write while another connection holds the write lock, keeps reading, and succeeds once it is released', async () => {
    const test = await setup({ busyTimeoutMs: 150 })
    const { core, account } = test
    const { token, credentials } = await createTestToken(core, account)
    const [before] = await readStoredCredentials(await test.database(), test.masterKey, [token.id])
    const resetsBefore = await auditedTimes(test, 'token.reset')

    const other = new SqliteDatabase(join(test.dataDir, DATABASE_FILE))
    try {
      other.exec('begin immediate')
      await expect(core.tokens.reset(account.admin, token.id)).rejects.toMatchObject({ code: 'Busy' })
      await expect(createTestToken(core, account, { name: 'Blocked' })).rejects.toMatchObject({
        code: 'Busy',
      })
      await expect(core.legacy.enable(account.admin)).rejects.toMatchObject({ code: 'Busy' })
      expect((await core.tokens.get(account.admin, token.id)).id).toBe(token.id)
      expect((await core.tokens.list(account.admin, {})).items).toHaveLength(1)
      expect(await core.verification.verify(credentials.accountSid, credentials.authToken)).not.toBeNull()
      other.exec('rollback')
    } finally {
      other.close()
    }

    const [after] = await readStoredCredentials(await test.database(), test.masterKey, [token.id])
    expect(after).toEqual(before)
    expect(await auditedTimes(test, 'token.reset')).toBe(resetsBefore)
    await expectResetTakesOver(test, token.id, credentials)
  })

  it('commits durably: a confirmed reset or disable survives a power loss (synchronous FULL, as PostgreSQL commits)', async () => {
    let connection: SqliteDatabase.Database | undefined
    await setup({ hooks: { onSqliteConnection: (database) => void (connection = database) } })
    if (!connection) throw new Error('no SQLite connection')
    // In WAL mode NORMAL may lose the transactions since the last checkpoint: a leaked token's
    // confirmed disable would come back enabled. 2 is FULL.
    expect(connection.pragma('synchronous', { simple: true })).toBe(2)
  })

  it('answers StorageFull when the disk fills during a reset: the old token still verifies and nothing is half-written', async () => {
    let connection: SqliteDatabase.Database | undefined
    const test = await setup({ hooks: { onSqliteConnection: (database) => void (connection = database) } })
    const { core, account } = test
    const { token, credentials } = await createTestToken(core, account)
    if (!connection) throw new Error('no SQLite connection')
    const pages = connection.pragma('page_count', { simple: true }) as number
    connection.pragma(`max_page_count = ${pages}`)

    let current = credentials
    let succeeded = 0
    let failure: unknown
    for (let attempt = 0; attempt < 1_000 && failure === undefined; attempt++) {
      try {
        current = (await core.tokens.reset(account.admin, token.id)).credentials
        succeeded++
      } catch (error) {
        failure = error
      }
    }
    expect(failure).toMatchObject({ code: 'StorageFull' })
    expect(await core.verification.verify(current.accountSid, current.authToken)).not.toBeNull()
    const [stored] = await readStoredCredentials(await test.database(), test.masterKey, [token.id])
    expect(stored).toEqual({ tokenId: token.id, authToken: current.authToken, digestAgrees: true })
    expect(await auditedTimes(test, 'token.reset')).toBe(succeeded)
    // A reveal is audited: with no room for its event it shows nothing.
    await expect(core.tokens.reveal(account.admin, token.id)).rejects.toMatchObject({ code: 'StorageFull' })
    expect(readDatabase(test.dataDir, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok')

    connection.pragma('max_page_count = 1073741823')
    expect((await core.tokens.reveal(account.admin, token.id)).authToken).toBe(current.authToken)
    await expectResetTakesOver(test, token.id, current)
  })

  it('comes back intact after kill -9 in a loop of creates and resets: integrity ok, digests and sealed copies agree, audit matches what committed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tokens-crash-'))
    folders.push(dataDir)
    const before = await setup({ dataDir })
    const { account } = before
    await before.core.close()

    const child = await startCoreProcess({
      mode: 'churn',
      config: { dataDir, masterKey: before.masterKey },
      churn: { context: account.admin, primaryContactUserId: account.adminUserId },
    })
    processes.push(child)
    await expect
      .poll(() => child.messages.length, { timeout: 15_000, interval: 5 })
      .toBeGreaterThanOrEqual(150)
    await child.kill()
    const reported = child.messages as ReportedTokenChange[]

    expect(readDatabase(dataDir, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok')
    const after = await before.openSibling()
    const db = await after.database()
    const stored = await readStoredCredentials(db, after.masterKey)
    expect(stored.length).toBeGreaterThan(0)
    expect(stored.filter((credential) => !credential.digestAgrees)).toEqual([])

    const tokens = await db.selectFrom('tokens').select(['id', 'reset_at']).execute()
    const events = await db
      .selectFrom('audit_events')
      .select(['action', 'token_id', 'at'])
      .where('action', 'in', ['token.create', 'token.reset'])
      .execute()
    // At most the one change the child had no time to report is extra.
    expectAuditMatchesCommitted(
      tokens.map((token) => ({ id: token.id, resetAt: token.reset_at })),
      events.map((event) => ({ action: event.action, tokenId: event.token_id, at: event.at })),
      reported,
      1,
    )
    console.info(
      `[kill -9] ${reported.length} changes reported before the kill, ${events.length} committed, ${tokens.length} tokens intact`,
    )
  })
})
