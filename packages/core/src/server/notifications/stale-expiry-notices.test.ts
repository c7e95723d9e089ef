import type { KyselyPlugin } from 'kysely'
import { describe, expect, it } from 'vitest'
import { notificationTestBench } from '../test-support/notification-test-bench.js'
import { enqueueExpiryNotices } from './expiry-notices.js'
import {
  createTestToken,
  manualClock,
  provisionTestAccount,
  type TestAccount,
  type TestCore,
} from '../test-support/open-test-core.js'

// An expiry e-mail is a reminder to act on a date: one still queued (a mail server down, retries)
// when the token is renewed, disabled or deleted tells its reader something no longer true.

const DAY = 86_400_000
const { open, mailServer } = notificationTestBench()

type Change = (test: TestCore, account: TestAccount, tokenId: string) => Promise<unknown>

const CHANGES: { change: string; apply: Change }[] = [
  {
    change: 'renewed to a later date',
    apply: (test, account, tokenId) =>
      test.core.lifecycle.renew(account.admin, tokenId, {
        expiresAt: new Date(test.clock.now().getTime() + 60 * DAY).toISOString(),
      }),
  },
  {
    change: 'renewed to never expire',
    apply: (test, account, tokenId) => test.core.lifecycle.renew(account.admin, tokenId, { expiresAt: null }),
  },
  { change: 'disabled', apply: (test, account, tokenId) => test.core.tokens.disable(account.admin, tokenId) },
  { change: 'deleted', apply: (test, account, tokenId) => test.core.tokens.remove(account.admin, tokenId) },
]

/** The e-mail deliveries in the outbox, each with its event's type and data. */
async function emailDeliveries(test: TestCore) {
  const db = await test.database()
  return db
    .selectFrom('notification_deliveries')
    .innerJoin('notification_events', 'notification_events.id', 'notification_deliveries.event_id')
    .select(['notification_events.type', 'notification_events.data', 'notification_deliveries.status'])
    .where('notification_deliveries.channel', '=', 'email')
    .execute()
}

/** A core with a mail server, and a token (10 days from its expiry) whose expiring notice is queued, not sent yet. */
async function queuedExpiringNotice(
  expiresInMs = 10 * DAY,
  developerEmails: string[] = [],
  ...server: Parameters<typeof mailServer>
) {
  const smtp = await mailServer(...server)
  const test = await open({ clock: manualClock(new Date(Date.now() - 40 * DAY)), smtpUrl: smtp.url })
  const account = await provisionTestAccount(test.core)
  const { token } = await createTestToken(test.core, account, {
    name: 'Order feed',
    expiresAt: new Date(test.clock.now().getTime() + expiresInMs).toISOString(),
    developerEmails,
  })
  await test.core.jobs.runDue()
  const queued = await emailDeliveries(test)
  expect(queued.map(({ type, status }) => ({ type, status }))).toEqual(
    [null, ...developerEmails].map(() => ({ type: 'token.expiring', status: 'pending' })),
  )
  return { smtp, test, account, tokenId: token.id }
}

describe('expiry e-mails still queued when the token changes', () => {
  it.each(CHANGES)(
    'an expiring notice queued before the token was $change is not mailed',
    async ({ apply }) => {
      const { smtp, test, account, tokenId } = await queuedExpiringNotice()
      await apply(test, account, tokenId)
      await test.core.notifications.deliverDue()
      expect(smtp.mails.map((mail) => mail.subject)).toEqual([])
      const db = await test.database()
      expect(
        await db.selectFrom('notification_deliveries').select(['status', 'attempts', 'last_error']).execute(),
      ).toEqual([{ status: 'failed', attempts: 0, last_error: 'superseded' }])
    },
  )

  it('an expired notice queued before the token was renewed is not mailed', async () => {
    const { smtp, test, account, tokenId } = await queuedExpiringNotice()
    await test.core.notifications.deliverDue()
    test.clock.advance(10 * DAY + 1)
    await test.core.jobs.runDue()
    await test.core.lifecycle.renew(account.admin, tokenId, {
      expiresAt: new Date(test.clock.now().getTime() + 60 * DAY).toISOString(),
    })
    await test.core.notifications.deliverDue()
    expect(smtp.mails.map((mail) => mail.subject)).toEqual([expect.stringMatching(/ expires on /)])
  })

  it('an expiring notice still queued when its token expires is not mailed, the expired notice is', async () => {
    // 12 hours left: the 1-day notice, still within its 24 hours of retries once the token expired.
    const { smtp, test } = await queuedExpiringNotice(DAY / 2)
    test.clock.advance(DAY / 2 + 1)
    await test.core.jobs.runDue()
    await test.core.notifications.deliverDue()
    expect(smtp.mails.map((mail) => mail.subject)).toEqual(['Token “Order feed” has expired'])
  })

  it('an expiring notice for the token’s current expiry is still mailed', async () => {
    const { smtp, test } = await queuedExpiringNotice()
    await test.core.notifications.deliverDue()
    expect(smtp.mails.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^Token “Order feed” expires on /),
    ])
  })
})

