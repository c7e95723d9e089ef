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
