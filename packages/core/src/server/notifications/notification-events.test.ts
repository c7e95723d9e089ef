import en from '@tokens/locales/en.json' with { type: 'json' }
import zhCN from '@tokens/locales/zh-CN.json' with { type: 'json' }
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import type { Locale } from '../../i18n/locales.js'
import type { NotificationType } from '../../notifications/notification-schemas.js'
import { notificationTestBench } from '../test-support/notification-test-bench.js'
import {
  createTestToken,
  manualClock,
  provisionTestAccount,
  type TestAccount,
  type TestCore,
} from '../test-support/open-test-core.js'

// Issue 15's "each event delivered once by e-mail … and by webhook": every event type, through the
// path that raises it in production, to a real SMTP server and a real HTTP receiver, in both languages.

const DAY = 86_400_000
const { open, receiver, mailServer } = notificationTestBench()

interface Scenario {
  test: TestCore
  account: TestAccount
  tokenId: string
  authToken: string
}

/** What raises each event; the clock starts 40 days back so every step stays before the real now. */
const RAISE: Record<NotificationType, (scenario: Scenario) => Promise<void>> = {
  'token.expiring': async ({ test }) => {
    test.clock.advance(7 * DAY) // 13 days left: the 14-day notice
    await test.core.jobs.runDue()
  },
  'token.expired': async ({ test }) => {
    test.clock.advance(21 * DAY)
    await test.core.jobs.runDue()
  },
  'token.rotation_started': async ({ test, account, tokenId }) => {
    await test.core.lifecycle.rotate(account.admin, tokenId, {})
  },
  'token.rotation_completed': async ({ test, account, tokenId }) => {
    await test.core.lifecycle.rotate(account.admin, tokenId, {})
    await test.core.lifecycle.completeRotation(account.admin, tokenId)
  },
  'token.disabled_unused': async ({ test, account }) => {
    await test.core.policies.update(account.admin, { disableUnusedAfterDays: 30 })
    test.clock.advance(31 * DAY)
    await test.core.jobs.runDue()
  },
  'token.leaked': async ({ test, account, authToken }) => {
    await test.core.policies.update(account.admin, { leakResponse: 'notify' })
    await test.core.leaks.report([
      {
        token: authToken,
        type: 'token_console_auth_token',
        url: 'https://example.test/leak',
        source: 'content',
      },
    ])
  },
}

const EMAIL_TEXTS: Record<Locale, Record<string, unknown>> = {
  en: en.notifications.email,
  'zh-CN': zhCN.notifications.email,
}

/** The catalog's subject for the event as a pattern: the name filled in, a formatted date matched loosely. */
function subjectPattern(locale: Locale, type: NotificationType, name: string): RegExp {
  const texts = EMAIL_TEXTS[locale][type.replace(/^token\./, '')] as { subject: string }
  const template = texts.subject
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^${escaped.replace('\\{name\\}', name).replace(/\\\{\w+\\\}/g, '.+')}$`)
}

const CASES = (Object.keys(RAISE) as NotificationType[]).flatMap((type) =>
  (['en', 'zh-CN'] as const).map((locale) => ({ type, locale })),
)

describe('every notification event', () => {
  it.each(CASES)(
    '$type reaches the contact once by e-mail in $locale and each subscribed webhook once, signed',
    async ({ type, locale }) => {
      const smtp = await mailServer()
      const hook = await receiver()
      const test = await open({
        clock: manualClock(new Date(Date.now() - 40 * DAY)),
        smtpUrl: smtp.url,
        publicUrl: 'https://tokens.example.com',
        webhooksAllowPrivate: true,
      })
      const account = await provisionTestAccount(test.core)
      await test.core.auth.setLocale(account.impl, locale)
      const { secret } = await test.core.webhooks.create(account.admin, { url: hook.url, eventTypes: [type] })
      const name = locale === 'en' ? 'Order feed' : '订单同步'
      const { token, credentials } = await createTestToken(test.core, account, {
        name,
        primaryContactUserId: account.implUserId,
        developerEmails: ['dev@example.test'],
        // Only the expiry events need one (an expired token is not disabled for disuse).
        ...(type === 'token.expiring' || type === 'token.expired'
          ? { expiresAt: new Date(test.clock.now().getTime() + 20 * DAY).toISOString() }
          : {}),
      })

      await RAISE[type]({ test, account, tokenId: token.id, authToken: credentials.authToken })
      await test.core.notifications.deliverDue()
      // A second pass sends nothing again: each delivery row is sent once.
      await test.core.notifications.deliverDue()

      const subject = subjectPattern(locale, type, name)
      const mails = smtp.mails.filter((mail) => subject.test(mail.subject))
      // Sorted, the developer's address comes before the contact's (impl-…).
      expect(mails.flatMap((mail) => mail.to).sort()).toEqual([
        'dev@example.test',
        expect.stringMatching(/^impl-/),
      ])
      for (const mail of mails) {
        expect(mail.contentLanguage).toBe(locale)
        expect(mail.text).toContain(name)
        expect(mail.text).not.toContain(credentials.authToken)
        // The contact, a token manager, opens the token from the e-mail rather than looking for it;
        // the developer outside the account could not open the page, and gets no link.
        const link = (EMAIL_TEXTS[locale]['tokenLink'] as string).replace(
          '{link}',
          `https://tokens.example.com/settings/api/tokens/${token.id}`,
        )
        expect(mail.text.split('\n').includes(link)).toBe(mail.to[0] !== 'dev@example.test')
      }

      expect(hook.requests).toHaveLength(1)
      const [request] = hook.requests
      const id = String(request?.headers['webhook-id'])
      const timestamp = Number(request?.headers['webhook-timestamp'])
      const body = request?.body ?? ''
      // The reference implementation's signature over the same id, time and body (its verify() also
      // checks the time against the real clock, which this test moved).
      expect(String(request?.headers['webhook-signature']).split(' ')).toContain(
        new Webhook(secret).sign(id, new Date(timestamp * 1000), body),
      )
      const event = JSON.parse(body) as { type: string; data: { tokenId: string; tokenName: string } }
      expect(event).toMatchObject({ type, data: { tokenId: token.id, tokenName: name } })
      expect(body).not.toContain(credentials.authToken)
      // The console's address is the e-mail's alone: the payload keeps its published shape.
      expect(body).not.toContain('tokens.example.com')
    },
  )
})
