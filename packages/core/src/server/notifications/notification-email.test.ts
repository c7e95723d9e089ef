import { describe, expect, it } from 'vitest'
import { notificationEmail } from './notification-email.js'

// An e-mail has no time zone of its reader: its times are UTC, and it says so in each language.
describe('the dates of a notification e-mail', () => {
  it.each([
    {
      locale: 'en' as const,
      subject: 'Token “Order feed” expires on December 15, 2026 at 9:30 AM UTC',
      body: 'keeps working until December 1, 2026 at 11:05 PM UTC at the latest',
    },
    {
      locale: 'zh-CN' as const,
      subject: '令牌“Order feed”将于 2026年12月15日 09:30 UTC 过期',
      body: '最晚在 2026年12月1日 23:05 UTC 前继续有效',
    },
  ])('are written in UTC with the zone named, in $locale', ({ locale, subject, body }) => {
    const data = { tokenName: 'Order feed', accountSid: 'TK1' }
    expect(
      notificationEmail(locale, 'token.expiring', {
        ...data,
        expiresAt: '2026-12-15T09:30:00.000Z',
        days: 14,
      }).subject,
    ).toBe(subject)
    expect(
      notificationEmail(locale, 'token.rotation_started', { ...data, endsAt: '2026-12-01T23:05:00.000Z' })
        .text,
    ).toContain(body)
  })
})

describe('the e-mail of a leaked auth token', () => {
  const data = { tokenName: 'Order feed', accountSid: 'TK1', url: 'https://github.com/o/r/blob/abc/.env' }

  it.each([
    {
      locale: 'en' as const,
      says: "It was the previous auth token of a rotation, which the account's leak response retired: it no longer works, and the current auth token keeps working.",
      notSaid: ['the auth token was rotated', 'rotate or reset the token', 'leak response was applied'],
    },
    {
      locale: 'zh-CN' as const,
      says: '它是轮换中的旧身份验证令牌，已由账户的泄露响应停用：它已失效，当前的身份验证令牌仍然有效。',
      notSaid: ['身份验证令牌已轮换', '必要时轮换或重置该令牌', '已执行账户的泄露响应'],
    },
  ])(
    'says a leaked previous secret a leak response retired no longer works and asks nothing, neither that it was rotated now nor to rotate or reset, in $locale',
    ({ locale, says, notSaid }) => {
      const { text } = notificationEmail(locale, 'token.leaked', {
        ...data,
        action: 'rotated',
        secret: 'previous',
      })
      expect(text).toContain(says)
      for (const words of notSaid) expect(text).not.toContain(words)
    },
  )

  it('says a leaked current secret was rotated', () => {
    const { text } = notificationEmail('en', 'token.leaked', {
      ...data,
      action: 'rotated',
      secret: 'current',
    })
    expect(text).toContain("The account's leak response was applied: the auth token was rotated.")
  })
})

describe('the e-mail of a rotation ended by deleting its token', () => {
  it.each([
    {
      locale: 'en' as const,
      says: 'neither its previous nor its new auth token works any more',
      not: 'Only the new',
    },
    {
      locale: 'zh-CN' as const,
      says: '其旧身份验证令牌和新身份验证令牌均已失效',
      not: '现在只有新身份验证令牌有效',
    },
  ])('says neither auth token works, not that the new one does, in $locale', ({ locale, says, not }) => {
    const { text } = notificationEmail(locale, 'token.rotation_completed', {
      tokenName: 'Order feed',
      accountSid: 'TK1',
      how: 'deleted',
      endedAt: '2026-12-01T23:05:00.000Z',
    })
    expect(text).toContain(says)
    expect(text).not.toContain(not)
  })
})
