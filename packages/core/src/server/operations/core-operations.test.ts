import { describe, expect, it } from 'vitest'
import {
  createTestToken,
  manualClock,
  openTestCore,
  provisionTestAccount,
} from '../test-support/open-test-core.js'

const basic = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`

describe('core operations', () => {
  it('reports the database reachable (and on PostgreSQL the change listener connected), and not once closing', async () => {
    const test = await openTestCore()
    try {
      const readiness = await test.core.operations.readiness()
      expect(readiness.database).toBe('ok')
      expect(readiness.changeListener).toBe(test.dialect === 'postgres' ? true : null)
      await test.core.close()
      expect((await test.core.operations.readiness()).database).toBe('unavailable')
    } finally {
      await test.close()
    }
  })

  it('counts verification cache hits and misses, and the pool use on PostgreSQL', async () => {
    const test = await openTestCore()
    try {
      const account = await provisionTestAccount(test.core, 'brand')
      const { credentials } = await createTestToken(test.core, account, {
        name: 'Metrics',
        scopes: ['GET /Reports'],
      })
      const before = test.core.operations.stats().verificationCache
      const header = basic(credentials.accountSid, credentials.authToken)
      expect(await test.core.verification.verifyAuthorization(header)).not.toBeNull()
      expect(await test.core.verification.verifyAuthorization(header)).not.toBeNull()
      const after = test.core.operations.stats()
      expect(after.verificationCache.misses - before.misses).toBe(1)
      expect(after.verificationCache.hits - before.hits).toBe(1)
      expect(after.verificationCache.entries).toBeGreaterThanOrEqual(1)
      if (test.dialect === 'postgres') {
        expect(after.databasePool).toMatchObject({ max: 10, waiting: 0 })
        expect(after.databasePool?.total).toBeGreaterThanOrEqual(1)
      } else expect(after.databasePool).toBeNull()
    } finally {
      await test.close()
    }
  })

  it('reports what the notification outbox still has to send, by channel, and how old the oldest is', async () => {
    const test = await openTestCore({ clock: manualClock(new Date('2026-11-30T10:00:00.000Z')) })
    try {
      expect(await test.core.operations.outbox()).toEqual({
        pending: { email: 0, webhook: 0 },
        oldestPendingSeconds: null,
      })
      const account = await provisionTestAccount(test.core, 'brand')
      const { token } = await createTestToken(test.core, account)
      // Without an SMTP server the rotation's e-mail stays queued.
      await test.core.lifecycle.rotate(account.admin, token.id, {})
      test.clock.advance(90_000)
      expect(await test.core.operations.outbox()).toEqual({
        pending: { email: 1, webhook: 0 },
        oldestPendingSeconds: 90,
      })
    } finally {
      await test.close()
    }
  })

  it('has no change-feed figures on SQLite, where no other instance writes', async () => {
    const test = await openTestCore()
    try {
      const { changeFeed } = test.core.operations.stats()
      if (test.dialect === 'sqlite') expect(changeFeed).toBeNull()
      else expect(changeFeed).toEqual({ received: 0, lagSecondsTotal: 0, lastLagSeconds: null })
    } finally {
      await test.close()
    }
  })
})
