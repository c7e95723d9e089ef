import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import type { Credentials } from '../../tokens/token-schemas.js'
import { createKeyring } from '../crypto/keyring.js'
import { sql } from 'kysely'
import pg from 'pg'
import { DATABASE_FILE, openDatabase } from '../database/open-database.js'
import type { Db } from '../database/schema.js'
import { storageFailureOf } from '../database/storage-failure.js'
import {
  createTestToken,
  openTestAccountsClosedAfterEach,
  openTestCoresClosedAfterEach,
  type TestAccount,
  type TestCore,
} from '../test-support/open-test-core.js'
import { readStoredCredentials, tamperWithStoredSecret } from '../test-support/stored-credentials.js'
import { LISTENER_APPLICATION_NAME } from '../verification/token-change-feed.js'
import { testDialect } from '../test-support/test-postgres.js'
import { tryRotationLock } from './rotation-lock.js'
import { OldKeyOpensNothingError, rotateMasterKey, type RotateMasterKeyOptions } from './rotate-master-key.js'

const openCore = openTestCoresClosedAfterEach()
const openAccount = openTestAccountsClosedAfterEach()

/** Runs (and awaits) a test's disturbance after the tokens are re-sealed, before the webhooks. */
const betweenTokensAndWebhooks = vi.hoisted(() => ({
  run: undefined as (() => Promise<unknown>) | undefined,
}))
vi.mock('../notifications/reseal-webhook-secrets.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../notifications/reseal-webhook-secrets.js')>()
  return {
    ...actual,
    resealWebhookSecrets: async (options: Parameters<typeof actual.resealWebhookSecrets>[0]) => {
      await betweenTokensAndWebhooks.run?.()
      return actual.resealWebhookSecrets(options)
    },
  }
})

const newKey = () => randomBytes(32).toString('base64')

/** A rotation of the test core's database from its own key; `options` adds to or overrides that. */
function rotateFrom(test: TestCore, options: Partial<RotateMasterKeyOptions> & { newKey: string }) {
  return rotateMasterKey({
    dataDir: test.dataDir,
    databaseUrl: test.databaseUrl,
    currentKeys: [test.masterKey],
    ...options,
  })
}

/** Scoped tokens (one disabled) and legacy credentials in an agency, with what reveal shows for each. */
async function populated() {
  const { account, ...test } = await openAccount('agency')
  const issued: { tokenId: string; credentials: Credentials; active: boolean }[] = []
  for (let i = 0; i < 3; i++) {
    const { token, credentials } = await createTestToken(test.core, account, { name: `Rotated ${i}` })
    issued.push({ tokenId: token.id, credentials, active: i !== 2 })
  }
  await test.core.tokens.disable(account.admin, issued[2]?.tokenId as string)
  const legacy = await test.core.legacy.enable(account.admin)
  if (!legacy.enabled) throw new Error('legacy not enabled')
  const revealed = await test.core.legacy.reveal(account.admin)
  issued.push({ tokenId: legacy.readWrite.id, credentials: revealed.readWrite, active: true })
  issued.push({ tokenId: legacy.readOnly.id, credentials: revealed.readOnly, active: true })
  await test.core.close()
  return { test, account, issued }
}

/** A running core with one token, and the check that a refused rotation left its credential as it was. */
async function servingOneToken() {
  const { account, ...test } = await openAccount('brand')
  const { token, credentials } = await createTestToken(test.core, account)
  const before = await readStoredCredentials(await test.database(), test.masterKey)
  async function expectNothingChanged() {
    expect(await readStoredCredentials(await test.database(), test.masterKey)).toEqual(before)
    expect(await test.core.tokens.reveal(account.admin, token.id)).toEqual(credentials)
  }
  return { test, expectNothingChanged }
}

async function withDatabase<T>(test: TestCore, use: (db: Db) => Promise<T>): Promise<T> {
  const { db } = await openDatabase({ dataDir: test.dataDir, databaseUrl: test.databaseUrl })
  try {
    return await use(db)
  } finally {
    await db.destroy()
  }
}

async function expectServedUnder(
  test: TestCore,
  masterKey: string,
  account: TestAccount,
  issued: Awaited<ReturnType<typeof populated>>['issued'],
) {
  const core = (await test.openSibling({ masterKey })).core
  for (const { tokenId, credentials, active } of issued.slice(0, 3)) {
    expect(await core.tokens.reveal(account.admin, tokenId)).toEqual(credentials)
    expect((await core.verification.verify(credentials.accountSid, credentials.authToken)) !== null).toBe(
      active,
    )
  }
  const legacy = await core.legacy.reveal(account.admin)
  expect([legacy.readWrite, legacy.readOnly]).toEqual(issued.slice(3).map((i) => i.credentials))
  for (const { credentials } of issued.slice(3)) {
    expect(await core.verification.verify(credentials.accountSid, credentials.authToken)).not.toBeNull()
  }
  return core
}

