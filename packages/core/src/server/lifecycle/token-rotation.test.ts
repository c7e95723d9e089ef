import { describe, expect, it } from 'vitest'
import type { Credentials } from '../../tokens/token-schemas.js'
import type { TokenConsoleCore } from '../core-contract.js'
import {
  SETTLE_ENDED_ROTATIONS_INTERVAL_MS,
  SETTLE_ENDED_ROTATIONS_JOB,
} from './settle-ended-rotations-job.js'
import {
  createTestToken,
  provisionTestAccount,
  type TestCore,
  verifyCredentials,
} from '../test-support/open-test-core.js'
import { openLongCacheAccountsClosedAfterEach } from '../test-support/long-cache-accounts.js'

const HOUR_MS = 3_600_000
const openAccount = openLongCacheAccountsClosedAfterEach()

/** A long cache TTL: a refusal below comes from the rotation end compared per request or from an eviction, never from the TTL. */
async function setup(options: { lastUsedFlushIntervalMs?: number } = {}) {
  const { account, ...test } = await openAccount(options)
  const created = await createTestToken(test.core, account)
  return { ...test, account, token: created.token, old: created.credentials }
}

/** Verifies like the platform API does: a success records a use of the secret that matched. */
async function use(core: TokenConsoleCore, credentials: Credentials) {
  const verified = await verifyCredentials(core, credentials)
  if (verified) core.verification.recordUse(verified.tokenId, verified.rotationSecret)
  return verified
}

async function completions(
  test: TestCore & { account: { admin: Parameters<TokenConsoleCore['audit']['list']>[0] } },
) {
  const { items } = await test.core.audit.list(test.account.admin, {})
  return items
    .filter((event) => event.action === 'token.rotation_completed')
    .map((event) => event.details['how'])
}

/** The row keeps no trace of a rotation: no start, no previous secret's digest. */
async function expectNoRotationStored(test: Awaited<ReturnType<typeof setup>>) {
  const db = await test.database()
  const row = await db
    .selectFrom('tokens')
    .select(['rotation_started_at', 'rotation_old_digest'])
    .where('id', '=', test.token.id)
    .executeTakeFirstOrThrow()
  expect(row).toEqual({ rotation_started_at: null, rotation_old_digest: null })
}