describe('an expiry reminder dropped while its token was disabled', () => {
  it('is mailed once when the token is enabled again while the reminder is still due, never twice', async () => {
    const { smtp, test, account, tokenId } = await queuedExpiringNotice()
    await test.core.tokens.disable(account.admin, tokenId)
    await test.core.notifications.deliverDue()
    expect(smtp.mails).toEqual([])

    await test.core.tokens.enable(account.admin, tokenId)
    test.clock.advance(3_600_000)
    await test.core.jobs.runDue()
    await test.core.notifications.deliverDue()
    expect(smtp.mails.map((mail) => mail.subject)).toEqual([
      expect.stringMatching(/^Token “Order feed” expires on /),
    ])

    // Sent once: neither the next scans nor another disable and enable send it again.
    await test.core.tokens.disable(account.admin, tokenId)
    await test.core.tokens.enable(account.admin, tokenId)
    for (let hour = 0; hour < 3; hour++) {
      test.clock.advance(3_600_000)
      await test.core.jobs.runDue()
      await test.core.notifications.deliverDue()
    }
    expect(smtp.mails).toHaveLength(1)
  })

  it('is retried from the first backoff step once queued again, not hours later, its attempts counting on', async () => {
    // A mail server refusing for a while (451), so the reminder's retries have grown apart.
    const { test, account, tokenId } = await queuedExpiringNotice(10 * DAY, [], () => 451)
    const db = await test.database()
    const rows = () =>
      db
        .selectFrom('notification_deliveries')
        .select(['status', 'attempts', 'last_error', 'next_attempt_at'])
        .execute()
    for (let attempt = 0; attempt < 8; attempt++) {
      await test.core.notifications.deliverDue()
      test.clock.set((await rows())[0]?.next_attempt_at ?? '')
    }
    await test.core.tokens.disable(account.admin, tokenId)
    await test.core.notifications.deliverDue()
    expect(await rows()).toEqual([
      { status: 'failed', attempts: 8, last_error: 'superseded', next_attempt_at: null },
    ])

    await test.core.tokens.enable(account.admin, tokenId)
    test.clock.advance(3_600_000)
    await test.core.jobs.runDue()
    await test.core.notifications.deliverDue()
    const [retrying] = await rows()
    expect(retrying).toMatchObject({ status: 'pending', attempts: 9, last_error: 'smtp_failed' })
    // 10 s ± 20%, as for a reminder never attempted: not the 43 minutes its ninth attempt meant before.
    const wait = Date.parse(retrying?.next_attempt_at ?? '') - test.clock.now().getTime()
    expect(wait).toBeGreaterThanOrEqual(8_000)
    expect(wait).toBeLessThanOrEqual(12_000)
  })

  it('is not mailed again once a later reminder is due: that one goes out instead', async () => {
    const { smtp, test, account, tokenId } = await queuedExpiringNotice()
    await test.core.tokens.disable(account.admin, tokenId)
    await test.core.notifications.deliverDue()
    // Enabled again 2 days before the expiry: the 3-day reminder is the one due.
    test.clock.advance(8 * DAY)
    await test.core.tokens.enable(account.admin, tokenId)
    await test.core.jobs.runDue()
    await test.core.notifications.deliverDue()
    const mailed = (await emailDeliveries(test)).filter((row) => row.status === 'delivered')
    expect(mailed.map((row) => (JSON.parse(row.data) as { days: number }).days)).toEqual([3])
    expect(smtp.mails).toHaveLength(1)
  })

  it('is mailed again only to the addresses the token still has, not to one removed meanwhile', async () => {
    const { smtp, test, account, tokenId } = await queuedExpiringNotice(10 * DAY, [
      'kept@example.test',
      'removed@example.test',
    ])
    await test.core.tokens.disable(account.admin, tokenId)
    await test.core.notifications.deliverDue()
    await test.core.tokens.update(account.admin, tokenId, { developerEmails: ['kept@example.test'] })
    await test.core.tokens.enable(account.admin, tokenId)
    test.clock.advance(3_600_000)
    await test.core.jobs.runDue()
    await test.core.notifications.deliverDue()
    const recipients = smtp.mails.flatMap((mail) => mail.to)
    expect(recipients).toContain('kept@example.test')
    expect(recipients).not.toContain('removed@example.test')
    expect(recipients).toHaveLength(2)
  })
})

describe('an expiry scan meeting a token changed after it read the tokens due', () => {
  it.each(CHANGES)('enqueues no notice for a token $change meanwhile', async ({ apply }) => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account, {
      name: 'Order feed',
      expiresAt: new Date(test.clock.now().getTime() + 10 * DAY).toISOString(),
    })
    await test.core.webhooks.create(account.admin, {
      url: 'https://hooks.example.test/tokens',
      eventTypes: ['token.expiring'],
    })
    const db = await test.database()
    // The change commits right after the scan's read of the tokens due, before it enqueues.
    let changed = false
    const changeAfterRead: KyselyPlugin = {
      transformQuery: (args) => args.node,
      async transformResult(args) {
        if (!changed) {
          changed = true
          await apply(test, account, token.id)
        }
        return args.result
      },
    }
    expect(
      await enqueueExpiryNotices({
        db: db.withPlugin(changeAfterRead),
        dialect: test.dialect,
        now: test.clock.now,
      }),
    ).toBe(0)
    expect(changed).toBe(true)
    expect(await db.selectFrom('notification_events').select('type').execute()).toEqual([])
  })
})
