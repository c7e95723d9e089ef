import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { isWellFormedAccountSid } from '../../credentials/credential-format.js'
import type { CoreLogger, TokenConsoleCore } from '../core-contract.js'
import {
  createTestToken,
  openTestCoresClosedAfterEach,
  provisionTestAccount,
  type TestCore,
} from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import { LISTENER_APPLICATION_NAME, TOKEN_CHANGES_CHANNEL } from './token-change-feed.js'

const PROPAGATION_BOUND_MS = 1_000
/** Long enough that only a notification, never the TTL, can explain what another instance sees. */
const LONG_TTL_MS = 60_000

const openCore = openTestCoresClosedAfterEach()

function recordingLogger() {
  const events: string[] = []
  const logger: CoreLogger = { log: (_level, event) => void events.push(event) }
  return { events, logger }
}

async function twoInstances() {
  const a = await openCore({ verificationCacheTtlMs: LONG_TTL_MS })
  const { events, logger } = recordingLogger()
  const b = await a.openSibling({ verificationCacheTtlMs: LONG_TTL_MS, logger })
  const account = await provisionTestAccount(a.core, 'brand')
  return { a, b, account, bEvents: events }
}

type Credentials = { accountSid: string; authToken: string }
const verify = (core: TokenConsoleCore, credentials: Credentials) =>
  core.verification.verify(credentials.accountSid, credentials.authToken)

/**
 * Verifies the old credential on `core` from several concurrent loops until it is refused, and
 * checks that once a refusal was seen no verification that started later accepted it again.
 */
async function timeUntilRefused(core: TokenConsoleCore, credentials: Credentials, since: number) {
  const results: { started: number; ended: number; valid: boolean }[] = []
  let refusedAt: number | undefined
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (refusedAt === undefined || performance.now() - refusedAt < 50) {
        if (performance.now() - since > 5_000) return
        // Like requests, each verification starts from the event loop (a cache hit alone never yields to I/O).
        await new Promise((resolve) => setImmediate(resolve))
        const started = performance.now()
        const valid = (await verify(core, credentials)) !== null
        const ended = performance.now()
        results.push({ started, ended, valid })
        if (!valid) refusedAt ??= ended
      }
    }),
  )
  expect(refusedAt, 'the old credential was never refused').toBeDefined()
  const firstRefusal = refusedAt as number
  expect(results.filter((r) => r.valid && r.started > firstRefusal)).toEqual([])
  return firstRefusal - since
}

/**
 * Creates a token on A and waits until B has heard A announce its SID (a creation is announced, as
 * B may remember the SID as unknown): an announcement arriving later would evict what B caches next.
 */
async function createTokenHeardBy(b: TestCore, ...args: Parameters<typeof createTestToken>) {
  const heardBefore = b.core.operations.stats().changeFeed?.received ?? 0
  const created = await createTestToken(...args)
  await expect
    .poll(() => b.core.operations.stats().changeFeed?.received ?? 0, { timeout: PROPAGATION_BOUND_MS })
    .toBeGreaterThan(heardBefore)
  return created
}

/** Makes the stored digest unmatchable behind the services' back (no notification): a cached entry keeps answering. */
async function corruptDigestSilently(test: TestCore, tokenId: string) {
  const db = await test.database()
  await db
    .updateTable('tokens')
    .set({ secret_digest: 'A'.repeat(43) })
    .where('id', '=', tokenId)
    .execute()
}

