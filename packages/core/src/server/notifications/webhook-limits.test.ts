import { describe, expect, it } from 'vitest'
import { WEBHOOKS_PER_ACCOUNT_MAX } from '../../notifications/webhook-limits.js'
import { auditedTimes } from '../test-support/audited-times.js'
import { notificationTestBench } from '../test-support/notification-test-bench.js'
import {
  createTestToken,
  manualClock,
  openTestCoresClosedAfterEach,
  provisionTestAccount,
  type TestAccount,
  type TestCore,
} from '../test-support/open-test-core.js'

const openTest = openTestCoresClosedAfterEach()
const { receiver } = notificationTestBench()

function addWebhook(test: TestCore, account: TestAccount, n: number) {
  return test.core.webhooks.create(account.admin, {
    url: `https://hooks.example.test/${n}`,
    eventTypes: ['token.leaked'],
  })
}

async function accountWithWebhooks(count: number) {
  const test = await openTest()
  const account = await provisionTestAccount(test.core)
  for (let n = 0; n < count; n++) await addWebhook(test, account, n)
  return { test, account }
}

describe('webhook limits', () => {
  it('refuses an eleventh webhook with WebhookLimitReached', async () => {
    const { test, account } = await accountWithWebhooks(WEBHOOKS_PER_ACCOUNT_MAX)
    await expect(addWebhook(test, account, 10)).rejects.toMatchObject({
      code: 'WebhookLimitReached',
      params: { max: WEBHOOKS_PER_ACCOUNT_MAX },
    })
    expect(await test.core.webhooks.list(account.admin)).toHaveLength(WEBHOOKS_PER_ACCOUNT_MAX)
    // Per account: another account still adds its own.
    const other = await provisionTestAccount(test.core)
    await expect(addWebhook(test, other, 0)).resolves.toBeDefined()
    // Deleting one makes room again.
    const [first] = await test.core.webhooks.list(account.admin)
    await test.core.webhooks.remove(account.admin, first?.id ?? '')
    await expect(addWebhook(test, account, 11)).resolves.toBeDefined()
  })

  it('two creates at once at nine webhooks make ten, not eleven', async () => {
    const test = await openTest()
    // A few accounts, each its own race: one overlap that happens not to interleave proves little.
    for (let round = 0; round < 3; round++) {
      const account = await provisionTestAccount(test.core)
      for (let n = 0; n < WEBHOOKS_PER_ACCOUNT_MAX - 1; n++) await addWebhook(test, account, n)
      // Reads at once first, so PostgreSQL's pool holds open connections and the two creates really
      // overlap (a connection still being opened would let the first one commit before).
      await Promise.all([1, 2, 3, 4].map(() => test.core.webhooks.list(account.admin)))
      const outcomes = await Promise.allSettled([
        addWebhook(test, account, 100),
        addWebhook(test, account, 101),
      ])
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected'])
      const refused = outcomes.find((outcome) => outcome.status === 'rejected')
      expect(refused?.reason).toMatchObject({ code: 'WebhookLimitReached' })
      expect(await test.core.webhooks.list(account.admin)).toHaveLength(WEBHOOKS_PER_ACCOUNT_MAX)
    }
  })

  it('resends a finished delivery once and refuses it with DeliveryPending until it has finished again', async () => {
    const hook = await receiver(() => 503)
    const test = await openTest({ webhooksAllowPrivate: true, clock: manualClock(new Date()) })
    const account = await provisionTestAccount(test.core)
    const { webhook } = await test.core.webhooks.create(account.admin, {
      url: hook.url,
      eventTypes: ['token.rotation_started'],
    })
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()
    const [pending] = await test.core.webhooks.deliveries(account.admin, webhook.id)
    expect(pending?.status).toBe('pending')
    // Pending (retrying after the 503): it is not made due again by a click.
    await expect(
      test.core.webhooks.resend(account.admin, webhook.id, pending?.id ?? ''),
    ).rejects.toMatchObject({
      code: 'DeliveryPending',
    })

    // Failed after 24 hours of retries: resent once, then refused while that resend is pending.
    for (let round = 0; round < 40; round++) {
      test.clock.advance(2.5 * 3_600_000)
      await test.core.notifications.deliverDue()
    }
    const [failed] = await test.core.webhooks.deliveries(account.admin, webhook.id)
    expect(failed?.status).toBe('failed')
    const resent = await test.core.webhooks.resend(account.admin, webhook.id, failed?.id ?? '')
    expect(resent.status).toBe('pending')
    await expect(
      test.core.webhooks.resend(account.admin, webhook.id, failed?.id ?? ''),
    ).rejects.toMatchObject({
      code: 'DeliveryPending',
    })
    expect(await auditedTimes(test, 'webhook.resend')).toBe(1)
  })

  it('audits a resend against the token its event was about, found by that token’s filter and named after it is deleted', async () => {
    const hook = await receiver()
    const test = await openTest({ webhooksAllowPrivate: true, clock: manualClock(new Date()) })
    const account = await provisionTestAccount(test.core)
    const { webhook } = await test.core.webhooks.create(account.admin, {
      url: hook.url,
      eventTypes: ['token.rotation_started'],
    })
    const { token } = await createTestToken(test.core, account, { name: 'Billing sync' })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()
    const [delivered] = await test.core.webhooks.deliveries(account.admin, webhook.id)
    expect(delivered?.status).toBe('delivered')
    await test.core.tokens.remove(account.admin, token.id)

    await test.core.webhooks.resend(account.admin, webhook.id, delivered?.id ?? '')

    const { items } = await test.core.audit.list(account.admin, {
      tokenId: token.id,
      action: 'webhook.resend',
    })
    expect(items).toEqual([
      expect.objectContaining({
        tokenId: token.id,
        tokenName: null,
        details: {
          webhookId: webhook.id,
          deliveryId: delivered?.id,
          eventId: delivered?.eventId,
          eventType: 'token.rotation_started',
          name: 'Billing sync',
        },
      }),
    ])
    expect(JSON.stringify(items)).not.toContain(hook.url)
  })
})
