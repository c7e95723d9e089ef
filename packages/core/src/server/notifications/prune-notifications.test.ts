import { describe, expect, it } from 'vitest'
import type { Db } from '../database/schema.js'
import { openTestCoresClosedAfterEach, provisionTestAccount } from '../test-support/open-test-core.js'
import {
  NOTIFICATION_RETENTION_DAYS,
  pruneNotifications,
  pruneNotificationsJob,
} from './prune-notifications.js'

const openTest = openTestCoresClosedAfterEach()
const DAY_MS = 86_400_000
const NOW = new Date('2026-03-15T12:00:00.000Z')
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString()

/** An event of `createdAt` with one delivery per entry of `deliveries`, written as the outbox holds them. */
async function insertEvent(
  db: Db,
  accountId: string,
  webhookId: string,
  id: string,
  createdAt: string,
  deliveries: {
    id: string
    status: 'pending' | 'delivered' | 'failed'
    lastAttemptAt: string | null
    /** The end of its 24 hours of retries; the event's time unless the delivery was resent later. */
    giveUpAt?: string
  }[],
) {
  await db
    .insertInto('notification_events')
    .values({
      id,
      account_id: accountId,
      type: 'token.leaked',
      token_id: null,
      data: '{}',
      dedupe_key: null,
      created_at: createdAt,
    })
    .execute()
  for (const delivery of deliveries) {
    await db
      .insertInto('notification_deliveries')
      .values({
        id: delivery.id,
        event_id: id,
        account_id: accountId,
        channel: 'webhook',
        webhook_id: webhookId,
        recipient: null,
        locale: null,
        status: delivery.status,
        attempts: delivery.lastAttemptAt === null ? 0 : 1,
        attempts_before_resend: 0,
        next_attempt_at: delivery.status === 'pending' ? createdAt : null,
        give_up_at: delivery.giveUpAt ?? createdAt,
        claimed_until: null,
        claim_id: null,
        last_attempt_at: delivery.lastAttemptAt,
        last_response_status: null,
        last_error: null,
        delivered_at: delivery.status === 'delivered' ? delivery.lastAttemptAt : null,
        created_at: createdAt,
      })
      .execute()
  }
}

async function outbox(db: Db) {
  const events = await db.selectFrom('notification_events').select('id').orderBy('id').execute()
  const deliveries = await db.selectFrom('notification_deliveries').select('id').orderBy('id').execute()
  return { events: events.map((row) => row.id), deliveries: deliveries.map((row) => row.id) }
}

async function outboxOfOneWebhook() {
  const test = await openTest()
  const account = await provisionTestAccount(test.core)
  const { webhook } = await test.core.webhooks.create(account.admin, {
    url: 'https://hooks.example.test/in',
    eventTypes: ['token.leaked'],
  })
  const db = await test.database()
  const insert = (id: string, createdAt: string, deliveries: Parameters<typeof insertEvent>[5]) =>
    insertEvent(db, account.accountId, webhook.id, id, createdAt, deliveries)
  return { test, db, insert }
}

describe('notification retention', () => {
  it('the retention job deletes finished deliveries older than 30 days and their events, and keeps pending ones and newer ones', async () => {
    const { db, insert } = await outboxOfOneWebhook()
    const old = NOTIFICATION_RETENTION_DAYS + 1
    const recent = NOTIFICATION_RETENTION_DAYS - 1
    await insert('msg_old_delivered', daysAgo(old), [
      { id: 'dlv_a', status: 'delivered', lastAttemptAt: daysAgo(old) },
    ])
    await insert('msg_old_failed', daysAgo(old + 1), [
      { id: 'dlv_b', status: 'failed', lastAttemptAt: daysAgo(old) },
    ])
    // Old but still pending (a disabled webhook's): kept, and its event with it.
    await insert('msg_old_pending', daysAgo(old), [
      { id: 'dlv_c', status: 'pending', lastAttemptAt: daysAgo(old) },
    ])
    // Old event, but resent and finished within the retention: the delivery log still shows it.
    await insert('msg_old_resent', daysAgo(old), [
      { id: 'dlv_d', status: 'delivered', lastAttemptAt: daysAgo(recent) },
    ])
    // One delivery old and finished, another pending: only the first goes, the event stays.
    await insert('msg_mixed', daysAgo(old), [
      { id: 'dlv_e', status: 'delivered', lastAttemptAt: daysAgo(old) },
      { id: 'dlv_f', status: 'pending', lastAttemptAt: null },
    ])
    await insert('msg_recent', daysAgo(recent), [
      { id: 'dlv_g', status: 'failed', lastAttemptAt: daysAgo(recent) },
    ])
    // Expired unsent (never attempted: an e-mail without a mail server), aged from its 24 hours.
    await insert('msg_old_expired', daysAgo(old), [{ id: 'dlv_h', status: 'failed', lastAttemptAt: null }])
    await insert('msg_recent_expired', daysAgo(recent), [
      { id: 'dlv_i', status: 'failed', lastAttemptAt: null },
    ])
    // Attempted long ago, resent two days ago and expired unsent yesterday (no mail server): the log
    // still shows the resend's outcome, aged from the end of its new 24 hours.
    await insert('msg_old_resent_expired', daysAgo(old + 2), [
      { id: 'dlv_j', status: 'failed', lastAttemptAt: daysAgo(old), giveUpAt: daysAgo(1) },
    ])
    // Without deliveries (none targeted, or its webhook deleted): kept through the retention, then deleted.
    await insert('msg_old_orphan', daysAgo(old), [])
    await insert('msg_recent_orphan', daysAgo(recent), [])

    const job = pruneNotificationsJob({ db, now: () => NOW })
    await job.run()

    expect(await outbox(db)).toEqual({
      events: [
        'msg_mixed',
        'msg_old_pending',
        'msg_old_resent',
        'msg_old_resent_expired',
        'msg_recent',
        'msg_recent_expired',
        'msg_recent_orphan',
      ],
      deliveries: ['dlv_c', 'dlv_d', 'dlv_f', 'dlv_g', 'dlv_i', 'dlv_j'],
    })
    // Nothing left to delete: a second run deletes nothing.
    expect(await pruneNotifications(db, NOW)).toEqual({ deliveries: 0, events: 0 })
  })

  it('deletes in batches until none is left', async () => {
    const { db, insert } = await outboxOfOneWebhook()
    const old = daysAgo(NOTIFICATION_RETENTION_DAYS + 2)
    for (let n = 0; n < 7; n++)
      await insert(`msg_${n}`, old, [{ id: `dlv_${n}`, status: 'delivered', lastAttemptAt: old }])
    expect(await pruneNotifications(db, NOW, 3)).toEqual({ deliveries: 7, events: 7 })
    expect(await outbox(db)).toEqual({ events: [], deliveries: [] })
  })

  it('runs with the other recurring jobs of the core', async () => {
    const { test, db, insert } = await outboxOfOneWebhook()
    const old = new Date(
      test.clock.now().getTime() - (NOTIFICATION_RETENTION_DAYS + 1) * DAY_MS,
    ).toISOString()
    await insert('msg_old', old, [{ id: 'dlv_old', status: 'failed', lastAttemptAt: old }])
    await test.core.jobs.runDue()
    expect(await outbox(db)).toEqual({ events: [], deliveries: [] })
    const lease = await db
      .selectFrom('job_leases')
      .select('name')
      .where('name', '=', 'prune-notifications')
      .execute()
    expect(lease).toHaveLength(1)
  })
})
