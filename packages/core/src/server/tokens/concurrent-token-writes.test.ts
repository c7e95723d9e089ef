import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import type { TokenWithCredentials } from '../../tokens/token-schemas.js'
import type { LegacyTokensView } from '../../legacy/legacy-schemas.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import {
  createTestToken,
  openTestAccountsClosedAfterEach,
  type TestCore,
} from '../test-support/open-test-core.js'
import { auditedTimes } from '../test-support/audited-times.js'
import { readStoredCredentials } from '../test-support/stored-credentials.js'
import { openTestInstances, type TestInstance } from '../test-support/test-instances.js'
import { holdTransaction } from '../test-support/held-transaction.js'
import { testDialect } from '../test-support/test-postgres.js'

// Registered first so that its afterEach runs last (vitest runs after-hooks as a stack): the
// instances stop before the core they share a database with closes.
const openAccount = openTestAccountsClosedAfterEach()
const instances: TestInstance[] = []
afterEach(async () => {
  for (const instance of instances.splice(0)) await instance.close()
})

async function setup() {
  const { account, ...test } = await openAccount('agency')
  return { test, account }
}

async function startInstances(test: TestCore, count: number) {
  const started = await openTestInstances(test, count)
  instances.push(...started)
  return started
}

/** A core that has never cached anything, to ask the database what verifies now. */
async function freshVerifier(test: TestCore) {
  const sibling = await test.openSibling({ verificationCacheTtlMs: 0 })
  return (credentials: { accountSid: string; authToken: string }) =>
    sibling.core.verification.verify(credentials.accountSid, credentials.authToken)
}

async function outcomes<T>(calls: Promise<T>[]) {
  const settled = await Promise.allSettled(calls)
  return {
    values: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    codes: settled.flatMap((s) =>
      s.status === 'rejected'
        ? [s.reason instanceof TokenConsoleError ? s.reason.code : String(s.reason)]
        : [],
    ),
  }
}

async function expectExactlyOneVerifies(
  test: TestCore,
  tokenId: string,
  issued: readonly { accountSid: string; authToken: string }[],
) {
  const verify = await freshVerifier(test)
  const verifying = []
  for (const credentials of issued) if (await verify(credentials)) verifying.push(credentials.authToken)
  expect(verifying).toHaveLength(1)
  const [stored] = await readStoredCredentials(await test.database(), test.masterKey, [tokenId])
  expect(stored?.digestAgrees).toBe(true)
  expect(stored?.authToken).toBe(verifying[0])
}

