import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { TokenConsoleError } from '../../errors/error-codes.js'
import { startCoreProcess } from '../test-support/core-process.js'
import { restartWithNewMasterKey } from '../test-support/restart-with-new-master-key.js'
import { eventually, type ReceivedRequest } from '../test-support/notification-receivers.js'
import { notificationTestBench } from '../test-support/notification-test-bench.js'
import { createTestToken, provisionTestAccount } from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import { enqueueNotification } from './enqueue-notification.js'
import { enqueueExpiryNotices } from './expiry-notices.js'
import { postWebhook } from './send-webhook.js'

const { open, receiver, mailServer, closeAfterTest } = notificationTestBench()

/** What an independent Standard Webhooks implementation reads from a received request; throws on a bad signature. */
function verifiedByStandardWebhooks(secret: string, request: ReceivedRequest | undefined) {
  return new Webhook(secret).verify(request?.body ?? '', {
    'webhook-id': String(request?.headers['webhook-id']),
    'webhook-timestamp': String(request?.headers['webhook-timestamp']),
    'webhook-signature': String(request?.headers['webhook-signature']),
  }) as { type: string; data: Record<string, unknown> }
}

/** A core whose account has a webhook for token.rotation_started at `url` (private addresses allowed). */
async function accountWithRotationWebhook(url: string) {
  const test = await open({ webhooksAllowPrivate: true })
  const account = await provisionTestAccount(test.core)
  const { webhook, secret } = await test.core.webhooks.create(account.admin, {
    url,
    eventTypes: ['token.rotation_started'],
  })
  return { test, account, webhook, secret }
}

