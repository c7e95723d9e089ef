import { describe, expect, it } from 'vitest'
import { notificationTestBench } from '../test-support/notification-test-bench.js'
import {
  createTestToken,
  provisionTestAccount,
  reportLegacyReadWriteLeaked,
} from '../test-support/open-test-core.js'

const DAY = 86_400_000

const { open, receiver, mailServer } = notificationTestBench()

/** A core with an SMTP server that refuses gone@ for good (550) and busy@ for now (451). */
async function coreWithMailServer() {
  const smtp = await mailServer((address) =>
    address === 'gone@example.test' ? 550 : address === 'busy@example.test' ? 451 : null,
  )
  return open({ smtpUrl: smtp.url, webhooksAllowPrivate: true })
}

describe('e-mail deliveries', () => {
  it('lists only the account’s e-mails, newest first, with event, token, recipient, status, attempts and reply code', async () => {
    const test = await coreWithMailServer()
    const account = await provisionTestAccount(test.core)
    const other = await provisionTestAccount(test.core)
    const hook = await receiver()
    await test.core.webhooks.create(account.admin, { url: hook.url, eventTypes: ['token.rotation_started'] })
    const { token } = await createTestToken(test.core, account, {
      name: 'Billing sync',
      developerEmails: ['gone@example.test', 'busy@example.test'],
    })
    const elsewhere = await createTestToken(test.core, other, { developerEmails: ['other@example.test'] })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    test.clock.advance(60_000)
    await test.core.lifecycle.completeRotation(account.admin, token.id)
    await test.core.lifecycle.rotate(other.admin, elsewhere.token.id, {})
    await test.core.notifications.deliverDue()

    const { items, nextCursor } = await test.core.emailDeliveries.list(account.admin, {})
    expect(nextCursor).toBeNull()
    // Three recipients per event (the primary contact and two developers), no webhook delivery, nothing of the other account.
    expect(items.map((item) => item.eventType)).toEqual([
      ...Array(3).fill('token.rotation_completed'),
      ...Array(3).fill('token.rotation_started'),
    ])
    expect(items.every((item) => item.token?.id === token.id && item.token.name === 'Billing sync')).toBe(
      true,
    )
    const started = items.filter((item) => item.eventType === 'token.rotation_started')
    expect(started.find((item) => item.recipient === 'gone@example.test')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastResponseStatus: 550,
      lastError: 'smtp_rejected',
      expired: false,
      lastAttemptAt: expect.any(String),
    })
    expect(started.find((item) => item.recipient === 'busy@example.test')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastResponseStatus: 451,
      lastError: 'smtp_failed',
      nextAttemptAt: expect.any(String),
    })
    expect(started.find((item) => item.recipient.startsWith('admin-'))).toMatchObject({
      status: 'delivered',
      deliveredAt: expect.any(String),
    })
    expect(
      (await test.core.emailDeliveries.list(other.admin, {})).items.map((item) => item.recipient),
    ).toEqual(expect.arrayContaining(['other@example.test']))
  })

  it('pages through the e-mails with a cursor, each once, and refuses a made-up cursor', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account, { developerEmails: ['dev@example.test'] })
    for (let round = 0; round < 3; round++) {
      await test.core.lifecycle.rotate(account.admin, token.id, {})
      await test.core.lifecycle.completeRotation(account.admin, token.id)
      test.clock.advance(1_000)
    }
    const all = (await test.core.emailDeliveries.list(account.admin, { limit: 100 })).items
    expect(all).toHaveLength(12)
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await test.core.emailDeliveries.list(account.admin, { limit: 5, cursor })
      expect(page.items.length).toBeLessThanOrEqual(5)
      seen.push(...page.items.map((item) => item.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(seen).toEqual(all.map((item) => item.id))
    await expect(test.core.emailDeliveries.list(account.admin, { cursor: 'nope' })).rejects.toMatchObject({
      code: 'ValidationFailed',
    })
  })

  it('says a token’s kind, so a legacy credential’s e-mail leads to the legacy page, not a token page it has not', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    await reportLegacyReadWriteLeaked(test.core, account)
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})

    const { items } = await test.core.emailDeliveries.list(account.admin, {})
    expect(items.find((item) => item.eventType === 'token.leaked')?.token).toMatchObject({
      kind: 'legacy_read_write',
    })
    expect(items.find((item) => item.eventType === 'token.rotation_started')?.token).toEqual({
      id: token.id,
      name: token.name,
      kind: 'scoped',
    })
  })

  it('names no token once the token is deleted', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.tokens.remove(account.admin, token.id)
    const { items } = await test.core.emailDeliveries.list(account.admin, {})
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((item) => item.token === null)).toBe(true)
  })

  it('is for token managers signed in: an analyst is refused', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    await expect(test.core.emailDeliveries.list(account.analyst, {})).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
    await expect(test.core.emailDeliveries.resend(account.analyst, 'ntd_x')).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
  })

  it('resends a finished e-mail once, audited without the recipient’s address, and refuses it with DeliveryPending while it is pending', async () => {
    const test = await coreWithMailServer()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account, {
      developerEmails: ['gone@example.test', 'busy@example.test'],
    })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()
    const { items } = await test.core.emailDeliveries.list(account.admin, {})
    const refused = items.find((item) => item.recipient === 'gone@example.test')
    const retrying = items.find((item) => item.recipient === 'busy@example.test')

    await expect(test.core.emailDeliveries.resend(account.admin, retrying?.id ?? '')).rejects.toMatchObject({
      code: 'DeliveryPending',
    })
    const resent = await test.core.emailDeliveries.resend(account.admin, refused?.id ?? '')
    expect(resent).toMatchObject({
      id: refused?.id,
      status: 'pending',
      lastError: null,
      lastResponseStatus: null,
      recipient: 'gone@example.test',
      token: { id: token.id },
    })
    await expect(test.core.emailDeliveries.resend(account.admin, refused?.id ?? '')).rejects.toMatchObject({
      code: 'DeliveryPending',
    })
    // It is attempted again (and refused again) by the next round.
    await test.core.notifications.deliverDue()
    const again = (await test.core.emailDeliveries.list(account.admin, {})).items.find(
      (item) => item.id === refused?.id,
    )
    expect(again).toMatchObject({ status: 'failed', attempts: 2, lastResponseStatus: 550 })

    const db = await test.database()
    const audited = await db
      .selectFrom('audit_events')
      .select(['account_id', 'token_id', 'details'])
      .where('action', '=', 'email.resend')
      .execute()
    expect(audited).toHaveLength(1)
    expect(audited[0]?.account_id).toBe(account.accountId)
    expect(audited[0]?.token_id).toBe(token.id)
    // The address is the delivery's, pruned with it; the trail, kept and exported, names no one by it.
    expect(JSON.parse(audited[0]?.details ?? '{}')).toEqual({
      deliveryId: refused?.id,
      eventId: refused?.eventId,
      eventType: 'token.rotation_started',
      name: token.name,
    })
    expect(audited[0]?.details).not.toContain('@example.test')
  })

  it('audits a resend against the token its e-mail is about, so the trail filtered by that token shows it, a legacy credential’s too', async () => {
    const test = await coreWithMailServer()
    const account = await provisionTestAccount(test.core)
    await reportLegacyReadWriteLeaked(test.core, account)
    const { token } = await createTestToken(test.core, account, { name: 'Billing sync' })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()
    const { items } = await test.core.emailDeliveries.list(account.admin, {})
    const leaked = items.find((item) => item.eventType === 'token.leaked')
    const rotated = items.find((item) => item.eventType === 'token.rotation_started')
    expect([leaked?.status, rotated?.status]).toEqual(['delivered', 'delivered'])
    const legacyId = leaked?.token?.id ?? ''
    expect(leaked?.token?.kind).toBe('legacy_read_write')

    await test.core.emailDeliveries.resend(account.admin, leaked?.id ?? '')
    await test.core.emailDeliveries.resend(account.admin, rotated?.id ?? '')

    const resendsOf = async (tokenId: string) =>
      (await test.core.audit.list(account.admin, { tokenId, action: 'email.resend' })).items
    expect(await resendsOf(token.id)).toEqual([
      expect.objectContaining({
        tokenId: token.id,
        tokenName: 'Billing sync',
        details: expect.objectContaining({ deliveryId: rotated?.id, name: 'Billing sync' }),
      }),
    ])
    // As the credential's own events (`legacy.reset`, `token.leaked`) name it: by its row.
    expect(await resendsOf(legacyId)).toEqual([
      expect.objectContaining({
        tokenId: legacyId,
        details: expect.objectContaining({ deliveryId: leaked?.id }),
      }),
    ])
    const leakedEvents = (await test.core.audit.list(account.admin, { action: 'token.leaked' })).items
    expect(leakedEvents.map((event) => event.tokenId)).toEqual([legacyId])
  })

  it('refuses to resend an expiry reminder whose token was renewed since, and leaves it delivered', async () => {
    const test = await coreWithMailServer()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account, {
      expiresAt: new Date(test.clock.now().getTime() + 10 * DAY).toISOString(),
    })
    await test.core.jobs.runDue()
    await test.core.notifications.deliverDue()
    const [reminder] = (await test.core.emailDeliveries.list(account.admin, {})).items
    expect(reminder).toMatchObject({ eventType: 'token.expiring', status: 'delivered' })
    await test.core.lifecycle.renew(account.admin, token.id, {
      expiresAt: new Date(test.clock.now().getTime() + 60 * DAY).toISOString(),
    })

    await expect(test.core.emailDeliveries.resend(account.admin, reminder?.id ?? '')).rejects.toMatchObject({
      code: 'NoticeSuperseded',
    })
    await test.core.notifications.deliverDue()
    const after = (await test.core.emailDeliveries.list(account.admin, {})).items.find(
      (item) => item.id === reminder?.id,
    )
    expect(after).toMatchObject({ status: 'delivered', lastError: null, attempts: 1 })
    const db = await test.database()
    expect(
      await db.selectFrom('audit_events').select('id').where('action', '=', 'email.resend').execute(),
    ).toEqual([])
  })

  it('refuses to resend to an address removed from the token since, and mails nobody', async () => {
    // Its mailbox was full once; it would take the mail now.
    let refusals = 0
    const smtp = await mailServer((address) =>
      address === 'gone@example.test' && refusals++ === 0 ? 550 : null,
    )
    const test = await open({ smtpUrl: smtp.url })
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account, {
      developerEmails: ['gone@example.test', 'kept@example.test'],
    })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()
    const [refused] = (await test.core.emailDeliveries.list(account.admin, {})).items.filter(
      (item) => item.recipient === 'gone@example.test',
    )
    expect(refused?.status).toBe('failed')
    await test.core.tokens.update(account.admin, token.id, { developerEmails: ['kept@example.test'] })
    const mailed = smtp.mails.length

    await expect(test.core.emailDeliveries.resend(account.admin, refused?.id ?? '')).rejects.toMatchObject({
      code: 'RecipientRemoved',
    })
    await test.core.notifications.deliverDue()
    expect(smtp.mails).toHaveLength(mailed)
    expect(smtp.mails.flatMap((mail) => mail.to)).not.toContain('gone@example.test')
    const after = (await test.core.emailDeliveries.list(account.admin, {})).items.find(
      (item) => item.id === refused?.id,
    )
    expect(after).toMatchObject({ status: 'failed', attempts: 1, lastError: 'smtp_rejected' })
  })

  it('finds neither another account’s e-mail nor a webhook delivery to resend', async () => {
    const test = await open({ webhooksAllowPrivate: true })
    const account = await provisionTestAccount(test.core)
    const other = await provisionTestAccount(test.core)
    const hook = await receiver(() => 410)
    const { webhook } = await test.core.webhooks.create(account.admin, {
      url: hook.url,
      eventTypes: ['token.rotation_started'],
    })
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    test.clock.advance(25 * 3_600_000)
    await test.core.notifications.deliverDue()
    const [email] = (await test.core.emailDeliveries.list(account.admin, {})).items
    expect(email?.status).toBe('failed')
    await expect(test.core.emailDeliveries.resend(other.admin, email?.id ?? '')).rejects.toMatchObject({
      code: 'NotFound',
    })
    expect((await test.core.emailDeliveries.list(other.admin, {})).items).toEqual([])
    const [webhookDelivery] = await test.core.webhooks.deliveries(account.admin, webhook.id)
    await expect(
      test.core.emailDeliveries.resend(account.admin, webhookDelivery?.id ?? ''),
    ).rejects.toMatchObject({ code: 'NotFound' })
  })
})
