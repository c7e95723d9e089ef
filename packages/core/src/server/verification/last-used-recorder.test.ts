import { describe, expect, it, vi } from 'vitest'
import { createTestToken, openTestAccountsClosedAfterEach } from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import { LastUsedRecorder } from './last-used-recorder.js'

const openAccount = openTestAccountsClosedAfterEach()

describe.runIf(testDialect() === 'postgres')('last-used writes on PostgreSQL', () => {
  it('holds one token row at a time, so a mutation locking the same rows in another order never deadlocks with it', async () => {
    const { account, ...test } = await openAccount('brand')
    const first = (await createTestToken(test.core, account)).token.id
    const second = (await createTestToken(test.core, account)).token.id
    const db = await test.database()
    const recorder = new LastUsedRecorder(db, () => new Date('2026-11-30T00:00:00.000Z'), 60_000, 'per-row')
    recorder.record(first)
    recorder.record(second)
    const lastUsedOf = async (id: string) =>
      (await db.selectFrom('tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow())
        .last_used_at

    let flushed: Promise<void> | undefined
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('tokens').select('id').where('id', '=', second).forUpdate().execute()
      flushed = recorder.flush()
      // The first row is written and released while the flush waits for the second one...
      await vi.waitFor(async () => expect(await lastUsedOf(first)).not.toBeNull(), { timeout: 5_000 })
      // ...so this transaction can take it: no cycle of waits.
      await trx
        .updateTable('tokens')
        .set({ description: 'locked in the other order' })
        .where('id', '=', first)
        .execute()
    })
    await flushed
    await recorder.close()
    expect(await lastUsedOf(second)).not.toBeNull()
  })
})

describe('last-used writes after a failure', () => {
  it('writes the uses kept from a failed flush on the next one', async () => {
    const { account, ...test } = await openAccount('brand')
    const tokenId = (await createTestToken(test.core, account)).token.id
    const db = await test.database()
    let failures = 1
    // The first write fails as a busy database would; the ones after it reach the database.
    const failingOnce = new Proxy(db, {
      get(target, property, receiver) {
        if (property === 'updateTable' && failures > 0) {
          failures--
          return () => {
            throw new Error('database busy')
          }
        }
        const value: unknown = Reflect.get(target, property, receiver)
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
      },
    })
    const recorder = new LastUsedRecorder(
      failingOnce,
      () => new Date('2026-11-30T00:00:00.000Z'),
      60_000,
      'per-row',
    )
    recorder.record(tokenId)
    await expect(recorder.flush()).rejects.toThrow('database busy')
    await recorder.close()
    const row = await db
      .selectFrom('tokens')
      .select('last_used_at')
      .where('id', '=', tokenId)
      .executeTakeFirstOrThrow()
    expect(row.last_used_at).toBe('2026-11-30T00:00:00.000Z')
  })
})
