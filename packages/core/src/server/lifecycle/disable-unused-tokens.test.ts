import { randomBytes } from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'
import type { Credentials } from '../../tokens/token-schemas.js'
import type { TokenConsoleCore } from '../core-contract.js'
import { createKeyring } from '../crypto/keyring.js'
import { singleInstanceChangeFeed } from '../verification/token-change-feed.js'
import { VerificationCache } from '../verification/verification-cache.js'
import {
  createTestToken,
  openTestCoresClosedAfterEach,
  provisionTestAccount,
  type TestAccount,
  type TestCore,
  verifyCredentials,
} from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import {
  DISABLE_UNUSED_TOKENS_INTERVAL_MS,
  DISABLE_UNUSED_TOKENS_JOB,
  disableUnusedTokensJob,
  type TokenDisabledUnused,
} from './disable-unused-tokens-job.js'

const DAY_MS = 86_400_000
const openCore = openTestCoresClosedAfterEach()

/** Uses the token now (as the platform API does) and waits until its last use is stored. */
async function use(test: TestCore, account: TestAccount, credentials: Credentials, tokenId: string) {
  const verified = await verifyCredentials(test.core, credentials)
  if (!verified) throw new Error('the token should verify')
  test.core.verification.recordUse(verified.tokenId)
  const at = test.clock.now().toISOString()
  await vi.waitFor(async () =>
    expect((await test.core.tokens.get(account.admin, tokenId)).lastUsedAt).toBe(at),
  )
}

/**
 * An account whose tokens were created a second apart at day 0, then used, disabled or enabled
 * over the following days; the clock ends at day 90. Another account has an unused token too.
 */
async function setup() {
  const test = await openCore({ verificationCacheTtlMs: 60_000, lastUsedFlushIntervalMs: 5 })
  const { core, clock } = test
  const account = await provisionTestAccount(core, 'brand')
  const other = await provisionTestAccount(core, 'brand')
  const day0 = clock.now().getTime()
  const create = async (name: string, extra: { expiresAt?: string } = {}) => {
    clock.advance(1_000)
    return createTestToken(core, account, { name, ...extra })
  }
  const neverUsed = await create('Never used')
  const longUnused = await create('Long unused')
  const recentlyUsed = await create('Recently used')
  const alreadyDisabled = await create('Already disabled')
  const expired = await create('Expired', { expiresAt: new Date(day0 + 40 * DAY_MS).toISOString() })
  const reEnabled = await create('Enabled again')
  const foreign = await createTestToken(core, other, { name: 'Another account' })
  await core.legacy.enable(account.admin)
  await core.tokens.disable(account.admin, alreadyDisabled.token.id)

  clock.set(new Date(day0 + 10 * DAY_MS))
  await use(test, account, longUnused.credentials, longUnused.token.id)
  clock.set(new Date(day0 + 55 * DAY_MS))
  await use(test, account, recentlyUsed.credentials, recentlyUsed.token.id)
  clock.set(new Date(day0 + 70 * DAY_MS))
  await core.tokens.disable(account.admin, reEnabled.token.id)
  await core.tokens.enable(account.impl, reEnabled.token.id)
  clock.set(new Date(day0 + 90 * DAY_MS))
  return {
    test,
    core,
    account,
    other,
    day0,
    tokens: { neverUsed, longUnused, recentlyUsed, alreadyDisabled, expired, reEnabled },
    foreign,
  }
}

async function statesOf(core: TokenConsoleCore, account: TestAccount) {
  const { items } = await core.tokens.list(account.admin, { limit: 100 })
  return Object.fromEntries(items.map((token) => [token.name, token.state]))
}

