import type { EmailDeliveryPage, EmailDeliveryView } from '@tokens/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bodyOf, openApiFixture, type AdminSession, type ApiFixture } from '../test-support/api-fixture.js'

const LIST = '/api/notifications/emails'
const resendPath = (id: string | undefined) => `${LIST}/${id ?? 'none'}/resend`

describe('notification e-mails on the admin API', () => {
  let f: ApiFixture
  let impl: AdminSession
  let failed: EmailDeliveryView | undefined
  let authToken: string
  beforeAll(async () => {
    f = await openApiFixture()
    const created = await f.createToken(f.a, { developerEmails: ['dev@alpha.test'] })
    authToken = created.credentials.authToken
    await f.core.lifecycle.rotate(f.a.admin.context, created.token.id, {})
    // No mail server: the e-mails wait their 24 hours, then fail unsent.
    f.clock.advance(25 * 3_600_000)
    await f.core.notifications.deliverDue()
    failed = (await f.core.emailDeliveries.list(f.a.admin.context, {})).items[0]
    // After the clock's jump, which a session would not outlive.
    impl = await f.signIn(f.a.impl)
  })
  afterAll(() => f.close())

  it("lists the account's e-mails with their recipient, token and status, a page at a time, and no secret", async () => {
    const res = await f.call('GET', `${LIST}?limit=1`, { session: impl })
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toContain(authToken)
    const first = JSON.parse(text) as EmailDeliveryPage
    expect(first.items).toHaveLength(1)
    expect(first.items[0]).toMatchObject({
      eventType: 'token.rotation_started',
      status: 'failed',
      lastError: 'expired',
      expired: true,
      token: { id: expect.any(String), name: expect.any(String) },
    })
    expect(first.nextCursor).toEqual(expect.any(String))
    const next = await bodyOf<EmailDeliveryPage>(
      await f.call('GET', `${LIST}?limit=1&cursor=${first.nextCursor}`, { session: impl }),
    )
    expect(next.items.map((item) => item.id)).not.toContain(first.items[0]?.id)
    const recipients = [...first.items, ...next.items].map((item) => item.recipient)
    expect(recipients).toContain('dev@alpha.test')
  })

  it.each([`${LIST}?cursor=nope`, `${LIST}?limit=0`, `${LIST}?limit=101`, `${LIST}?page=2`])(
    'answers 400 to %s',
    async (path) => {
      const res = await f.call('GET', path, { session: impl })
      expect(res.status).toBe(400)
    },
  )

  it('resends a failed e-mail (200), then answers 409 DeliveryPending while it is pending', async () => {
    const session = await f.signIn(f.a.admin)
    const resent = await f.call('POST', resendPath(failed?.id), { session })
    expect(resent.status).toBe(200)
    expect((await bodyOf<{ delivery: EmailDeliveryView }>(resent)).delivery).toMatchObject({
      id: failed?.id,
      status: 'pending',
      lastError: null,
    })
    const again = await f.call('POST', resendPath(failed?.id), { session })
    expect(again.status).toBe(409)
    expect((await bodyOf(again)).code).toBe('DeliveryPending')
  })

  it("answers 404 NotFound for another account's e-mail and leaves it as it was", async () => {
    const [other] = (await f.core.emailDeliveries.list(f.a.admin.context, { limit: 100 })).items.filter(
      (item) => item.status === 'failed',
    )
    const session = await f.signIn(f.b.admin)
    const res = await f.call('POST', resendPath(other?.id), { session })
    expect(res.status).toBe(404)
    expect((await bodyOf(res)).code).toBe('NotFound')
    expect((await bodyOf<EmailDeliveryPage>(await f.call('GET', LIST, { session }))).items).toEqual([])
    const still = (await f.core.emailDeliveries.list(f.a.admin.context, { limit: 100 })).items.find(
      (item) => item.id === other?.id,
    )
    expect(still?.status).toBe('failed')
  })

  it('refuses a resend without the CSRF token (403) and changes nothing', async () => {
    const [other] = (await f.core.emailDeliveries.list(f.a.admin.context, { limit: 100 })).items.filter(
      (item) => item.status === 'failed',
    )
    const res = await f.call('POST', resendPath(other?.id), { session: impl, withoutCsrf: true })
    expect(res.status).toBe(403)
    const still = (await f.core.emailDeliveries.list(f.a.admin.context, { limit: 100 })).items.find(
      (item) => item.id === other?.id,
    )
    expect(still?.status).toBe('failed')
  })

  it.each([
    ['GET', LIST],
    ['POST', resendPath('dlv_none')],
  ] as const)('answers %s %s with 401 without a session and 403 to an Analyst', async (method, path) => {
    expect((await f.call(method, path)).status).toBe(401)
    const analyst = await f.signIn(f.a.analyst)
    const refused = await f.call(method, path, { session: analyst })
    expect(refused.status).toBe(403)
    expect((await bodyOf(refused)).code).toBe('RoleNotPermitted')
  })
})
