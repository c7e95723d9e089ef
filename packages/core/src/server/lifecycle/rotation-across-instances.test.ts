import { describe, expect, it } from 'vitest'
import {
  createTestToken,
  openTestCoresClosedAfterEach,
  provisionTestAccount,
  verifyCredentials,
} from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'

/** Long enough that only a notification or the per-request comparison, never the TTL, explains a refusal. */
const LONG_TTL_MS = 60_000
const PROPAGATION_BOUND_MS = 1_000
const HOUR_MS = 3_600_000

const openCore = openTestCoresClosedAfterEach()

/** Two instances on one database sharing a clock; B writes its recorded uses quickly. */
async function twoInstances() {
  const a = await openCore({ verificationCacheTtlMs: LONG_TTL_MS, lastUsedFlushIntervalMs: 60_000 })
  const b = await a.openSibling({ verificationCacheTtlMs: LONG_TTL_MS, lastUsedFlushIntervalMs: 10 })
  const account = await provisionTestAccount(a.core, 'brand')
  const { token, credentials } = await createTestToken(a.core, account)
  return { a, b, account, token, old: credentials }
}

describe.runIf(testDialect() === 'postgres')('rotation across instances on one PostgreSQL database', () => {
  it('refuses the old auth token on the other instance right after a rotation is retired, though that instance had it cached', async () => {
    const { a, b, account, token, old } = await twoInstances()
    const rotated = await a.core.lifecycle.rotate(account.admin, token.id, {})
    expect((await verifyCredentials(b.core, old))?.rotationSecret).toBe('old')
    await a.core.lifecycle.completeRotation(account.admin, token.id)
    expect(await verifyCredentials(a.core, old)).toBeNull()
    await expect.poll(() => verifyCredentials(b.core, old), { timeout: PROPAGATION_BOUND_MS }).toBeNull()
    expect(await verifyCredentials(b.core, rotated.credentials)).not.toBeNull()
  })

  it('refuses the old auth token on every instance from the end of the overlap on, with no notification needed', async () => {
    const { a, b, account, token, old } = await twoInstances()
    await a.core.lifecycle.rotate(account.admin, token.id, { overlapSeconds: 3_600 })
    expect(await verifyCredentials(a.core, old)).not.toBeNull()
    expect(await verifyCredentials(b.core, old)).not.toBeNull()
    a.clock.advance(HOUR_MS)
    expect(await verifyCredentials(b.core, old)).toBeNull()
    expect(await verifyCredentials(a.core, old)).toBeNull()
  })

  it('ends a traffic-confirmed rotation on this instance when the new auth token was used on the other', async () => {
    const { a, b, account, token, old } = await twoInstances()
    const rotated = await a.core.lifecycle.rotate(account.admin, token.id, {
      confirmByTraffic: { quietSeconds: 600 },
    })
    expect(
      await verifyCredentials(a.core, old),
      'A caches the rotation before the new auth token was used',
    ).not.toBeNull()
    const used = await verifyCredentials(b.core, rotated.credentials)
    b.core.verification.recordUse(token.id, used?.rotationSecret)
    await expect
      .poll(async () => (await a.core.tokens.get(account.admin, token.id)).rotation?.newLastUsedAt)
      .toBe(a.clock.now().toISOString())
    a.clock.advance(600_000)
    await expect.poll(() => verifyCredentials(a.core, old), { timeout: PROPAGATION_BOUND_MS }).toBeNull()
    expect(await verifyCredentials(b.core, old)).toBeNull()
  })

  it('ends the rotation on every instance when the token is reset on one', async () => {
    const { a, b, account, token, old } = await twoInstances()
    const rotated = await a.core.lifecycle.rotate(account.admin, token.id, {})
    expect(await verifyCredentials(b.core, old)).not.toBeNull()
    expect(await verifyCredentials(b.core, rotated.credentials)).not.toBeNull()
    const reset = await a.core.tokens.reset(account.admin, token.id)
    await expect.poll(() => verifyCredentials(b.core, old), { timeout: PROPAGATION_BOUND_MS }).toBeNull()
    await expect
      .poll(() => verifyCredentials(b.core, rotated.credentials), { timeout: PROPAGATION_BOUND_MS })
      .toBeNull()
    expect(await verifyCredentials(b.core, reset.credentials)).not.toBeNull()
  })
})
