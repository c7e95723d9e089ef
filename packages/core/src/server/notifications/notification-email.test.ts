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
    { locale: 'en' as const, says: 'the leaked auth token, the previous one of a rotation, was retired' },
    { locale: 'zh-CN' as const, says: '泄露的身份验证令牌是轮换中的旧身份验证令牌，已被停用且已失效' },
  ])(
    'says a leaked previous secret the rotate response retired no longer works, not that the auth token was rotated, in $locale',
    ({ locale, says }) => {
      const { text } = notificationEmail(locale, 'token.leaked', {
        ...data,
        action: 'rotated',
        secret: 'previous',
      })
      expect(text).toContain(says)
      expect(text).not.toContain(locale === 'en' ? 'the auth token was rotated' : '身份验证令牌已轮换')
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