describe('notifications', () => {
  it('enqueues an event with the change and leaves none when the change rolls back', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account, { developerEmails: ['dev@example.test'] })
    const db = await test.database()
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueNotification(trx, {
          accountId: account.accountId,
          type: 'token.leaked',
          tokenId: token.id,
          at: test.clock.now().toISOString(),
        })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await db.selectFrom('notification_events').selectAll().execute()).toEqual([])
    expect(await db.selectFrom('notification_deliveries').selectAll().execute()).toEqual([])

    await test.core.lifecycle.rotate(account.admin, token.id, {})
    const events = await db.selectFrom('notification_events').selectAll().execute()
    expect(events.map((event) => event.type)).toEqual(['token.rotation_started'])
    const deliveries = await db.selectFrom('notification_deliveries').selectAll().execute()
    expect(deliveries.map((row) => row.recipient).sort()).toEqual(
      ['dev@example.test', expect.stringMatching(/^admin-/)].sort(),
    )
  })

  it('a refused rotation enqueues nothing', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await expect(test.core.lifecycle.rotate(account.admin, token.id, {})).rejects.toThrow(TokenConsoleError)
    const db = await test.database()
    expect(await db.selectFrom('notification_events').select('type').execute()).toHaveLength(1)
  })

  it('e-mails the primary contact and developers in the contact’s language, English or Chinese', async () => {
    const smtp = await mailServer()
    const test = await open({ smtpUrl: smtp.url, smtpFrom: 'Token Console <console@example.test>' })
    expect(test.core.notifications.emailConfigured).toBe(true)
    const account = await provisionTestAccount(test.core)
    const english = await createTestToken(test.core, account, {
      name: 'Billing sync',
      developerEmails: ['dev@example.test'],
    })
    await test.core.lifecycle.rotate(account.admin, english.token.id, {})
    await test.core.notifications.deliverDue()
    expect(
      smtp.mails
        .map((mail) => mail.to)
        .flat()
        .sort(),
    ).toEqual(['dev@example.test', expect.stringMatching(/^admin-/)].sort())
    for (const mail of smtp.mails) {
      expect(mail.subject).toBe('Rotation of “Billing sync” started')
      expect(mail.text).toContain('A new auth token was issued for “Billing sync”')
      expect(mail.contentLanguage).toBe('en')
    }

    await test.core.auth.setLocale(account.impl, 'zh-CN')
    const chinese = await createTestToken(test.core, account, {
      name: '账单同步',
      primaryContactUserId: account.implUserId,
    })
    await test.core.lifecycle.rotate(account.admin, chinese.token.id, {})
    await test.core.lifecycle.completeRotation(account.admin, chinese.token.id)
    await test.core.notifications.deliverDue()
    const toImpl = smtp.mails.filter((mail) => mail.to[0]?.startsWith('impl-'))
    expect(toImpl.map((mail) => mail.subject).sort()).toEqual(
      ['“账单同步”的轮换已完成', '“账单同步”的轮换已开始'].sort(),
    )
    expect(toImpl.every((mail) => mail.contentLanguage === 'zh-CN')).toBe(true)
    expect(toImpl.find((mail) => mail.subject.includes('已开始'))?.text).toContain(
      '已为“账单同步”签发新的身份验证令牌',
    )
  })

  it('keeps e-mails queued, not failed, without an SMTP server, for their 24 hours, then expires them unsent', async () => {
    const test = await open()
    expect(test.core.notifications.emailConfigured).toBe(false)
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    const db = await test.database()
    const rows = () =>
      db.selectFrom('notification_deliveries').select(['status', 'attempts', 'last_error']).execute()
    test.clock.advance(23 * 3_600_000)
    expect(await test.core.notifications.deliverDue()).toBe(0)
    expect(await rows()).toEqual([{ status: 'pending', attempts: 0, last_error: null }])
    test.clock.advance(2 * 3_600_000)
    expect(await test.core.notifications.deliverDue()).toBe(0)
    expect(await rows()).toEqual([{ status: 'failed', attempts: 0, last_error: 'expired' }])
  })

  it.each([550, 553])(
    'fails an e-mail at once when the mail server refuses it for good (%i), and retries a temporary refusal',
    async (permanent) => {
      const smtp = await mailServer((address) =>
        address === 'gone@example.test' ? permanent : address === 'busy@example.test' ? 451 : null,
      )
      const test = await open({ smtpUrl: smtp.url })
      const account = await provisionTestAccount(test.core)
      const { token } = await createTestToken(test.core, account, {
        developerEmails: ['gone@example.test', 'busy@example.test'],
      })
      await test.core.lifecycle.rotate(account.admin, token.id, {})
      await test.core.notifications.deliverDue()
      const db = await test.database()
      const rowOf = (recipient: string) =>
        db
          .selectFrom('notification_deliveries')
          .select(['status', 'attempts', 'last_response_status', 'last_error', 'next_attempt_at'])
          .where('recipient', '=', recipient)
          .executeTakeFirstOrThrow()
      expect(await rowOf('gone@example.test')).toEqual({
        status: 'failed',
        attempts: 1,
        last_response_status: permanent,
        last_error: 'smtp_rejected',
        next_attempt_at: null,
      })
      expect(await rowOf('busy@example.test')).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_response_status: 451,
        last_error: 'smtp_failed',
        next_attempt_at: expect.any(String),
      })
      // A refused delivery is finished: the next rounds do not try it again.
      test.clock.advance(3_600_000)
      await test.core.notifications.deliverDue()
      expect(await rowOf('gone@example.test')).toMatchObject({ status: 'failed', attempts: 1 })
      expect(await rowOf('busy@example.test')).toMatchObject({ attempts: 2 })
    },
  )

  // A mail server that refuses the set-up (a wrong password; a sender it will not relay for; reached
  // without SMTP_URL's credentials, so it refuses every recipient alike) is the operator's to fix,
  // not the message's: its e-mails wait for the fix instead of failing for good.
  it.each([
    { fault: 'a refused sign-in (535)', login: 'mailer:wrong@', options: { refuseLogin: 535 }, code: 535 },
    { fault: 'a refused sender (553)', options: { refuseSender: 553 }, code: 553 },
    {
      fault: 'relay access denied (554 5.7.1)',
      refuse: { code: 554, text: '5.7.1 <dev@example.test>: Relay access denied' },
      code: 554,
    },
    {
      fault: 'authentication required (530 5.7.0)',
      refuse: { code: 530, text: '5.7.0 Authentication required' },
      code: 530,
    },
  ])(
    'keeps retrying an e-mail the mail set-up refuses with $fault, which refuses every message until an operator fixes it',
    async ({ login = '', options = {}, refuse = null, code }) => {
      const smtp = await mailServer(() => refuse, options)
      const test = await open({ smtpUrl: smtp.url.replace('smtp://', `smtp://${login}`) })
      const account = await provisionTestAccount(test.core)
      const { token } = await createTestToken(test.core, account, { developerEmails: ['dev@example.test'] })
      await test.core.lifecycle.rotate(account.admin, token.id, {})
      await test.core.notifications.deliverDue()
      const db = await test.database()
      expect(
        await db
          .selectFrom('notification_deliveries')
          .select(['status', 'attempts', 'last_response_status', 'last_error', 'next_attempt_at'])
          .where('recipient', '=', 'dev@example.test')
          .executeTakeFirstOrThrow(),
      ).toEqual({
        status: 'pending',
        attempts: 1,
        last_response_status: code,
        last_error: 'smtp_failed',
        next_attempt_at: expect.any(String),
      })
    },
  )

  it('delivers a webhook signed per Standard Webhooks, retries after a 500 with the same webhook-id', async () => {
    const hook = await receiver((index) => (index === 0 ? 500 : 204))
    const { test, account, webhook, secret } = await accountWithRotationWebhook(hook.url)
    expect(secret).toMatch(/^whsec_/)
    const { token } = await createTestToken(test.core, account, { name: 'Orders' })
    await test.core.lifecycle.rotate(account.admin, token.id, {})

    await test.core.notifications.deliverDue()
    const [first] = await test.core.webhooks.deliveries(account.admin, webhook.id)
    expect(first).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastResponseStatus: 500,
      lastError: 'http_status',
    })
    // Not due yet: nothing is sent before the backoff has passed.
    expect(await test.core.notifications.deliverDue()).toBe(0)

    test.clock.advance(60_000)
    await test.core.notifications.deliverDue()
    const [second] = await test.core.webhooks.deliveries(account.admin, webhook.id)
    expect(second).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastResponseStatus: 204,
      lastError: null,
    })
    expect(hook.requests).toHaveLength(2)
    const [a, b] = hook.requests
    expect(a?.headers['webhook-id']).toBe(b?.headers['webhook-id'])
    expect(a?.headers['webhook-id']).toBe(second?.eventId)

    // An independent implementation verifies the signature.
    const verified = verifiedByStandardWebhooks(secret, b)
    expect(verified.type).toBe('token.rotation_started')
    expect(verified.data).toMatchObject({ tokenId: token.id, tokenName: 'Orders' })
    expect(() => verifiedByStandardWebhooks(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, b)).toThrow()

    // Resend: a new attempt for the same event.
    await test.core.webhooks.resend(account.admin, webhook.id, second?.id ?? '')
    await test.core.notifications.deliverDue()
    expect(hook.requests).toHaveLength(3)
    expect(hook.requests[2]?.headers['webhook-id']).toBe(second?.eventId)
    const [third] = await test.core.webhooks.deliveries(account.admin, webhook.id)
    expect(third).toMatchObject({ status: 'delivered', attempts: 3 })
  })

  it('does not follow a redirect, and gives up on a receiver that does not answer in time', async () => {
    const redirecting = await receiver(() => 302)
    const silent = await receiver(() => 'hang')
    const body = '{}'
    expect(
      await postWebhook({ url: redirecting.url, headers: {}, body, allowPrivate: true, timeoutMs: 2_000 }),
    ).toEqual({ ok: false, error: 'http_status', status: 302 })
    expect(redirecting.requests).toHaveLength(1)
    expect(
      await postWebhook({ url: silent.url, headers: {}, body, allowPrivate: true, timeoutMs: 200 }),
    ).toEqual({ ok: false, error: 'timeout', status: null })
    expect(
      await postWebhook({ url: silent.url, headers: {}, body, allowPrivate: false, timeoutMs: 200 }),
    ).toEqual({ ok: false, error: 'not_https', status: null })
  })

  it('marks a delivery failed once retries have run for 24 hours', async () => {
    const hook = await receiver(() => 503)
    const { test, account, webhook } = await accountWithRotationWebhook(hook.url)
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    for (let round = 0; round < 40; round++) {
      await test.core.notifications.deliverDue()
      test.clock.advance(2.5 * 3_600_000)
    }
    const [delivery] = await test.core.webhooks.deliveries(account.admin, webhook.id)
    expect(delivery).toMatchObject({
      status: 'failed',
      nextAttemptAt: null,
      expired: true,
      lastError: 'http_status',
      lastResponseStatus: 503,
    })
    // Exponential: far fewer attempts in 24 hours than one per round.
    expect(delivery?.attempts).toBeGreaterThan(5)
    expect(delivery?.attempts).toBeLessThan(25)
  })

  it('refuses loopback, private, metadata and IPv6 loopback addresses without WEBHOOKS_ALLOW_PRIVATE', async () => {
    const hook = await receiver()
    const port = new URL(hook.url).port
    const test = await open()
    const account = await provisionTestAccount(test.core)
    await expect(
      test.core.webhooks.create(account.admin, { url: hook.url, eventTypes: ['token.leaked'] }),
    ).rejects.toMatchObject({ code: 'ValidationFailed', params: { field: 'url' } })
    const targets = ['127.0.0.1', '10.0.0.1', '169.254.169.254', '[::1]', '[::ffff:127.0.0.1]', 'localhost']
    const hooks = []
    for (const host of targets) {
      const { webhook } = await test.core.webhooks.create(account.admin, {
        url: `https://${host}:${port}/hook`,
        eventTypes: ['token.rotation_started'],
      })
      hooks.push(webhook)
    }
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    // One account's rows go out a few a round (ACCOUNT_SHARE): two rounds for six webhooks.
    await test.core.notifications.deliverDue()
    await test.core.notifications.deliverDue()
    for (const webhook of hooks) {
      const [delivery] = await test.core.webhooks.deliveries(account.admin, webhook.id)
      expect({ url: webhook.url, error: delivery?.lastError }).toEqual({
        url: webhook.url,
        error: 'address_refused',
      })
    }
    expect(hook.requests).toEqual([])
  })

  it('enqueues expiry notices once per token, threshold and expiry date', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const start = test.clock.now().getTime()
    const day = 86_400_000
    const { token } = await createTestToken(test.core, account, {
      expiresAt: new Date(start + 20 * day).toISOString(),
    })
    const deps = { db: await test.database(), dialect: test.dialect, now: test.clock.now }
    expect(await enqueueExpiryNotices(deps)).toBe(0)
    test.clock.set(new Date(start + 7 * day))
    expect(await enqueueExpiryNotices(deps)).toBe(1)
    expect(await enqueueExpiryNotices(deps)).toBe(0)
    test.clock.set(new Date(start + 17.5 * day))
    expect(await enqueueExpiryNotices(deps)).toBe(1)
    test.clock.set(new Date(start + 19.5 * day))
    expect(await enqueueExpiryNotices(deps)).toBe(1)
    expect(await enqueueExpiryNotices(deps)).toBe(0)
    test.clock.set(new Date(start + 20 * day + 1))
    expect(await enqueueExpiryNotices(deps)).toBe(1)
    expect(await enqueueExpiryNotices(deps)).toBe(0)
    const events = await deps.db
      .selectFrom('notification_events')
      .select(['type', 'data'])
      .orderBy('created_at')
      .execute()
    expect(events.map((event) => [event.type, (JSON.parse(event.data) as { days?: number }).days])).toEqual([
      ['token.expiring', 14],
      ['token.expiring', 3],
      ['token.expiring', 1],
      ['token.expired', undefined],
    ])
    // Renewed: the new date is announced again.
    test.clock.set(new Date(start + 19.5 * day))
    await test.core.lifecycle.renew(account.admin, token.id, {
      expiresAt: new Date(start + 21 * day).toISOString(),
    })
    expect(await enqueueExpiryNotices(deps)).toBe(1)
  })

  it('delivers a row whose sender was killed between claim and send, after the lease ran out', async () => {
    const hook = await receiver((index) => (index === 0 ? 'hang' : 204))
    const { test, account, webhook } = await accountWithRotationWebhook(hook.url)
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, {})

    const child = await startCoreProcess({
      mode: 'serve',
      config: {
        dataDir: test.dataDir,
        databaseUrl: test.databaseUrl,
        masterKey: test.masterKey,
        webhooksAllowPrivate: true,
        notificationIntervalMs: 0,
      },
    })
    closeAfterTest(() => child.close())
    void child.call('notifications.deliverDue').catch(() => undefined)
    await eventually(() => hook.requests.length === 1)
    await child.kill()

    // Claimed by the dead process: nobody else takes it while its lease runs.
    expect(await test.core.notifications.deliverDue()).toBe(0)
    test.clock.set(new Date(Date.now() + 61_000))
    expect(await test.core.notifications.deliverDue()).toBe(1)
    const [delivery] = await test.core.webhooks.deliveries(account.admin, webhook.id)
    expect(delivery).toMatchObject({ status: 'delivered', lastResponseStatus: 204 })
    expect(hook.requests.map((request) => request.headers['webhook-id'])).toEqual([
      delivery?.eventId,
      delivery?.eventId,
    ])
  })

  // On SQLite one instance serves a database (the kill test above covers a second process).
  it.runIf(testDialect() === 'postgres')(
    'several instances on one database deliver each event exactly once',
    async () => {
      const hook = await receiver()
      const { test, account } = await accountWithRotationWebhook(hook.url)
      const siblings = await Promise.all(
        [1, 2, 3].map(() => test.openSibling({ webhooksAllowPrivate: true, notificationIntervalMs: 5 })),
      )
      expect(siblings).toHaveLength(3)
      const tokens = await Promise.all(
        Array.from({ length: 12 }, (_, n) => createTestToken(test.core, account, { name: `Token ${n}` })),
      )
      for (const { token } of tokens) await test.core.lifecycle.rotate(account.admin, token.id, {})
      await eventually(() => hook.requests.length >= 12)
      await new Promise((resolve) => setTimeout(resolve, 300))
      const ids = hook.requests.map((request) => String(request.headers['webhook-id']))
      expect(ids).toHaveLength(12)
      expect(new Set(ids).size).toBe(12)
    },
  )

  it('tells webhooks about a leak with the URL where it was found, and about the rotation it started', async () => {
    const hook = await receiver()
    const test = await open({ webhooksAllowPrivate: true })
    const account = await provisionTestAccount(test.core)
    await test.core.policies.update(account.admin, { leakResponse: 'rotate' })
    await test.core.webhooks.create(account.admin, {
      url: hook.url,
      eventTypes: ['token.leaked', 'token.rotation_started'],
    })
    const { token, credentials } = await createTestToken(test.core, account, { name: 'Leaky' })
    const url = 'https://github.com/o/r/blob/abc/config.env'
    await test.core.leaks.report([
      { token: credentials.authToken, type: 'token_console_auth_token', url, source: 'content' },
    ])
    await test.core.notifications.deliverDue()
    const bodies = hook.requests.map(
      (request) => JSON.parse(request.body) as { type: string; data: Record<string, unknown> },
    )
    expect(bodies.map((body) => body.type).sort()).toEqual(['token.leaked', 'token.rotation_started'])
    expect(bodies.find((body) => body.type === 'token.leaked')?.data).toMatchObject({
      tokenId: token.id,
      url,
      action: 'rotated',
    })
    expect(bodies.find((body) => body.type === 'token.rotation_started')?.data).toMatchObject({
      reason: 'leak',
    })
    expect(hook.requests.map((request) => request.body).join()).not.toContain(credentials.authToken)
  })

  it('announces a rotation that ended on its own once it is settled', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account)
    await test.core.lifecycle.rotate(account.admin, token.id, { overlapSeconds: 3_600 })
    test.clock.advance(3_600_001)
    // The next rotation settles the ended one first: its audit event and its notification.
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    const db = await test.database()
    const events = await db
      .selectFrom('notification_events')
      .select(['type', 'data'])
      .orderBy('created_at')
      .execute()
    expect(events.map((event) => event.type)).toEqual([
      'token.rotation_started',
      'token.rotation_completed',
      'token.rotation_started',
    ])
    expect(JSON.parse(events[1]?.data ?? '{}')).toMatchObject({ how: 'time' })
  })

  it('signs with the same secret after a master-key rotation re-sealed it', async () => {
    const hook = await receiver()
    const { test, account, secret } = await accountWithRotationWebhook(hook.url)
    const { token } = await createTestToken(test.core, account)
    const restarted = await restartWithNewMasterKey(test, { webhooksAllowPrivate: true })
    await restarted.core.lifecycle.rotate(account.admin, token.id, {})
    await restarted.core.notifications.deliverDue()
    const [request] = hook.requests
    expect(() => verifiedByStandardWebhooks(secret, request)).not.toThrow()
  })

  it('tells the webhooks when the unused-token job disables a token', async () => {
    const hook = await receiver()
    const test = await open({ webhooksAllowPrivate: true })
    const account = await provisionTestAccount(test.core)
    await test.core.webhooks.create(account.admin, { url: hook.url, eventTypes: ['token.disabled_unused'] })
    const { token } = await createTestToken(test.core, account, { name: 'Forgotten' })
    await test.core.policies.update(account.admin, { disableUnusedAfterDays: 30 })
    test.clock.advance(31 * 86_400_000)
    await test.core.jobs.runDue()
    await test.core.notifications.deliverDue()
    expect(hook.requests.map((request) => JSON.parse(request.body) as unknown)).toEqual([
      expect.objectContaining({
        type: 'token.disabled_unused',
        data: expect.objectContaining({
          tokenId: token.id,
          tokenName: 'Forgotten',
          days: 30,
          lastUsedAt: null,
        }),
      }),
    ])
  })

  it('keeps webhooks to their account and the signing secret out of every read', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const other = await provisionTestAccount(test.core)
    const { webhook, secret } = await test.core.webhooks.create(account.admin, {
      url: 'https://hooks.example.test/in',
      description: 'Ops',
      eventTypes: ['token.leaked', 'token.expired'],
    })
    expect(webhook.eventTypes).toEqual(['token.expired', 'token.leaked'])
    for (const call of [
      () => test.core.webhooks.get(other.admin, webhook.id),
      () => test.core.webhooks.update(other.admin, webhook.id, { enabled: false }),
      () => test.core.webhooks.deliveries(other.admin, webhook.id),
      () => test.core.webhooks.remove(other.admin, webhook.id),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'NotFound' })
    }
    expect(await test.core.webhooks.list(other.admin)).toEqual([])
    await expect(test.core.webhooks.list(account.analyst)).rejects.toMatchObject({ code: 'RoleNotPermitted' })
    const listed = await test.core.webhooks.list(account.admin)
    expect(JSON.stringify(listed)).not.toContain(secret)
    expect(JSON.stringify(await test.core.webhooks.get(account.admin, webhook.id))).not.toContain(secret)
    const db = await test.database()
    const stored = await db.selectFrom('webhooks').selectAll().execute()
    expect(JSON.stringify(stored)).not.toContain(secret.slice(6))
    const trail = await db.selectFrom('audit_events').select(['action', 'details']).execute()
    expect(trail.map((event) => event.action)).toContain('webhook.create')
    expect(JSON.stringify(trail)).not.toContain(secret.slice(6))

    const updated = await test.core.webhooks.update(account.impl, webhook.id, { enabled: false })
    expect(updated.enabled).toBe(false)
    await test.core.webhooks.remove(account.admin, webhook.id)
    await expect(test.core.webhooks.get(account.admin, webhook.id)).rejects.toMatchObject({
      code: 'NotFound',
    })
  })
})