describe('master-key rotation', () => {
  it('re-seals every credential under the new key: reveals return the same values, credentials still verify, and the database no longer needs the old key', async () => {
    const { test, account, issued } = await populated()
    const toKey = newKey()
    const result = await rotateFrom(test, {
      newKey: toKey,
      batchSize: 2,
    })
    const oldKeyId = createKeyring(Buffer.from(test.masterKey, 'base64')).current.keyId
    expect(result).toEqual({
      toKeyId: createKeyring(Buffer.from(toKey, 'base64')).current.keyId,
      fromKeyIds: [oldKeyId],
      resealed: 5,
      alreadyCurrent: 0,
      unreadable: [],
      unreadableWebhooks: [],
    })

    await expectServedUnder(test, toKey, account, issued)
    const stored = await readStoredCredentials(await test.database(), toKey)
    expect(stored.every((credential) => credential.digestAgrees)).toBe(true)

    // Nothing stored opens under the old key any more: a start with it is refused.
    await expect(test.openSibling({ masterKey: test.masterKey })).rejects.toThrow(
      /opens none of the stored credentials/,
    )

    const db = await test.database()
    const events = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'key.rotate')
      .execute()
    // Batches of two over five tokens: three transactions, each audited for the one account.
    expect(events).toHaveLength(3)
    expect(events.map((e) => JSON.parse(e.details).tokenCount as number).reduce((a, b) => a + b, 0)).toBe(5)
    const everything = JSON.stringify(events)
    for (const secret of [test.masterKey, toKey, ...issued.map((i) => i.credentials.authToken)])
      expect(everything).not.toContain(secret)
    for (const event of events) {
      expect(event).toMatchObject({
        account_id: account.accountId,
        actor_type: 'system',
        actor_id: null,
        token_id: null,
      })
      expect(JSON.parse(event.details)).toMatchObject({ toKeyId: result.toKeyId, fromKeyIds: [oldKeyId] })
    }
  })

  it('completes an interrupted rotation when run again, and reports a tampered credential instead of rewriting it', async () => {
    const { test, account, issued } = await populated()
    const oldCore = await test.openSibling({ masterKey: test.masterKey })
    const late = await createTestToken(oldCore.core, account, { name: 'Late' })
    const tampered = await createTestToken(oldCore.core, account, { name: 'Tampered' })
    await oldCore.core.close()
    // A connection of its own, closed again: a rotation refuses while another one has SQLite open.
    const broken = await withDatabase(
      test,
      async (db) => (await tamperWithStoredSecret(db, tampered.token.id)).after,
    )

    // Stopped after its first batch of two: the second batch's transaction fails and rolls back
    // (the clock is read once to mark the rotation underway, then once per batch).
    const toKey = newKey()
    let reads = 0
    await expect(
      rotateFrom(test, {
        newKey: toKey,
        batchSize: 2,
        now: () => {
          if (++reads > 2) throw new Error('interrupted')
          return new Date()
        },
      }),
    ).rejects.toThrow('interrupted')
    // Sealed under two keys now: an instance with either one alone would refuse some credentials.
    for (const masterKey of [test.masterKey, toKey]) {
      await expect(test.openSibling({ masterKey })).rejects.toThrow(
        /A master-key rotation to key id \S+ has not finished .* run rotate-master-key again with the same keys/,
      )
    }

    const result = await rotateFrom(test, { newKey: toKey })
    expect(result.unreadable).toEqual([tampered.token.id])
    // Ended (exit code 3), the tampered row still under the old key: that key would start and
    // refuse every other credential, so only the new one may.
    await expect(test.openSibling({ masterKey: test.masterKey })).rejects.toThrow(
      /rotation to key id \S+ ended with 1 credential\(s\) it could not open \(exit code 3\)/,
    )
    expect(result.alreadyCurrent).toBeGreaterThan(0)
    expect(result.resealed + result.alreadyCurrent).toBe(6)
    const after = await withDatabase(test, (db) =>
      db
        .selectFrom('tokens')
        .select('sealed_secret')
        .where('id', '=', tampered.token.id)
        .executeTakeFirstOrThrow(),
    )
    expect(after.sealed_secret).toBe(broken)
    const core = await expectServedUnder(test, toKey, account, issued)
    expect(await core.tokens.reveal(account.admin, late.token.id)).toEqual(late.credentials)
  })

  it('refuses an old key that opens none of the stored credentials before changing anything', async () => {
    const { test } = await populated()
    const before = await withDatabase(test, (db) => readStoredCredentials(db, test.masterKey))
    let changing = false
    await expect(
      rotateMasterKey({
        dataDir: test.dataDir,
        databaseUrl: test.databaseUrl,
        currentKeys: [newKey()],
        newKey: newKey(),
        beforeChanges: () => void (changing = true),
      }),
    ).rejects.toBeInstanceOf(OldKeyOpensNothingError)
    expect(changing).toBe(false)
    expect(await withDatabase(test, (db) => readStoredCredentials(db, test.masterKey))).toEqual(before)
  })

  it('refuses a new key equal to the current one', async () => {
    const { test } = await populated()
    await expect(rotateFrom(test, { newKey: test.masterKey })).rejects.toThrow(/must differ/)
  })

  it.runIf(testDialect() === 'sqlite')(
    'refuses to rotate a SQLite database a server holds open, changing nothing',
    async () => {
      const { test, expectNothingChanged } = await servingOneToken()
      await expect(rotateFrom(test, { newKey: newKey() })).rejects.toThrow(
        /open in another process \(a running server\?\); stop it before rotating the master key/,
      )
      await expectNothingChanged()
    },
  )

  it.runIf(testDialect() === 'sqlite')(
    'holds a SQLite database for itself while it rotates, so no server can open it meanwhile',
    async () => {
      const { test } = await populated()
      const attempts: string[] = []
      await rotateFrom(test, {
        newKey: newKey(),
        // Called between the tokens and the webhooks, with the rotation's connection open.
        logger: {
          log(_level, event) {
            if (event !== 'key.rotate.done') return
            const other = new SqliteDatabase(join(test.dataDir, DATABASE_FILE), { timeout: 0 })
            try {
              other.prepare('select count(*) from tokens').get()
              attempts.push('read')
            } catch (error) {
              attempts.push(storageFailureOf(error) ?? String(error))
            } finally {
              other.close()
            }
          },
        },
      })
      expect(attempts).toEqual(['Busy'])
    },
  )

  it.runIf(testDialect() === 'postgres')(
    'refuses to rotate while an instance still serves the database',
    async () => {
      const test = await openCore()
      await expect(rotateFrom(test, { newKey: newKey() })).rejects.toThrow(/1 instance\(s\) still serve/)
    },
  )

  it.runIf(testDialect() === 'postgres')(
    'refuses to rotate while an instance serves with its change listener down, changing nothing',
    async () => {
      const { test, expectNothingChanged } = await servingOneToken()
      const db = await test.database()
      // A PostgreSQL restart, failover or network blip: the listener is gone, and (so that it
      // stays gone for the test rather than reconnecting within 50 ms) cannot connect again.
      const connect = pg.Client.prototype.connect
      const listenerDown = vi.spyOn(pg.Client.prototype, 'connect').mockImplementation(function (
        this: pg.Client,
        ...args: unknown[]
      ) {
        const name = (this as unknown as { connectionParameters: { application_name?: string } })
          .connectionParameters.application_name
        if (name === LISTENER_APPLICATION_NAME) {
          return Promise.reject(Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' }))
        }
        return (connect as unknown as (...a: unknown[]) => unknown).apply(this, args)
      } as typeof connect)
      let changing = false
      try {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(db)
        await expect.poll(async () => (await test.core.operations.readiness()).changeListener).toBe(false)
        await new Promise((resolve) => setTimeout(resolve, 20))
        await expect(
          rotateFrom(test, {
            newKey: newKey(),
            beforeChanges: () => void (changing = true),
          }),
        ).rejects.toThrow(
          /1 instance\(s\) still serve this database; stop them before rotating the master key/,
        )
      } finally {
        listenerDown.mockRestore()
      }
      expect(changing).toBe(false)
      await expectNothingChanged()
    },
  )

  it.runIf(testDialect() === 'postgres')(
    'holds off an instance starting while it rotates, which starts with the new key afterwards',
    async () => {
      const { test, account, issued } = await populated()
      const toKey = newKey()
      let opening: Promise<unknown> | undefined
      const result = await rotateFrom(test, {
        newKey: toKey,
        // With the old keys checked and no row changed yet: an instance started with the old key now
        // would seal new tokens under it.
        beforeChanges: () => {
          opening = test.openSibling({ masterKey: test.masterKey })
          return opening.then(
            () => undefined,
            () => undefined,
          )
        },
      })
      expect(result.resealed).toBe(5)
      const refusal = await (opening as Promise<unknown>).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(refusal).toBeInstanceOf(Error)
      const message = (refusal as Error).message
      expect(message).toMatch(
        /a master-key rotation is running on this database; start again when it has finished/i,
      )
      for (const secret of [test.masterKey, toKey]) expect(message).not.toContain(secret)
      // Once the rotation ended, the lock is free again: the new key starts.
      await expectServedUnder(test, toKey, account, issued)
    },
  )

  it.runIf(testDialect() === 'postgres')(
    'refuses to rotate while an instance is starting (it holds the rotation lock shared)',
    async () => {
      const { test } = await populated()
      const starting = await tryRotationLock(test.databaseUrl as string, 'shared')
      expect(starting).not.toBeNull()
      try {
        await expect(rotateFrom(test, { newKey: newKey() })).rejects.toThrow(
          /An instance is starting or another master-key rotation is running on this database/,
        )
      } finally {
        await starting?.release()
      }
      expect((await rotateFrom(test, { newKey: newKey() })).resealed).toBe(5)
    },
  )

  /** A rotation disturbed by `meanwhile` (on a connection of its own) once its tokens are re-sealed. */
  async function rotateDisturbed(test: TestCore, toKey: string, meanwhile: (db: Db) => Promise<unknown>) {
    betweenTokensAndWebhooks.run = () => withDatabase(test, meanwhile)
    try {
      return await rotateFrom(test, { newKey: toKey })
    } finally {
      betweenTokensAndWebhooks.run = undefined
    }
  }

  it.runIf(testDialect() === 'postgres')(
    'does not finish when an instance began serving during the rotation, and a run with the same keys completes it',
    async () => {
      const { test, account, issued } = await populated()
      const toKey = newKey()
      // An instance cut off from the database at the first check, back with the old key in memory.
      const outcome = await rotateDisturbed(test, toKey, async (db) => {
        await sql`insert into limit_instances (id, seen_at)
          values ('returning-instance', (extract(epoch from clock_timestamp()) * 1000)::bigint)`.execute(db)
      }).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect(outcome).toBeInstanceOf(Error)
      expect((outcome as Error).message).toMatch(
        /1 instance\(s\) began serving this database during the rotation; stop every instance and run the rotation again with the same keys/,
      )
      await withDatabase(test, (db) => sql`delete from limit_instances`.execute(db))
      const completed = await rotateFrom(test, { newKey: toKey })
      expect(completed).toMatchObject({ resealed: 0, alreadyCurrent: 5, unreadable: [] })
      await expectServedUnder(test, toKey, account, issued)
    },
  )

  it.runIf(testDialect() === 'postgres')(
    'does not finish when a credential was sealed under the old key after its batch, and a second run re-seals it',
    async () => {
      const { test, account, issued } = await populated()
      const toKey = newKey()
      const first = issued[0]?.tokenId as string
      const before = await withDatabase(test, (db) =>
        db.selectFrom('tokens').select('sealed_secret').where('id', '=', first).executeTakeFirstOrThrow(),
      )
      // An instance that served through the rotation re-sealed this token (e.g. a reset) under the old key.
      const outcome = await rotateDisturbed(test, toKey, (db) =>
        db
          .updateTable('tokens')
          .set({ sealed_secret: before.sealed_secret })
          .where('id', '=', first)
          .execute(),
      ).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect((outcome as Error).message).toMatch(
        /1 credential\(s\) were sealed under an old key while the rotation ran/,
      )
      const completed = await rotateFrom(test, { newKey: toKey })
      expect(completed).toMatchObject({ resealed: 1, alreadyCurrent: 4 })
      await expectServedUnder(test, toKey, account, issued)
    },
  )

  it.runIf(testDialect() === 'postgres')(
    'does not finish when it lost its rotation lock with its connection',
    async () => {
      const { test } = await populated()
      const outcome = await rotateDisturbed(test, newKey(), (db) =>
        sql`select pg_terminate_backend(pid) from pg_stat_activity
          where application_name = 'token-console-rotation-lock' and datname = current_database()`.execute(
          db,
        ),
      ).then(
        () => undefined,
        (error: unknown) => error,
      )
      expect((outcome as Error).message).toMatch(/The rotation lost its lock on the database/)
    },
  )
})
