import { describe, expect, it } from 'vitest'
import type { CoreLogFields } from '../core-logger.js'
import { notificationTestBench } from '../test-support/notification-test-bench.js'
import { createTestToken, provisionTestAccount } from '../test-support/open-test-core.js'
import { holdTransaction } from '../test-support/held-transaction.js'
import { testDialect } from '../test-support/test-postgres.js'

const { open, receiver } = notificationTestBench()

// Slack's incoming webhooks hold their secret in the path; others take a token in the query.
const SECRET_PATH = '/services/T0001/B0001/pathsecret'
const SECRET_QUERY = 'token=querysecret'

describe('webhook audit events', () => {
  it('name the webhook by id, URL origin and description, never the URL’s path or query', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { webhook } = await test.core.webhooks.create(account.admin, {
      url: `https://hooks.example.test:8443${SECRET_PATH}?${SECRET_QUERY}`,
      description: 'Ops channel',
      eventTypes: ['token.leaked'],
    })
    await test.core.webhooks.update(account.admin, webhook.id, {
      url: `https://hooks.example.test${SECRET_PATH}/v2?${SECRET_QUERY}`,
    })
    await test.core.webhooks.remove(account.admin, webhook.id)

    const { items } = await test.core.audit.list(account.admin, {})
    const details = Object.fromEntries(items.map((event) => [event.action, event.details]))
    expect(details['webhook.create']).toEqual({
      webhookId: webhook.id,
      url: 'https://hooks.example.test:8443',
      description: 'Ops channel',
      eventTypes: ['token.leaked'],
      enabled: true,
    })
    expect(details['webhook.update']).toEqual({
      webhookId: webhook.id,
      url: 'https://hooks.example.test',
      description: 'Ops channel',
      fields: ['url'],
      enabled: true,
    })
    expect(details['webhook.delete']).toEqual({
      webhookId: webhook.id,
      url: 'https://hooks.example.test',
      description: 'Ops channel',
    })
    const stored = JSON.stringify(
      await (await test.database()).selectFrom('audit_events').selectAll().execute(),
    )
    expect(stored).not.toContain('pathsecret')
    expect(stored).not.toContain('querysecret')
  })

  it('leave the description out when the webhook has none', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { webhook } = await test.core.webhooks.create(account.admin, {
      url: `https://hooks.example.test${SECRET_PATH}`,
      eventTypes: ['token.leaked'],
    })
    await test.core.webhooks.remove(account.admin, webhook.id)
    const { items } = await test.core.audit.list(account.admin, { action: 'webhook.delete' })
    expect(items.map((event) => event.details)).toEqual([
      { webhookId: webhook.id, url: 'https://hooks.example.test' },
    ])
  })
})

describe('webhook delivery log', () => {
  it('logs a failed delivery without the webhook URL’s path or query', async () => {
    const logged: CoreLogFields[] = []
    const hook = await receiver(() => 500)
    const test = await open({
      webhooksAllowPrivate: true,
      logger: { log: (_level, event, fields) => void logged.push({ event, ...fields }) },
    })
    const account = await provisionTestAccount(test.core)
    await test.core.webhooks.create(account.admin, {
      url: `${hook.url}${SECRET_PATH}?${SECRET_QUERY}`,
      eventTypes: ['token.rotation_started'],
    })
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()

    expect(hook.requests).toHaveLength(1)
    expect(logged).toContainEqual(
      expect.objectContaining({ event: 'notification.delivery', channel: 'webhook', ok: false }),
    )
    expect(JSON.stringify(logged)).not.toContain('pathsecret')
    expect(JSON.stringify(logged)).not.toContain('querysecret')
  })
})

describe('a webhook deleted while an event is raised', () => {
  // On SQLite one writer runs at a time; on PostgreSQL the delete can commit mid-transaction.
  it.skipIf(testDialect() !== 'postgres')(
    'is skipped by the event, which still goes through (the deliveries insert failed its foreign key)',
    async () => {
      const test = await open()
      const account = await provisionTestAccount(test.core)
      const { token } = await createTestToken(test.core, account)
      const { webhook } = await test.core.webhooks.create(account.admin, {
        url: 'https://hooks.example.test/rotations',
        eventTypes: ['token.rotation_started'],
      })
      const db = await test.database()
      const removal = await holdTransaction(db, async (trx) => {
        await trx.deleteFrom('webhooks').where('id', '=', webhook.id).execute()
      })
      await expect(
        removal.commitDuring(() => test.core.lifecycle.rotate(account.admin, token.id, {})),
      ).resolves.toMatchObject({ token: { id: token.id } })
      const deliveries = await db.selectFrom('notification_deliveries').select('channel').execute()
      expect(deliveries.filter((row) => row.channel === 'webhook')).toEqual([])
    },
  )
})
