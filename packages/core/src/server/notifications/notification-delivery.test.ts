import { UpdateQueryNode, type KyselyPlugin } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createKeyring } from '../crypto/keyring.js'
import { resolveMasterKey } from '../crypto/master-key.js'
import type { Db } from '../database/schema.js'
import { eventually } from '../test-support/notification-receivers.js'
import { notificationTestBench } from '../test-support/notification-test-bench.js'
import { createTestToken, provisionTestAccount, type TestCore } from '../test-support/open-test-core.js'
import { ACCOUNT_SHARE, claimDueDeliveries } from './claim-due-deliveries.js'
import {
  notificationDelivery,
  type NotificationDelivery,
  type NotificationDeliveryOptions,
} from './notification-delivery.js'

const { open, receiver, mailServer, tricklingMailServer, closeAfterTest } = notificationTestBench({
  webhooksAllowPrivate: true,
})

/** Counts the UPDATE statements run through a handle: a round that writes nothing runs none. */
function countingUpdates(db: Db): { db: Db; updates: () => number } {
  let updates = 0
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (UpdateQueryNode.is(args.node)) updates++
      return args.node
    },
    transformResult: (args) => Promise.resolve(args.result),
  }
  return { db: db.withPlugin(plugin), updates: () => updates }
}

/** Counts every statement run through a handle. */
function countingQueries(db: Db): { db: Db; queries: () => number } {
  let queries = 0
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      queries++
      return args.node
    },
    transformResult: (args) => Promise.resolve(args.result),
  }
  return { db: db.withPlugin(plugin), queries: () => queries }
}

/**
 * A sender of its own on the test core's database, with a short send timeout (the core's is 10 s)
 * and its own loop (`intervalMs`, 0: none); closed after the test, before the core.
 */
async function sender(
  test: TestCore,
  options: Partial<NotificationDeliveryOptions> = {},
): Promise<NotificationDelivery> {
  const delivery = notificationDelivery({
    db: await test.database(),
    dialect: test.dialect,
    keyring: createKeyring(resolveMasterKey({ dataDir: test.dataDir, masterKey: test.masterKey })),
    now: test.clock.now,
    email: null,
    allowPrivate: true,
    intervalMs: 0,
    timeoutMs: 300,
    ...options,
  })
  closeAfterTest(() => delivery.close())
  return delivery
}

/**
 * An account whose `webhookCount` webhooks for token.rotation_started point at `url`, and
 * `rotate()` starting a rotation of each of its `tokenCount` tokens: one row per webhook and token.
 */
async function accountWithEvents(test: TestCore, url: string, webhookCount = 1, tokenCount = 1) {
  const account = await provisionTestAccount(test.core)
  const webhooks = []
  for (let n = 0; n < webhookCount; n++) {
    const { webhook } = await test.core.webhooks.create(account.admin, {
      url,
      eventTypes: ['token.rotation_started'],
    })
    webhooks.push(webhook)
  }
  const tokens: { id: string }[] = []
  for (let n = 0; n < tokenCount; n++) tokens.push((await createTestToken(test.core, account)).token)
  const rotate = async () => {
    for (const token of tokens) await test.core.lifecycle.rotate(account.admin, token.id, {})
  }
  return { account, webhooks, rotate }
}

/** A rotation's delivery to a webhook disabled right after it: held, not sent, while disabled. */
async function deliveryHeldByDisabledWebhook() {
  const hook = await receiver()
  const test = await open()
  const { account, webhooks, rotate } = await accountWithEvents(test, hook.url)
  const webhookId = webhooks[0]?.id ?? ''
  await rotate()
  await test.core.webhooks.update(account.admin, webhookId, { enabled: false })
  expect(await test.core.notifications.deliverDue()).toBe(0)
  const enable = () => test.core.webhooks.update(account.admin, webhookId, { enabled: true })
  return { hook, test, account, webhookId, enable }
}

