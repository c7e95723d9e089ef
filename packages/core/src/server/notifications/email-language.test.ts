import { describe, expect, it } from 'vitest'
import { notificationTestBench } from '../test-support/notification-test-bench.js'
import { createTestToken, provisionTestAccount } from '../test-support/open-test-core.js'

const { open, mailServer } = notificationTestBench()

describe('the language of a notification e-mail', () => {
  it('is the chosen language of each recipient who is a user of the account, the contact’s for other addresses', async () => {
    const smtp = await mailServer()
    const test = await open({ smtpUrl: smtp.url })
    const account = await provisionTestAccount(test.core)
    const other = await provisionTestAccount(test.core)
    await test.core.auth.setLocale(account.impl, 'zh-CN')
    await test.core.auth.setLocale(other.impl, 'zh-CN')
    const db = await test.database()
    const emailOf = async (userId: string) =>
      (await db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email
    const colleague = await emailOf(account.implUserId)
    // Another account's user is no one this account may know about: the contact's language.
    const stranger = await emailOf(other.implUserId)
    const { token } = await createTestToken(test.core, account, {
      name: 'Order feed',
      developerEmails: [colleague, stranger, 'dev@example.test'],
    })
    await test.core.lifecycle.rotate(account.admin, token.id, {})
    await test.core.notifications.deliverDue()
    const languages = Object.fromEntries(smtp.mails.map((mail) => [mail.to[0], mail.contentLanguage]))
    expect(languages).toEqual({
      [await emailOf(account.adminUserId)]: 'en',
      [colleague]: 'zh-CN',
      [stranger]: 'en',
      'dev@example.test': 'en',
    })
    expect(smtp.mails.find((mail) => mail.to[0] === colleague)?.subject).toBe('“Order feed”的轮换已开始')
  })
})