describe('rotating a token with an overlap', () => {
  it('issues a new auth token while the old one keeps verifying, tells which one matched, and shows the rotation', async () => {
    const test = await setup()
    const startedAt = test.clock.now().toISOString()
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {
      overlapSeconds: 7_200,
    })
    expect(rotated.credentials.accountSid).toBe(test.old.accountSid)
    expect(rotated.credentials.authToken).not.toBe(test.old.authToken)
    expect(rotated.token.rotation).toEqual({
      startedAt,
      endsAt: new Date(Date.parse(startedAt) + 2 * HOUR_MS).toISOString(),
      confirmByTraffic: null,
      oldLastUsedAt: null,
      newLastUsedAt: null,
    })
    expect((await verifyCredentials(test.core, test.old))?.rotationSecret).toBe('old')
    expect((await verifyCredentials(test.core, rotated.credentials))?.rotationSecret).toBe('new')
    const { items } = await test.core.audit.list(test.account.admin, {})
    expect(items.find((event) => event.action === 'token.rotation_started')).toMatchObject({
      actor: { type: 'user', userId: test.account.adminUserId },
      details: { overlapSeconds: 7_200, quietSeconds: null },
    })
  })

  it('refuses the old auth token from the end of the overlap on, even from the cache, and cleans up afterwards', async () => {
    const test = await setup()
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {
      overlapSeconds: 3_600,
    })
    expect(await verifyCredentials(test.core, test.old)).not.toBeNull()
    test.clock.advance(HOUR_MS - 1)
    expect(await verifyCredentials(test.core, test.old)).not.toBeNull()
    test.clock.advance(1)
    expect(await verifyCredentials(test.core, test.old)).toBeNull()
    expect(await verifyCredentials(test.core, rotated.credentials)).not.toBeNull()
    expect((await test.core.tokens.get(test.account.admin, test.token.id)).rotation).toBeNull()
    await expect.poll(() => completions(test)).toEqual(['time'])
    await expectNoRotationStored(test)
  })

  it('retires the old auth token at once when asked, and then says no rotation is in progress', async () => {
    const test = await setup()
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    expect(rotated.token.rotation?.endsAt).toBe(
      new Date(test.clock.now().getTime() + 24 * HOUR_MS).toISOString(),
    )
    expect(await verifyCredentials(test.core, test.old)).not.toBeNull()
    const completed = await test.core.lifecycle.completeRotation(test.account.impl, test.token.id)
    expect(completed.rotation).toBeNull()
    expect(await verifyCredentials(test.core, test.old)).toBeNull()
    expect(await verifyCredentials(test.core, rotated.credentials)).not.toBeNull()
    expect(await completions(test)).toEqual(['retired'])
    await expect(
      test.core.lifecycle.completeRotation(test.account.admin, test.token.id),
    ).rejects.toMatchObject({
      code: 'NoRotationInProgress',
    })
  })

  it('ends the rotation on a reset: neither previous auth token verifies, only the reset one', async () => {
    const test = await setup()
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    const reset = await test.core.tokens.reset(test.account.admin, test.token.id)
    expect(reset.token.rotation).toBeNull()
    expect(await verifyCredentials(test.core, test.old)).toBeNull()
    expect(await verifyCredentials(test.core, rotated.credentials)).toBeNull()
    expect(await verifyCredentials(test.core, reset.credentials)).not.toBeNull()
    expect(await completions(test)).toEqual(['reset'])
  })

  it('ends the rotation when the token is deleted, and tells those told of its start (no rotation left open for a webhook)', async () => {
    const test = await setup()
    await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    await test.core.tokens.remove(test.account.admin, test.token.id)
    expect(await completions(test)).toEqual(['deleted'])
    const db = await test.database()
    const events = await db
      .selectFrom('notification_events')
      .select(['type', 'data'])
      .where('token_id', '=', test.token.id)
      .orderBy('created_at')
      .execute()
    expect(events.map((event) => event.type)).toEqual(['token.rotation_started', 'token.rotation_completed'])
    expect(JSON.parse(events[1]?.data ?? '{}')).toMatchObject({ how: 'deleted' })
  })

  it('refuses a second rotation while one is in progress with RotationInProgress, and allows one after the first ended', async () => {
    const test = await setup()
    await test.core.lifecycle.rotate(test.account.admin, test.token.id, { overlapSeconds: 3_600 })
    await expect(test.core.lifecycle.rotate(test.account.admin, test.token.id, {})).rejects.toMatchObject({
      code: 'RotationInProgress',
    })
    test.clock.advance(HOUR_MS)
    const again = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    expect(again.token.rotation).not.toBeNull()
    expect(await verifyCredentials(test.core, test.old)).toBeNull()
    expect(await completions(test)).toEqual(['time'])
  })

  it.each([
    { case: 'an overlap under an hour', input: { overlapSeconds: 3_599 } },
    { case: 'an overlap over seven days', input: { overlapSeconds: 7 * 86_400 + 1 } },
    { case: 'a quiet period under a minute', input: { confirmByTraffic: { quietSeconds: 59 } } },
    { case: 'a quiet period without its number', input: { confirmByTraffic: {} } },
    { case: 'an unknown field', input: { keepOld: true } },
  ])('refuses $case with ValidationFailed and keeps the current auth token', async ({ input }) => {
    const test = await setup()
    await expect(
      test.core.lifecycle.rotate(test.account.admin, test.token.id, input as never),
    ).rejects.toMatchObject({
      code: 'ValidationFailed',
    })
    expect((await verifyCredentials(test.core, test.old))?.rotationSecret).toBeUndefined()
  })

  it('refuses an Analyst and another account the rotation and its completion', async () => {
    const test = await setup()
    const other = await provisionTestAccount(test.core, 'brand')
    await expect(test.core.lifecycle.rotate(test.account.analyst, test.token.id, {})).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
    await expect(test.core.lifecycle.rotate(other.admin, test.token.id, {})).rejects.toMatchObject({
      code: 'TokenNotFound',
    })
    await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    await expect(
      test.core.lifecycle.completeRotation(test.account.analyst, test.token.id),
    ).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
    await expect(test.core.lifecycle.completeRotation(other.admin, test.token.id)).rejects.toMatchObject({
      code: 'TokenNotFound',
    })
    expect(await verifyCredentials(test.core, test.old)).not.toBeNull()
  })
})

/**
 * A rotation of a day's overlap that ends once the old auth token has gone unused for
 * `quietSeconds`, with uses written at once; `view` reads the token as it is now.
 */
async function rotatedConfirmedByTraffic(quietSeconds: number) {
  const test = await setup({ lastUsedFlushIntervalMs: 10 })
  const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {
    overlapSeconds: 86_400,
    confirmByTraffic: { quietSeconds },
  })
  const view = () => test.core.tokens.get(test.account.admin, test.token.id)
  return { test, rotated, view }
}