describe('notification delivery', () => {
  it('one account’s unanswering webhooks do not delay another account’s delivery', async () => {
    const silent = await receiver(() => 'hang')
    const fast = await receiver()
    const test = await open()
    const noisy = await accountWithEvents(test, silent.url, 4, 10)
    const quiet = await accountWithEvents(test, fast.url)
    await noisy.rotate()
    // The quiet account's event comes later: oldest first alone would send all 40 before it.
    test.clock.advance(1_000)
    await quiet.rotate()

    const started = Date.now()
    await sender(test, { intervalMs: 20, timeoutMs: 1_000 })
    await eventually(() => fast.requests.length === 1)
    const delay = Date.now() - started
    // Before: two rounds of 20 silent sends (2 × 1 s) went first. Now: in the first round (about
    // 75 ms).
    expect(delay).toBeLessThan(900)
    // The silent endpoints hold at most the account's share of sends, not the whole instance.
    expect(silent.requests.length).toBeLessThanOrEqual(ACCOUNT_SHARE)
  })

  it('sends e-mails that link to their token with no more queries than e-mails without the link', async () => {
    const smtp = await mailServer()
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const developerEmails = ['one@outside.example', 'two@outside.example']
    const counted = countingQueries(await test.database())
    const email = { url: smtp.url, from: 'Token Console <no-reply@localhost>' }
    // The mail server's own time, not this file's 300 ms: a greeting late on a busy machine failed
    // the sends, and nothing was there to hold a link.
    const timeoutMs = 10_000
    const plain = await sender(test, { db: counted.db, email, timeoutMs })
    const linking = await sender(test, {
      db: counted.db,
      email,
      timeoutMs,
      publicUrl: 'https://tokens.example.com',
    })
    // Three e-mails a round: the primary contact's and two developers'.
    const queriesOfRound = async (delivery: NotificationDelivery) => {
      const { token } = await createTestToken(test.core, account, { developerEmails })
      await test.core.lifecycle.rotate(account.admin, token.id, {})
      const before = counted.queries()
      expect(await delivery.deliverDue()).toBe(3)
      return counted.queries() - before
    }
    const withoutLink = await queriesOfRound(plain)
    expect(await queriesOfRound(linking)).toBe(withoutLink)
    expect(smtp.mails).toHaveLength(6)
    expect(
      smtp.mails.some((mail) => mail.text.includes('https://tokens.example.com/settings/api/tokens/')),
    ).toBe(true)
  })

  it('an e-mail to a mail server that trickles its answer is cut off inside the claim’s lease, as a timeout', async () => {
    const smtp = await tricklingMailServer()
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    // A line every 50 ms never lets a 300 ms socket timeout fire: without a deadline on the whole
    // send, this round never ended, and once the lease ran out another instance sent the e-mail too.
    const delivery = await sender(test, {
      email: { url: smtp.url, from: 'Token Console <no-reply@localhost>' },
      timeoutMs: 300,
      leaseMs: 2_000,
    })
    expect(await delivery.deliverDue()).toBe(1)
    const db = await test.database()
    expect(
      await db
        .selectFrom('notification_deliveries')
        .select(['status', 'attempts', 'last_error', 'claim_id'])
        .execute(),
    ).toEqual([{ status: 'pending', attempts: 1, last_error: 'timeout', claim_id: null }])
    await eventually(() => smtp.open() === 0)
  })

  it('an e-mail to someone taken off the token since its event is dropped unsent; a deleted token’s still go out', async () => {
    const smtp = await mailServer()
    const test = await open({ smtpUrl: smtp.url })
    const account = await provisionTestAccount(test.core)
    const developerEmails = ['gone@outside.example', 'kept@outside.example']
    const { token } = await createTestToken(test.core, account, { developerEmails })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    // Another primary contact and a developer gone, before the e-mails went out.
    await test.core.tokens.update(account.admin, token.id, {
      primaryContactUserId: account.implUserId,
      developerEmails: ['kept@outside.example'],
    })
    const deleted = await createTestToken(test.core, account, { developerEmails: ['dev@outside.example'] })
    await test.core.lifecycle.rotate(account.admin, deleted.token.id, {})
    await test.core.tokens.remove(account.admin, deleted.token.id)

    // Two rounds: one takes at most an account's share of its rows. The deleted token's rotation
    // ended with it: its start and its end each go to its contact and developer.
    expect((await test.core.notifications.deliverDue()) + (await test.core.notifications.deliverDue())).toBe(
      7,
    )
    const recipients = smtp.mails.flatMap((mail) => mail.to)
    expect(recipients.filter((to) => to !== 'kept@outside.example' && to !== 'dev@outside.example')).toEqual([
      expect.stringMatching(/^admin-/),
      expect.stringMatching(/^admin-/),
    ])
    expect(recipients).toEqual(expect.arrayContaining(['kept@outside.example', 'dev@outside.example']))
    const dropped = await (
      await test.database()
    )
      .selectFrom('notification_deliveries')
      .select(['status', 'attempts', 'last_error'])
      .where('status', '!=', 'delivered')
      .execute()
    expect(dropped).toEqual([
      { status: 'failed', attempts: 0, last_error: 'superseded' },
      { status: 'failed', attempts: 0, last_error: 'superseded' },
    ])
  })

  it('claims again as soon as an attempt ends, not at the next tick', async () => {
    const fast = await receiver()
    const test = await open()
    const { rotate } = await accountWithEvents(test, fast.url, ACCOUNT_SHARE, 6)
    await rotate()
    const arrivals: number[] = []
    const watch = setInterval(() => {
      while (arrivals.length < fast.requests.length) arrivals.push(Date.now())
    }, 5)
    closeAfterTest(() => clearInterval(watch))
    await sender(test, { intervalMs: 2_000 })
    await eventually(() => arrivals.length === 6 * ACCOUNT_SHARE)
    // Six claims of one account's share: the first at the first tick, the others right after it.
    // Before: 20 at the first tick, the other 4 at the second, 2 s later.
    expect((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0)).toBeLessThan(1_000)
  })

  it('a round with only queued e-mails and no mail server writes nothing', async () => {
    const test = await open()
    // The rotation's e-mail waits (no mail server), and so does the row of a webhook disabled since.
    const { account, webhooks, rotate } = await accountWithEvents(test, 'http://127.0.0.1:9/hook')
    await rotate()
    await test.core.webhooks.update(account.admin, webhooks[0]?.id ?? '', { enabled: false })
    const db = await test.database()
    const { db: counted, updates } = countingUpdates(db)
    const delivery = await sender(test, { db: counted })
    test.clock.advance(60_000)
    expect(await delivery.deliverDue()).toBe(0)
    expect(await delivery.deliverDue()).toBe(0)
    expect(updates()).toBe(0)
    const rows = await db
      .selectFrom('notification_deliveries')
      .select(['channel', 'status', 'claimed_until'])
      .orderBy('channel')
      .execute()
    expect(rows).toEqual([
      { channel: 'email', status: 'pending', claimed_until: null },
      { channel: 'webhook', status: 'pending', claimed_until: null },
    ])
  })

  it('a delivery past its 24 hours is marked failed as expired and never sent, also after its webhook is enabled again', async () => {
    const { hook, test, account, webhookId, enable } = await deliveryHeldByDisabledWebhook()
    test.clock.advance(25 * 3_600_000)
    await enable()
    expect(await test.core.notifications.deliverDue()).toBe(0)
    const [delivery] = await test.core.webhooks.deliveries(account.admin, webhookId)
    expect(delivery).toMatchObject({
      status: 'failed',
      attempts: 0,
      lastError: 'expired',
      expired: true,
      nextAttemptAt: null,
    })
    expect(await test.core.notifications.deliverDue()).toBe(0)
    expect(hook.requests).toEqual([])
  })

  it.each([
    { answer: 503 as const, lastResponseStatus: 503, lastError: 'http_status' },
    { answer: 'hang' as const, lastResponseStatus: null, lastError: 'timeout' },
  ])(
    'a webhook delivery that expired after failed attempts keeps its last error ($lastError) beside the expiry',
    async ({ answer, lastResponseStatus, lastError }) => {
      const hook = await receiver(() => answer)
      const test = await open()
      const { account, webhooks, rotate } = await accountWithEvents(test, hook.url)
      await rotate()
      await sender(test).then((delivery) => delivery.deliverDue())
      // Its next attempt was due long before its 24 hours ran out, but no round ran until after.
      test.clock.advance(25 * 3_600_000)
      expect(await test.core.notifications.deliverDue()).toBe(0)
      const [delivery] = await test.core.webhooks.deliveries(account.admin, webhooks[0]?.id ?? '')
      expect(delivery).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastResponseStatus,
        lastError,
        expired: true,
        nextAttemptAt: null,
      })
    },
  )

  it('a resent delivery that expired before its resend was attempted is expired unsent, not reported as retried', async () => {
    const hook = await receiver(() => 503)
    const test = await open()
    const { account, webhooks, rotate } = await accountWithEvents(test, hook.url)
    const webhookId = webhooks[0]?.id ?? ''
    await rotate()
    await sender(test).then((delivery) => delivery.deliverDue())
    test.clock.advance(25 * 3_600_000)
    await test.core.notifications.deliverDue()
    const [failed] = await test.core.webhooks.deliveries(account.admin, webhookId)
    expect(failed).toMatchObject({ status: 'failed', lastError: 'http_status', expired: true })
    // Resent, but its webhook is disabled before the resend goes out: its new 24 hours run out unsent.
    await test.core.webhooks.resend(account.admin, webhookId, failed?.id ?? '')
    await test.core.webhooks.update(account.admin, webhookId, { enabled: false })
    test.clock.advance(25 * 3_600_000)
    expect(await test.core.notifications.deliverDue()).toBe(0)
    const [expired] = await test.core.webhooks.deliveries(account.admin, webhookId)
    expect(hook.requests).toHaveLength(1)
    expect(expired).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastResponseStatus: null,
      lastError: 'expired',
      expired: true,
    })
  })

  it('a resent delivery whose attempt fails is retried after the first backoff step (about 10 s), not hours later, and its attempts keep counting', async () => {
    let answer: 503 | 204 = 503
    const hook = await receiver(() => answer)
    const test = await open()
    const { account, webhooks, rotate } = await accountWithEvents(test, hook.url)
    const webhookId = webhooks[0]?.id ?? ''
    const latest = async () => (await test.core.webhooks.deliveries(account.admin, webhookId))[0]
    await rotate()
    // Retried as each attempt falls due until its 24 hours run out: the backoff has grown to hours.
    for (let round = 0; round < 40; round++) {
      await test.core.notifications.deliverDue()
      const delivery = await latest()
      if (delivery?.nextAttemptAt == null) break
      test.clock.set(delivery.nextAttemptAt)
    }
    const failed = await latest()
    expect(failed).toMatchObject({ status: 'failed', lastError: 'http_status' })
    const before = failed?.attempts ?? 0
    expect(before).toBeGreaterThan(8)

    // The receiver is still down when the resend goes out; the retry after it comes 10 s ± 20% later.
    await test.core.webhooks.resend(account.admin, webhookId, failed?.id ?? '')
    expect(await test.core.notifications.deliverDue()).toBe(1)
    const retrying = await latest()
    expect(retrying).toMatchObject({ status: 'pending', attempts: before + 1, lastError: 'http_status' })
    const wait = Date.parse(retrying?.nextAttemptAt ?? '') - test.clock.now().getTime()
    expect(wait).toBeGreaterThanOrEqual(8_000)
    expect(wait).toBeLessThanOrEqual(12_000)

    // Fixed meanwhile: delivered on that retry, the log counting every attempt, before the resend too.
    answer = 204
    test.clock.advance(12_000)
    expect(await test.core.notifications.deliverDue()).toBe(1)
    expect(await latest()).toMatchObject({ status: 'delivered', attempts: before + 2 })
    expect(hook.requests).toHaveLength(before + 2)
  })

  it('an e-mail delivery that expired after a temporary refusal keeps the mail server’s reply code and error', async () => {
    const smtp = await mailServer(() => 451)
    const test = await open({ smtpUrl: smtp.url })
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()
    test.clock.advance(25 * 3_600_000)
    await test.core.notifications.deliverDue()
    const db = await test.database()
    expect(
      await db
        .selectFrom('notification_deliveries')
        .select(['status', 'attempts', 'last_response_status', 'last_error'])
        .execute(),
    ).toEqual([{ status: 'failed', attempts: 1, last_response_status: 451, last_error: 'smtp_failed' }])
  })

  it('a disabled webhook’s delivery goes out once it is enabled again within its 24 hours', async () => {
    const { hook, test, enable } = await deliveryHeldByDisabledWebhook()
    test.clock.advance(23 * 3_600_000)
    expect(await test.core.notifications.deliverDue()).toBe(0)
    await enable()
    expect(await test.core.notifications.deliverDue()).toBe(1)
    expect(hook.requests).toHaveLength(1)
  })

  it('close waits for attempts in flight', async () => {
    const silent = await receiver(() => 'hang')
    const test = await open()
    const { account, webhooks, rotate } = await accountWithEvents(test, silent.url)
    await rotate()
    const delivery = await sender(test, { intervalMs: 20, timeoutMs: 300 })
    await eventually(() => silent.requests.length === 1)
    await delivery.close()
    // The attempt ended (timed out) and its outcome was written before close resolved.
    const [row] = await test.core.webhooks.deliveries(account.admin, webhooks[0]?.id ?? '')
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'timeout' })
  })

  it('a second instance claims none of an account whose rows are in flight, and the other accounts’ rows', async () => {
    const test = await open()
    const busy = await accountWithEvents(test, 'http://127.0.0.1:9/hook', ACCOUNT_SHARE, 2)
    const other = await accountWithEvents(test, 'http://127.0.0.1:9/hook', 2)
    await busy.rotate()
    await other.rotate()
    const context = {
      db: await test.database(),
      dialect: test.dialect,
      emailEnabled: false,
      leaseMs: 60_000,
    }
    const at = test.clock.now()
    const first = await claimDueDeliveries(context, at, 5)
    // Each account's first row before any account's second: both accounts in one claim.
    expect(first.filter((row) => row.account_id === other.account.accountId)).toHaveLength(2)
    expect(first.filter((row) => row.account_id === busy.account.accountId)).toHaveLength(3)
    // The busy account has rows in flight: nobody claims more of them while the claim lives.
    expect(await claimDueDeliveries(context, at, 20)).toEqual([])
    // Once the lease has run out (a dead sender), the account gets its share again, no more.
    const later = new Date(at.getTime() + 60_001)
    const second = await claimDueDeliveries(context, later, 20)
    expect(second.filter((row) => row.account_id === busy.account.accountId)).toHaveLength(ACCOUNT_SHARE)
  })
})