describe.runIf(testDialect() === 'postgres')('several instances on one PostgreSQL database', () => {
  it('stops the old credential on the other instance within a second of a reset, disable or delete, and on this one at once', async () => {
    const { a, b, account } = await twoInstances()
    const measured: Record<string, number> = {}
    for (const change of ['reset', 'disable', 'remove'] as const) {
      const { token, credentials } = await createTokenHeardBy(b, a.core, account, {
        name: `Propagation ${change}`,
      })
      expect(await verify(b.core, credentials)).not.toBeNull()
      await corruptDigestSilently(a, token.id)
      // B answers from its cache: a refusal below can only come from the notification.
      expect(await verify(b.core, credentials), 'B serves the credential from its cache').not.toBeNull()
      const result = await a.core.tokens[change](account.admin, token.id)
      const committed = performance.now()
      expect(await verify(a.core, credentials)).toBeNull()
      measured[change] = await timeUntilRefused(b.core, credentials, committed)
      expect(measured[change]).toBeLessThan(PROPAGATION_BOUND_MS)
      if (change === 'reset' && result && 'credentials' in result) {
        expect(await verify(b.core, result.credentials)).not.toBeNull()
      }
    }
    // B measured how late A's announcements arrived (the same host: no clock difference).
    const delivery = b.core.operations.stats().changeFeed
    expect(delivery?.received).toBeGreaterThanOrEqual(3)
    expect(delivery?.lastLagSeconds).toBeGreaterThanOrEqual(0)
    expect(delivery?.lastLagSeconds).toBeLessThan(PROPAGATION_BOUND_MS / 1_000)
    expect(delivery?.lagSecondsTotal).toBeLessThan(((delivery?.received ?? 0) * PROPAGATION_BOUND_MS) / 1_000)
    console.info(
      `[multi-instance] old credential refused by instance B after: ${Object.entries(measured)
        .map(([change, ms]) => `${change} ${ms.toFixed(1)} ms`)
        .join(', ')} (bound ${PROPAGATION_BOUND_MS} ms; instance A refuses at once)`,
    )
  })

  it('flushes its cache when its listener reconnects, so a change missed meanwhile is not served', async () => {
    const { a, b, account, bEvents } = await twoInstances()
    const { token, credentials } = await createTestToken(a.core, account)
    expect(await verify(b.core, credentials)).not.toBeNull()
    const db = await a.database()
    await sql`select pg_terminate_backend(pid) from pg_stat_activity
      where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(db)
    const reset = await a.core.tokens.reset(account.admin, token.id)
    const committed = performance.now()
    const ms = await timeUntilRefused(b.core, credentials, committed)
    expect(ms).toBeLessThan(PROPAGATION_BOUND_MS)
    expect(await verify(b.core, reset.credentials)).not.toBeNull()
    await expect
      .poll(() => bEvents.filter((event) => event === 'verification.change_feed.connected').length, {
        timeout: 5_000,
      })
      .toBe(2)
    expect(bEvents).toContain('verification.change_feed.lost')
    // Back online, B caches again and hears about the next change.
    expect(await verify(b.core, reset.credentials)).not.toBeNull()
    await corruptDigestSilently(a, token.id)
    expect(await verify(b.core, reset.credentials), 'B serves the credential from its cache').not.toBeNull()
    await a.core.tokens.disable(account.admin, token.id)
    expect(await timeUntilRefused(b.core, reset.credentials, performance.now())).toBeLessThan(
      PROPAGATION_BOUND_MS,
    )
    console.info(
      `[multi-instance] after losing its listener, instance B refused the old credential after ${ms.toFixed(1)} ms`,
    )
  })

  it('announces committed changes by SID only, never a secret, and nothing for a write that rolled back', async () => {
    const { a, account } = await twoInstances()
    const listener = new pg.Client({ connectionString: a.databaseUrl })
    await listener.connect()
    const payloads: string[] = []
    listener.on('notification', (message) => {
      if (message.channel === TOKEN_CHANGES_CHANNEL) payloads.push(message.payload ?? '')
    })
    await listener.query(`listen ${TOKEN_CHANGES_CHANNEL}`)
    try {
      const secrets: string[] = []
      const created = await createTestToken(a.core, account)
      secrets.push(created.credentials.authToken)
      secrets.push((await a.core.tokens.reset(account.admin, created.token.id)).credentials.authToken)
      await expect(
        a.core.tokens.update(account.admin, created.token.id, { primaryContactUserId: 'usr_missing' }),
      ).rejects.toMatchObject({
        code: 'PrimaryContactNotFound',
      })
      await a.core.tokens.disable(account.admin, created.token.id)
      const legacy = await a.core.legacy.enable(account.admin)
      if (!legacy.enabled) throw new Error('legacy not enabled')
      secrets.push((await a.core.legacy.reset(account.admin, 'read_only')).credentials.authToken)
      await a.core.tokens.remove(account.admin, created.token.id)
      const sid = created.credentials.accountSid
      const expected = [
        sid,
        sid,
        sid,
        `${legacy.readWrite.accountSid} ${legacy.readOnly.accountSid}`,
        legacy.readOnly.accountSid,
        sid,
      ]
      await expect.poll(() => payloads.length).toBe(expected.length)
      // Each payload: the publishing time (for the lag metric), then SIDs and nothing else.
      expect(payloads.map((payload) => payload.replace(/^@\d+ /, ''))).toEqual(expected)
      for (const payload of payloads) {
        const [stamp, ...sids] = payload.split(' ')
        expect(Math.abs(Number(stamp?.slice(1)) - Date.now())).toBeLessThan(60_000)
        expect(sids.every(isWellFormedAccountSid)).toBe(true)
        for (const secret of secrets) expect(payload).not.toContain(secret)
      }
    } finally {
      await listener.end()
    }
  })
})