// Several tests start instances in child processes: their start-up alone can take seconds on a loaded machine.
describe('concurrent writes to one token', { timeout: 60_000 }, () => {
  it('leaves exactly one of 20 parallel resets through one instance verifying, with digest and sealed copy agreeing', async () => {
    const { test, account } = await setup()
    const { token, credentials } = await createTestToken(test.core, account)
    const { values, codes } = await outcomes(
      Array.from({ length: 20 }, () => test.core.tokens.reset(account.admin, token.id)),
    )
    expect(codes).toEqual([])
    expect(values).toHaveLength(20)
    await expectExactlyOneVerifies(test, token.id, [credentials, ...values.map((v) => v.credentials)])
    expect(await auditedTimes(test, 'token.reset', { tokenId: token.id })).toBe(20)
  })

  // On SQLite BEGIN IMMEDIATE runs writes one at a time; on PostgreSQL a write reads what others
  // committed statement by statement, so only the row lock keeps a copy whole.
  it.skipIf(testDialect() !== 'postgres')(
    'duplicates a token whole, as it was before or after an update that commits meanwhile, never half of each',
    async () => {
      const { test, account } = await setup()
      const { token } = await createTestToken(test.core, account, { name: 'Before' })
      // Another writer renames the token and replaces its scopes, and holds its transaction open
      // with the scope table locked, so a read of the scopes waits for its commit.
      const update = await holdTransaction(await test.database(), async (trx) => {
        await trx.updateTable('tokens').set({ name: 'After' }).where('id', '=', token.id).execute()
        await trx.deleteFrom('token_scopes').where('token_id', '=', token.id).execute()
        await trx
          .insertInto('token_scopes')
          .values({ token_id: token.id, scope: 'GET /Account', granted_at: new Date().toISOString() })
          .execute()
        await sql`lock table token_scopes in access exclusive mode`.execute(trx)
      })
      const copy = await update.commitDuring(() => test.core.tokens.duplicate(account.admin, token.id))
      expect({ name: copy.token.name.startsWith('After'), scopes: copy.token.scopes }).toEqual({
        name: true,
        scopes: ['GET /Account'],
      })
    },
  )

  it('leaves exactly one of 20 parallel resets spread over three instances verifying', async () => {
    const { test, account } = await setup()
    const { token, credentials } = await createTestToken(test.core, account)
    const servers = await startInstances(test, 3)
    const { values, codes } = await outcomes(
      Array.from({ length: 20 }, (_, i) =>
        (servers[i % servers.length] as TestInstance).call<TokenWithCredentials>(
          'tokens.reset',
          account.admin,
          token.id,
        ),
      ),
    )
    expect(codes).toEqual([])
    expect(values).toHaveLength(20)
    await expectExactlyOneVerifies(test, token.id, [credentials, ...values.map((v) => v.credentials)])
  })

  it('lets exactly one of two concurrent legacy enables succeed; the other is told legacy is already enabled', async () => {
    const { test, account } = await setup()
    const [first, second] = (await startInstances(test, 2)) as [TestInstance, TestInstance]
    const { values, codes } = await outcomes([
      first.call<LegacyTokensView>('legacy.enable', account.admin),
      second.call<LegacyTokensView>('legacy.enable', account.admin),
    ])
    expect(values).toHaveLength(1)
    expect(codes).toEqual(['LegacyAlreadyEnabled'])
    const db = await test.database()
    const legacyRows = await db
      .selectFrom('tokens')
      .select('kind')
      .where('account_id', '=', account.accountId)
      .where('kind', '!=', 'scoped')
      .execute()
    expect(legacyRows.map((row) => row.kind).sort()).toEqual(['legacy_read_only', 'legacy_read_write'])
    expect(await auditedTimes(test, 'legacy.enable', { accountId: account.accountId })).toBe(1)
  })

  it('leaves a token deleted and no credential of it verifying when a reset races its delete', async () => {
    const { test, account } = await setup()
    const [resetter, deleter] = (await startInstances(test, 2)) as [TestInstance, TestInstance]
    const verify = await freshVerifier(test)
    for (let round = 0; round < 4; round++) {
      const { token, credentials } = await createTestToken(test.core, account, { name: `Race ${round}` })
      const [reset, removed] = await Promise.allSettled([
        resetter.call<TokenWithCredentials>('tokens.reset', account.admin, token.id),
        deleter.call('tokens.remove', account.admin, token.id),
      ])
      expect(removed.status).toBe('fulfilled')
      if (reset.status === 'rejected') expect(reset.reason).toMatchObject({ code: 'TokenNotFound' })
      expect(await verify(credentials)).toBeNull()
      if (reset.status === 'fulfilled') expect(await verify(reset.value.credentials)).toBeNull()
      await expect(test.core.tokens.get(account.admin, token.id)).rejects.toMatchObject({
        code: 'TokenNotFound',
      })
    }
  })

  it('lets exactly one of parallel upgrades to the latest version succeed, audited once', async () => {
    const { test, account } = await setup()
    const { token } = await createTestToken(test.core, account, { apiVersion: 'v1' })
    const servers = await startInstances(test, 2)
    const { values, codes } = await outcomes(
      Array.from({ length: 6 }, (_, i) =>
        (servers[i % servers.length] as TestInstance).call('tokens.upgrade', account.admin, token.id, {}),
      ),
    )
    expect(values).toHaveLength(1)
    expect(codes).toEqual(Array.from({ length: 5 }, () => 'ApiVersionNotNewer'))
    expect(await auditedTimes(test, 'token.upgrade', { tokenId: token.id })).toBe(1)
  })

  it('never loses an upgrade to an edit that ran at the same time', async () => {
    const { test, account } = await setup()
    const [editor, upgrader] = (await startInstances(test, 2)) as [TestInstance, TestInstance]
    for (let round = 0; round < 4; round++) {
      const { token } = await createTestToken(test.core, account, { apiVersion: 'v1', name: `Edit ${round}` })
      await Promise.all([
        editor.call('tokens.update', account.admin, token.id, { description: `edited ${round}` }),
        upgrader.call('tokens.upgrade', account.admin, token.id, {}),
      ])
      expect(await test.core.tokens.get(account.admin, token.id)).toMatchObject({
        apiVersion: 'v3',
        description: `edited ${round}`,
      })
    }
  })
})