describe('rotation confirmed by traffic', () => {
  it('ends once the new auth token was used and the old one then went unused for the quiet period', async () => {
    const { test, rotated, view } = await rotatedConfirmedByTraffic(1_800)
    test.clock.advance(60_000)
    expect(await use(test.core, test.old)).not.toBeNull()
    const oldUsedAt = test.clock.now().toISOString()
    test.clock.advance(60_000)
    expect(await use(test.core, rotated.credentials)).not.toBeNull()
    const newUsedAt = test.clock.now().toISOString()
    await expect.poll(async () => (await view()).rotation?.newLastUsedAt).toBe(newUsedAt)
    expect((await view()).rotation).toMatchObject({
      confirmByTraffic: { quietSeconds: 1_800 },
      oldLastUsedAt: oldUsedAt,
    })
    // The old auth token's last use at +1 min starts the quiet period: it ends at +31 min.
    test.clock.set(new Date(Date.parse(oldUsedAt) + 1_800_000 - 1))
    expect(await verifyCredentials(test.core, test.old), 'still within the quiet period').not.toBeNull()
    test.clock.set(new Date(Date.parse(oldUsedAt) + 1_800_000))
    expect(await verifyCredentials(test.core, test.old)).toBeNull()
    expect(await verifyCredentials(test.core, rotated.credentials)).not.toBeNull()
    expect((await view()).rotation).toBeNull()
    // Recorded once every instance has stored the uses it saw (three flush intervals, 30 ms here).
    test.clock.advance(1_000)
    await test.core.jobs.runDue()
    await expect.poll(() => completions(test)).toEqual(['traffic'])
  })

  it('keeps the old auth token while it is still being used, and until the new one has been used at all', async () => {
    const { test, rotated, view } = await rotatedConfirmedByTraffic(600)
    test.clock.advance(HOUR_MS)
    expect(await use(test.core, test.old), 'the new one was never used').not.toBeNull()
    await expect.poll(async () => (await view()).rotation?.oldLastUsedAt).toBe(test.clock.now().toISOString())
    expect(await use(test.core, rotated.credentials)).not.toBeNull()
    await expect.poll(async () => (await view()).rotation?.newLastUsedAt).toBe(test.clock.now().toISOString())
    test.clock.advance(599_000)
    expect(await use(test.core, test.old), 'used again within the quiet period').not.toBeNull()
    await expect.poll(async () => (await view()).rotation?.oldLastUsedAt).toBe(test.clock.now().toISOString())
    test.clock.advance(599_000)
    expect(
      await verifyCredentials(test.core, test.old),
      'the quiet period restarted with that use',
    ).not.toBeNull()
    test.clock.advance(1_000)
    expect(await verifyCredentials(test.core, test.old)).toBeNull()
  })
})

describe('rotation confirmed by traffic, with uses not yet stored', () => {
  /**
   * A rotation confirmed by traffic (quiet period 60 s) whose new auth token's use is stored; the
   * cores keep later uses in memory (a long flush interval) until they close.
   */
  async function rotatedWithNewSecretStored() {
    const test = await setup()
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {
      overlapSeconds: 86_400,
      confirmByTraffic: { quietSeconds: 60 },
    })
    const caller = await test.openSibling({ lastUsedFlushIntervalMs: 60_000 })
    expect(await use(caller.core, rotated.credentials)).not.toBeNull()
    await caller.core.close()
    return test
  }

  it('keeps the old auth token when its last use, held by this instance, restarted the quiet period', async () => {
    const test = await rotatedWithNewSecretStored()
    test.clock.advance(59_500)
    expect(await use(test.core, test.old)).not.toBeNull()
    test.clock.advance(600)
    expect(await use(test.core, test.old), 'used 0.6 s ago, not yet written').not.toBeNull()
    expect(await completions(test)).toEqual([])
  })

  it('does not clean up a rotation ended by traffic while another instance may still hold an old-secret use: the stored use reopens it', async () => {
    const test = await rotatedWithNewSecretStored()
    const other = await test.openSibling({ lastUsedFlushIntervalMs: 60_000 })
    test.clock.advance(59_500)
    expect(await use(other.core, test.old)).not.toBeNull()
    test.clock.advance(600)
    // This instance has not heard of that use: it refuses the old secret (up to a flush interval early) and runs the cleanup.
    expect(await verifyCredentials(test.core, test.old)).toBeNull()
    await test.core.jobs.runDue()
    await other.core.close()
    expect(
      await verifyCredentials(test.core, test.old),
      'the quiet period restarted at +59.5 s',
    ).not.toBeNull()
    expect(await completions(test)).toEqual([])
  })
})

describe('a rotation that ends while nobody calls', () => {
  it('is settled by the recurring job: the old secret cleared, the completion audited once', async () => {
    const test = await setup()
    await test.core.lifecycle.rotate(test.account.admin, test.token.id, { overlapSeconds: 3_600 })
    test.clock.advance(HOUR_MS - 30_000)
    await test.core.jobs.runDue()
    expect(await completions(test)).toEqual([])

    // The job's next period: the overlap ended 30 seconds before it.
    test.clock.advance(SETTLE_ENDED_ROTATIONS_INTERVAL_MS)
    expect(await test.core.jobs.runDue()).toContain(SETTLE_ENDED_ROTATIONS_JOB)
    expect(await completions(test)).toEqual(['time'])
    await expectNoRotationStored(test)

    test.clock.advance(HOUR_MS)
    await test.core.jobs.runDue()
    expect(await completions(test)).toEqual(['time'])
  })
})
