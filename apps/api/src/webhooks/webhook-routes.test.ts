import { WEBHOOKS_PER_ACCOUNT_MAX, type DeliveryView, type WebhookView } from '@tokens/core'
import { startWebhookReceiver } from '@tokens/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodyOf, openApiFixture, type AdminSession, type ApiFixture } from '../test-support/api-fixture.js'

describe('webhooks on the admin API', () => {
  let f: ApiFixture
  let impl: AdminSession
  beforeAll(async () => {
    f = await openApiFixture({ coreOptions: { webhooksAllowPrivate: true } })
    impl = await f.signIn(f.a.impl)
  })
  afterAll(() => f.close())

  it('shows the signing secret in the creation answer only, never in a read, a list or the audit trail', async () => {
    const created = await f.call('POST', '/api/webhooks', {
      session: impl,
      json: { url: 'https://hooks.example.test/in', description: 'Ops', eventTypes: ['token.leaked'] },
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('cache-control')).toBe('no-store')
    const { webhook, secret } = await bodyOf<{ webhook: WebhookView; secret: string }>(created)
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(webhook).toMatchObject({
      url: 'https://hooks.example.test/in',
      enabled: true,
      eventTypes: ['token.leaked'],
    })

    const reads = [
      await f.call('GET', '/api/webhooks', { session: impl }),
      await f.call('GET', `/api/webhooks/${webhook.id}`, { session: impl }),
      await f.call('PATCH', `/api/webhooks/${webhook.id}`, {
        session: impl,
        json: { description: 'Changed' },
      }),
      await f.call('GET', `/api/webhooks/${webhook.id}/deliveries`, { session: impl }),
      await f.call('GET', '/api/audit-events', { session: impl }),
    ]
    for (const read of reads) {
      expect(read.status).toBe(200)
      expect(await read.text()).not.toContain(secret.slice(6))
    }
    const list = await bodyOf<{ items: WebhookView[]; emailConfigured: boolean }>(
      await f.call('GET', '/api/webhooks', { session: impl }),
    )
    expect(list.items.map((item) => item.description)).toEqual(['Changed'])
    expect(list.emailConfigured).toBe(false)
  })

  it("answers 404 for another account's webhook and changes nothing", async () => {
    const theirs = await f.core.webhooks.create(f.b.admin.context, {
      url: 'https://hooks.example.test/b',
      eventTypes: ['token.expired'],
    })
    const id = theirs.webhook.id
    for (const [method, path, json] of [
      ['GET', `/api/webhooks/${id}`],
      ['PATCH', `/api/webhooks/${id}`, { enabled: false }],
      ['DELETE', `/api/webhooks/${id}`],
      ['GET', `/api/webhooks/${id}/deliveries`],
      ['POST', `/api/webhooks/${id}/deliveries/dlv_none/resend`],
    ] as const) {
      const res = await f.call(method, path, { session: impl, ...(json ? { json } : {}) })
      expect(res.status, `${method} ${path}`).toBe(404)
      expect((await bodyOf(res)).code).toBe('NotFound')
    }
    expect(await f.core.webhooks.get(f.b.admin.context, id)).toEqual(theirs.webhook)
  })

  it('refuses an http:// URL without WEBHOOKS_ALLOW_PRIVATE, a URL with credentials, and what is no URL', async () => {
    const strict = await openApiFixture()
    try {
      const session = await strict.signIn(strict.a.admin)
      for (const url of [
        'http://hooks.example.test/in',
        'https://user:pw@hooks.example.test/in',
        'ftp://x.test/',
        'hooks.example.test/in',
      ]) {
        const res = await strict.call('POST', '/api/webhooks', {
          session,
          json: { url, eventTypes: ['token.leaked'] },
        })
        expect(res.status, url).toBe(400)
        expect((await bodyOf(res)).code).toBe('ValidationFailed')
      }
    } finally {
      await strict.close()
    }
  })

  it('logs a delivery to a receiver and resends it with the same webhook-id', async () => {
    const receiver = await startWebhookReceiver()
    try {
      const created = await bodyOf<{ webhook: WebhookView }>(
        await f.call('POST', '/api/webhooks', {
          session: impl,
          json: { url: receiver.url, eventTypes: ['token.rotation_started'] },
        }),
      )
      const { token } = await f.createToken(f.a)
      const rotated = await f.call('POST', `/api/tokens/${token.id}/rotate`, { session: impl, json: {} })
      expect(rotated.status).toBe(200)
      await f.core.notifications.deliverDue()
      const path = `/api/webhooks/${created.webhook.id}/deliveries`
      const [delivery] = (
        await bodyOf<{ items: DeliveryView[] }>(await f.call('GET', path, { session: impl }))
      ).items
      expect(delivery).toMatchObject({
        eventType: 'token.rotation_started',
        status: 'delivered',
        attempts: 1,
      })
      const resent = await f.call('POST', `${path}/${delivery?.id}/resend`, { session: impl })
      expect(resent.status).toBe(200)
      expect((await bodyOf<{ delivery: DeliveryView }>(resent)).delivery.status).toBe('pending')
      // Once: while that resend is pending, another one is refused.
      const again = await f.call('POST', `${path}/${delivery?.id}/resend`, { session: impl })
      expect(again.status).toBe(409)
      expect((await bodyOf(again)).code).toBe('DeliveryPending')
      await f.core.notifications.deliverDue()
      expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual([
        delivery?.eventId,
        delivery?.eventId,
      ])
      const deleted = await f.call('DELETE', `/api/webhooks/${created.webhook.id}`, { session: impl })
      expect(deleted.status).toBe(204)
      expect((await f.call('GET', path, { session: impl })).status).toBe(404)
    } finally {
      await receiver.close()
    }
  })

  it('answers 409 WebhookLimitReached to an eleventh webhook, in the caller’s language', async () => {
    const session = await f.signIn(f.b.admin)
    const existing = await f.core.webhooks.list(f.b.admin.context)
    for (let n = existing.length; n < WEBHOOKS_PER_ACCOUNT_MAX; n++) {
      await f.core.webhooks.create(f.b.admin.context, {
        url: `https://hooks.example.test/b${n}`,
        eventTypes: ['token.leaked'],
      })
    }
    const refused = await f.call('POST', '/api/webhooks', {
      session,
      json: { url: 'https://hooks.example.test/one-too-many', eventTypes: ['token.leaked'] },
    })
    expect(refused.status).toBe(409)
    const problem = await bodyOf<{ code: string; params: Record<string, number>; detail: string }>(refused)
    expect(problem).toMatchObject({ code: 'WebhookLimitReached', params: { max: WEBHOOKS_PER_ACCOUNT_MAX } })
    expect(problem.detail).toContain(String(WEBHOOKS_PER_ACCOUNT_MAX))
    expect(await f.core.webhooks.list(f.b.admin.context)).toHaveLength(WEBHOOKS_PER_ACCOUNT_MAX)
  })
})
