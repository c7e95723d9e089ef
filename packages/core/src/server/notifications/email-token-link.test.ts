import { describe, expect, it } from 'vitest'
import type { Locale } from '../../i18n/locales.js'
import { notificationTestBench } from '../test-support/notification-test-bench.js'
import {
  createTestToken,
  provisionTestAccount,
  reportLegacyReadWriteLeaked,
} from '../test-support/open-test-core.js'

const { open, mailServer } = notificationTestBench()

const LINK_LINE: Record<Locale, string> = {
  en: 'Open it in Token Console: ',
  'zh-CN': '在令牌控制台中查看：',
}

/** The token's primary contact reads `locale`: the e-mail comes in it. */
async function accountReading(test: Awaited<ReturnType<typeof open>>, locale: Locale) {
  const account = await provisionTestAccount(test.core)
  await test.core.auth.setLocale(account.admin, locale)
  return account
}

describe('the link of a notification e-mail to its token', () => {
  it.each(['en', 'zh-CN'] as const)(
    'opens a scoped token’s own page under PUBLIC_URL, in %s',
    async (locale) => {
      const smtp = await mailServer()
      const test = await open({ smtpUrl: smtp.url, publicUrl: 'https://tokens.example.com/' })
      const account = await accountReading(test, locale)
      const { token } = await createTestToken(test.core, account, { name: 'Order feed' })
      await test.core.lifecycle.rotate(account.admin, token.id, {})
      await test.core.notifications.deliverDue()
      expect(smtp.mails).toHaveLength(1)
      expect(smtp.mails[0]?.text.split('\n')).toContain(
        `${LINK_LINE[locale]}https://tokens.example.com/settings/api/tokens/${token.id}`,
      )
    },
  )

  it.each(['en', 'zh-CN'] as const)(
    'opens the legacy tokens page for a legacy credential, which has no page of its own, in %s',
    async (locale) => {
      const smtp = await mailServer()
      const test = await open({ smtpUrl: smtp.url, publicUrl: 'https://tokens.example.com' })
      const account = await accountReading(test, locale)
      const readWrite = await reportLegacyReadWriteLeaked(test.core, account)
      await test.core.notifications.deliverDue()
      expect(smtp.mails).toHaveLength(1)
      const text = smtp.mails[0]?.text ?? ''
      expect(text.split('\n')).toContain(`${LINK_LINE[locale]}https://tokens.example.com/settings/api/legacy`)
      expect(text).not.toContain(readWrite.authToken)
    },
  )

  it('is given only to a recipient who can open the page: not to an Analyst primary contact, a developer address outside the account, or a manager of another account', async () => {
    const smtp = await mailServer()
    const test = await open({ smtpUrl: smtp.url, publicUrl: 'https://tokens.example.com' })
    const account = await provisionTestAccount(test.core)
    const other = await provisionTestAccount(test.core, 'partner')
    const db = await test.database()
    const emailOf = async (userId: string) =>
      (await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email
    const analyst = await emailOf(account.analystUserId)
    const impl = await emailOf(account.implUserId)
    const otherAdmin = await emailOf(other.adminUserId)
    const outsider = 'developer@outside.example'
    const { token } = await createTestToken(test.core, account, {
      primaryContactUserId: account.analystUserId,
      developerEmails: [outsider, impl, otherAdmin],
    })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()
    const linked = (recipient: string) =>
      smtp.mails.find((mail) => mail.to.includes(recipient))?.text.includes(LINK_LINE.en)
    expect(smtp.mails).toHaveLength(4)
    expect({
      analyst: linked(analyst),
      impl: linked(impl),
      outsider: linked(outsider),
      otherAdmin: linked(otherAdmin),
    }).toEqual({ analyst: false, impl: true, outsider: false, otherAdmin: false })
  })

  it('is left out when PUBLIC_URL is unset: the e-mail is as it was', async () => {
    const smtp = await mailServer()
    const test = await open({ smtpUrl: smtp.url })
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account, { name: 'Order feed' })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()
    expect(smtp.mails).toHaveLength(1)
    expect(smtp.mails[0]?.text).not.toContain(LINK_LINE.en)
    expect(smtp.mails[0]?.text).not.toContain('/settings/api')
  })

  it('is the address set when the e-mail goes out, for an e-mail queued before PUBLIC_URL was set', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account, { name: 'Order feed' })
    // Queued without a mail server: the e-mail waits, and is sent by the instance started next.
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.close()
    const smtp = await mailServer()
    const restarted = await test.openSibling({ smtpUrl: smtp.url, publicUrl: 'https://tokens.example.com' })
    await restarted.core.notifications.deliverDue()
    expect(smtp.mails).toHaveLength(1)
    expect(smtp.mails[0]?.text).toContain(`https://tokens.example.com/settings/api/tokens/${token.id}`)
  })

  it('is left out for a token deleted before its e-mail went out: there is no page to open', async () => {
    const smtp = await mailServer()
    const test = await open({ smtpUrl: smtp.url, publicUrl: 'https://tokens.example.com' })
    const account = await provisionTestAccount(test.core)
    const { token } = await createTestToken(test.core, account, { name: 'Order feed' })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.tokens.remove(account.admin, token.id)
    await test.core.notifications.deliverDue()
    // The rotation's start, and its end with the token.
    expect(smtp.mails).toHaveLength(2)
    for (const mail of smtp.mails) expect(mail.text).not.toContain('tokens.example.com')
  })
})