describe('the unused-token policy', () => {
  it('previews the enabled tokens unused for the days asked or saved, oldest use first, within the account', async () => {
    const { core, account, other, day0, tokens } = await setup()
    expect(await core.policies.previewUnused(account.impl, {})).toEqual({ days: null, total: 0, items: [] })

    const preview = await core.policies.previewUnused(account.impl, { days: 60 })
    expect(preview).toEqual({
      days: 60,
      total: 2,
      items: [
        {
          id: tokens.neverUsed.token.id,
          name: 'Never used',
          lastUsedAt: null,
          createdAt: tokens.neverUsed.token.createdAt,
        },
        {
          id: tokens.longUnused.token.id,
          name: 'Long unused',
          lastUsedAt: new Date(day0 + 10 * DAY_MS).toISOString(),
          createdAt: tokens.longUnused.token.createdAt,
        },
      ],
    })
    const thirty = await core.policies.previewUnused(account.impl, { days: 30 })
    expect(thirty.items.map((item) => item.name)).toEqual(['Never used', 'Long unused', 'Recently used'])

    await core.policies.update(account.admin, { disableUnusedAfterDays: 60 })
    expect(await core.policies.previewUnused(account.admin, {})).toEqual(preview)
    expect(
      (await core.policies.previewUnused(other.admin, { days: 30 })).items.map((item) => item.name),
    ).toEqual(['Another account'])
  })

  it.each([
    { case: 'fewer than 30 days', days: 29 },
    { case: 'more than 365 days', days: 366 },
    { case: 'a fraction of a day', days: 45.5 },
  ])('refuses $case in the policy and in the preview with ValidationFailed', async ({ days }) => {
    const test = await openCore()
    const account = await provisionTestAccount(test.core, 'partner')
    await expect(
      test.core.policies.update(account.admin, { disableUnusedAfterDays: days }),
    ).rejects.toMatchObject({
      code: 'ValidationFailed',
    })
    await expect(test.core.policies.previewUnused(account.admin, { days })).rejects.toMatchObject({
      code: 'ValidationFailed',
    })
  })

  it('shows the preview to token managers only', async () => {
    const test = await openCore()
    const account = await provisionTestAccount(test.core, 'agency')
    await expect(test.core.policies.previewUnused(account.analyst, {})).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
  })

  it("disables exactly the preview's tokens, at once for verification, audited as the system's, and nothing else", async () => {
    const { test, core, account, other, day0, tokens, foreign } = await setup()
    await core.policies.update(account.admin, { disableUnusedAfterDays: 60 })
    const preview = await core.policies.previewUnused(account.admin, {})
    const sibling =
      test.dialect === 'postgres' ? await test.openSibling({ verificationCacheTtlMs: 60_000 }) : undefined
    expect(await verifyCredentials(core, tokens.neverUsed.credentials)).not.toBeNull()
    if (sibling) expect(await verifyCredentials(sibling.core, tokens.neverUsed.credentials)).not.toBeNull()
    const before = await statesOf(core, account)

    expect(await core.jobs.runDue()).toContain(DISABLE_UNUSED_TOKENS_JOB)

    const after = await statesOf(core, account)
    const disabledNow = Object.keys(after).filter((name) => after[name] !== before[name])
    expect(disabledNow.sort()).toEqual(preview.items.map((item) => item.name).sort())
    expect(disabledNow.every((name) => after[name] === 'disabled')).toBe(true)
    expect(after['Recently used']).toBe('enabled')
    expect(after['Enabled again']).toBe('enabled')
    expect(await statesOf(core, other)).toEqual({ 'Another account': 'enabled' })
    expect((await core.legacy.get(account.admin)).enabled).toBe(true)
    expect(await verifyCredentials(core, tokens.neverUsed.credentials)).toBeNull()
    expect(await verifyCredentials(core, tokens.longUnused.credentials)).toBeNull()
    expect(await verifyCredentials(core, tokens.recentlyUsed.credentials)).not.toBeNull()
    expect(await verifyCredentials(core, foreign.credentials)).not.toBeNull()
    if (sibling) {
      await vi.waitFor(
        async () => expect(await verifyCredentials(sibling.core, tokens.neverUsed.credentials)).toBeNull(),
        {
          timeout: 2_000,
        },
      )
    }

    const disables = (await core.audit.list(account.admin, {})).items.filter(
      (event) => event.action === 'token.disable' && event.actor.type === 'system',
    )
    expect(disables.map(({ tokenId, actor, ip, details }) => ({ tokenId, actor, ip, details }))).toEqual(
      expect.arrayContaining([
        {
          tokenId: tokens.neverUsed.token.id,
          actor: { type: 'system' },
          ip: null,
          details: { name: 'Never used', reason: 'unused', unusedDays: 60, lastUsedAt: null },
        },
        {
          tokenId: tokens.longUnused.token.id,
          actor: { type: 'system' },
          ip: null,
          details: {
            name: 'Long unused',
            reason: 'unused',
            unusedDays: 60,
            lastUsedAt: new Date(day0 + 10 * DAY_MS).toISOString(),
          },
        },
      ]),
    )
    expect(disables).toHaveLength(2)
    expect(await core.policies.previewUnused(account.admin, {})).toMatchObject({ total: 0, items: [] })

    // Next period: the kept tokens are still within their days; nothing more happens.
    test.clock.advance(DISABLE_UNUSED_TOKENS_INTERVAL_MS)
    expect(await core.jobs.runDue()).toContain(DISABLE_UNUSED_TOKENS_JOB)
    expect(await statesOf(core, account)).toEqual(after)
  })

  it('keeps a token a manager renewed within the days, as one enabled again: its expired days were no disuse', async () => {
    const { test, core, account, tokens } = await setup()
    await core.policies.update(account.admin, { disableUnusedAfterDays: 60 })
    // Expired at day 40, never used; renewed at day 90 so that its integration can call again.
    await core.lifecycle.renew(account.admin, tokens.expired.token.id, {
      expiresAt: new Date(test.clock.now().getTime() + 120 * DAY_MS).toISOString(),
    })
    const preview = await core.policies.previewUnused(account.admin, {})
    expect(preview.items.map((item) => item.name)).not.toContain('Expired')

    expect(await core.jobs.runDue()).toContain(DISABLE_UNUSED_TOKENS_JOB)
    expect((await statesOf(core, account))['Expired']).toBe('enabled')
    expect(await verifyCredentials(core, tokens.expired.credentials)).not.toBeNull()

    // Still unused the policy's days after its renewal: disabled then.
    test.clock.advance(61 * DAY_MS)
    expect(await core.jobs.runDue()).toContain(DISABLE_UNUSED_TOKENS_JOB)
    expect((await statesOf(core, account))['Expired']).toBe('disabled')
  })

  it('leaves every token alone while the policy is off', async () => {
    const { core, account } = await setup()
    const before = await statesOf(core, account)
    expect(await core.jobs.runDue()).toContain(DISABLE_UNUSED_TOKENS_JOB)
    expect(await statesOf(core, account)).toEqual(before)
  })

  it.runIf(testDialect() === 'postgres')(
    'runs on one of two instances per period, each token disabled and audited once',
    async () => {
      const { test, core, account } = await setup()
      await core.policies.update(account.admin, { disableUnusedAfterDays: 60 })
      const sibling = await test.openSibling()
      const ran = await Promise.all([core.jobs.runDue(), sibling.core.jobs.runDue()])
      expect(ran.flat().filter((job) => job === DISABLE_UNUSED_TOKENS_JOB)).toHaveLength(1)
      const disables = (await core.audit.list(account.admin, {})).items.filter(
        (event) => event.action === 'token.disable' && event.actor.type === 'system',
      )
      expect(disables).toHaveLength(2)
      test.clock.advance(DISABLE_UNUSED_TOKENS_INTERVAL_MS)
      const next = (await Promise.all([core.jobs.runDue(), sibling.core.jobs.runDue()])).flat()
      expect(next.filter((job) => job === DISABLE_UNUSED_TOKENS_JOB)).toHaveLength(1)
    },
  )

  it.runIf(testDialect() === 'postgres')(
    'keeps a token renewed while the run waits for its row, judged after the renewal commits',
    async () => {
      const { test, core, account, tokens } = await setup()
      await core.policies.update(account.admin, { disableUnusedAfterDays: 60 })
      const db = await test.database()
      let release = () => {}
      const released = new Promise<void>((resolve) => (release = resolve))
      let locked = () => {}
      const holding = new Promise<void>((resolve) => (locked = resolve))
      // Another transaction holds the row: the renewal queues for it, then the run does.
      const holder = db.transaction().execute(async (trx) => {
        await trx
          .selectFrom('tokens')
          .select('id')
          .where('id', '=', tokens.longUnused.token.id)
          .forUpdate()
          .execute()
        locked()
        await released
      })
      await holding
      const renewal = core.lifecycle.renew(account.admin, tokens.longUnused.token.id, {
        expiresAt: new Date(test.clock.now().getTime() + 30 * DAY_MS).toISOString(),
      })
      await new Promise((resolve) => setTimeout(resolve, 300))
      const run = core.jobs.runDue()
      await new Promise((resolve) => setTimeout(resolve, 300))
      release()
      await holder
      await renewal
      expect(await run).toContain(DISABLE_UNUSED_TOKENS_JOB)
      expect((await statesOf(core, account))['Long unused']).toBe('enabled')
      expect((await statesOf(core, account))['Never used']).toBe('disabled')
    },
  )

  it('stops disabling once a manager turned the policy off during the run', async () => {
    const { test, account } = await setup()
    await test.core.policies.update(account.admin, { disableUnusedAfterDays: 60 })
    const told: TokenDisabledUnused[] = []
    await disableUnusedTokensJob({
      db: await test.database(),
      dialect: test.dialect,
      keyring: createKeyring(randomBytes(32)),
      now: test.clock.now,
      verificationCache: new VerificationCache(10, 0, Date.now, { online: true }),
      changeFeed: singleInstanceChangeFeed,
      // The manager's save commits right after the run's first disable (two candidates: never used,
      // long unused). It goes through the disable's transaction: one writer at a time on SQLite.
      onTokenDisabledUnused: async (trx, event) => {
        told.push(event)
        await trx
          .updateTable('account_policies')
          .set({ disable_unused_after_days: null })
          .where('account_id', '=', account.accountId)
          .execute()
      },
    }).run()
    expect(told).toHaveLength(1)
    const states = await statesOf(test.core, account)
    expect([states['Never used'], states['Long unused']].sort()).toEqual(['disabled', 'enabled'])
  })

  it("hands each disable to the notifications port inside the disable's transaction", async () => {
    const { test, account, tokens } = await setup()
    await test.core.policies.update(account.admin, { disableUnusedAfterDays: 60 })
    const db = await test.database()
    const deps = {
      db,
      dialect: test.dialect,
      keyring: createKeyring(randomBytes(32)),
      now: test.clock.now,
      verificationCache: new VerificationCache(10, 0, Date.now, { online: true }),
      changeFeed: singleInstanceChangeFeed,
    }
    const refusing = disableUnusedTokensJob({
      ...deps,
      onTokenDisabledUnused: async () => {
        throw new Error('outbox unavailable')
      },
    })
    await refusing.run()
    expect((await statesOf(test.core, account))['Never used']).toBe('enabled')

    const told: TokenDisabledUnused[] = []
    await disableUnusedTokensJob({
      ...deps,
      onTokenDisabledUnused: async (trx, event) => {
        // Inside the transaction: the disable is visible to it before it commits.
        const row = await trx
          .selectFrom('tokens')
          .select('state')
          .where('id', '=', event.tokenId)
          .executeTakeFirst()
        expect(row?.state).toBe('disabled')
        told.push(event)
      },
    }).run()
    expect(told.map((event) => event.tokenId).sort()).toEqual(
      [tokens.neverUsed.token.id, tokens.longUnused.token.id].sort(),
    )
    expect(told.find((event) => event.tokenId === tokens.neverUsed.token.id)).toEqual({
      accountId: account.accountId,
      tokenId: tokens.neverUsed.token.id,
      name: 'Never used',
      lastUsedAt: null,
      createdAt: tokens.neverUsed.token.createdAt,
      unusedDays: 60,
      disabledAt: test.clock.now().toISOString(),
    })
  })

  it('close() lets a run asked for finish before the database closes', async () => {
    const { test, core, account } = await setup()
    await core.policies.update(account.admin, { disableUnusedAfterDays: 60 })
    const run = core.jobs.runDue()
    await core.close()
    expect(await run).toContain(DISABLE_UNUSED_TOKENS_JOB)
    expect(await core.jobs.runDue()).toEqual([])
    const db = await test.database()
    const states = await db
      .selectFrom('tokens')
      .select(['name', 'state'])
      .where('account_id', '=', account.accountId)
      .where('kind', '=', 'scoped')
      .execute()
    expect(Object.fromEntries(states.map((row) => [row.name, row.state]))).toMatchObject({
      'Never used': 'disabled',
      'Long unused': 'disabled',
    })
  })
})
