import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { startWebhookReceiver } from '@tokens/core/testing/receivers'
import { openSettings, signIn } from '../support/console'
import { ANY_LANGUAGE, expect, test } from '../support/fixtures'
import type { Language } from '../support/variants'

// The page's words in each language, written out here so a missing translation fails the test.
const TEXT: Record<
  Language,
  {
    nav: string
    title: string
    add: string
    url: string
    secret: string
    done: string
    log: string
    refresh: string
    resend: string
    delivered: string
    rotationStarted: string
    emailNotConfigured: string
    emails: string
    pending: string
  }
> = {
  en: {
    nav: 'Webhooks',
    title: 'Webhooks',
    add: 'Add webhook',
    url: 'Endpoint URL',
    secret: 'Signing secret',
    done: 'Done',
    log: 'Show delivery log',
    refresh: 'Refresh',
    resend: 'Resend',
    delivered: 'Delivered',
    rotationStarted: 'Rotation started',
    emailNotConfigured: 'E-mail is not set up on this server',
    emails: 'E-mail deliveries',
    pending: 'Pending',
  },
  'zh-CN': {
    nav: 'Webhook',
    title: 'Webhook',
    add: '添加 Webhook',
    url: '端点 URL',
    secret: '签名密钥',
    done: '完成',
    log: '显示投递日志',
    refresh: '刷新',
    resend: '重新发送',
    delivered: '已投递',
    rotationStarted: '轮换已开始',
    emailNotConfigured: '此服务器尚未设置电子邮件',
    emails: '电子邮件投递',
    pending: '等待中',
  },
}

const SHOTS = '/tmp/shots-notify'

/**
 * The event: a rotation of one of the account's enabled tokens not being rotated, through the admin
 * API as the SPA calls it (session and CSRF token). The answer's status; 0 when no token could be.
 */
function rotateAToken(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const session = (await (await fetch('/api/session')).json()) as { csrfToken: string }
    const list = (await (await fetch('/api/tokens?limit=100')).json()) as {
      items: { id: string; state: string; rotation: unknown }[]
    }
    const token = list.items.find((item) => item.state === 'enabled' && item.rotation === null)
    if (!token) return 0
    const answer = await fetch(`/api/tokens/${token.id}/rotate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
      body: '{}',
    })
    return answer.status
  })
}

test(
  'configures a webhook to a local receiver, sees a rotation delivered in its log, and resends it',
  ANY_LANGUAGE,
  async ({ page, labels, language, variant }) => {
    const text = TEXT[language]
    const receiver = await startWebhookReceiver()
    try {
      await signIn(page, labels, variant)
      await openSettings(page, labels, variant)
      const settingsNavigation = page.getByRole('navigation', { name: labels.settings, exact: true })
      await settingsNavigation.getByRole('link', { name: text.nav, exact: true }).click()
      await expect(page.getByRole('heading', { level: 1, name: text.title, exact: true })).toBeVisible()
      await expect(page.getByText(text.emailNotConfigured)).toBeVisible()

      await page.getByRole('button', { name: text.add, exact: true }).click()
      await page.getByLabel(text.url, { exact: true }).fill(receiver.url)
      await page.getByRole('button', { name: text.add, exact: true }).click()
      const secretPanel = page.getByRole('region', { name: text.secret, exact: true })
      await expect(secretPanel).toContainText(/whsec_[A-Za-z0-9+/]{43}=/)
      if (variant === 'brand') {
        mkdirSync(SHOTS, { recursive: true })
        await page.screenshot({ path: `${SHOTS}/${language}-webhook-secret.png`, fullPage: true })
      }
      await secretPanel.getByRole('button', { name: text.done, exact: true }).click()
      await expect(secretPanel).toBeHidden()

      expect(await rotateAToken(page)).toBe(200)
      await expect.poll(() => receiver.requests.length, { timeout: 15_000 }).toBe(1)
      const first = receiver.requests[0]
      expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ type: 'token.rotation_started' })
      expect(first?.headers['webhook-signature']).toMatch(/^v1,/)

      await page.getByRole('button', { name: text.log, exact: true }).click()
      const row = page.getByRole('row').filter({ hasText: text.rotationStarted })
      await expect(async () => {
        await page.getByRole('button', { name: text.refresh, exact: true }).click()
        await expect(row).toContainText(text.delivered, { timeout: 1_000 })
      }).toPass({ timeout: 15_000 })
      await expect(row).toContainText(String(first?.headers['webhook-id']))
      if (variant === 'brand') {
        await page.screenshot({ path: `${SHOTS}/${language}-webhook-log.png`, fullPage: true })
      }

      await row.getByRole('button', { name: text.resend, exact: true }).click()
      await expect.poll(() => receiver.requests.length, { timeout: 15_000 }).toBe(2)
      expect(receiver.requests[1]?.headers['webhook-id']).toBe(first?.headers['webhook-id'])
      await expect(async () => {
        await page.getByRole('button', { name: text.refresh, exact: true }).click()
        await expect(row).toContainText(text.delivered, { timeout: 1_000 })
        await expect(row.getByRole('cell').nth(2)).toHaveText('2', { timeout: 1_000 })
      }).toPass({ timeout: 15_000 })
    } finally {
      await receiver.close()
    }
  },
)

test("lists a rotation's e-mails, queued without a mail server, and the page stays within a phone's width", async ({
  page,
  labels,
  language,
  variant,
}) => {
  const text = TEXT[language]
  await signIn(page, labels, variant)
  expect(await rotateAToken(page)).toBe(200)
  await openSettings(page, labels, variant)
  const settingsNavigation = page.getByRole('navigation', { name: labels.settings, exact: true })
  await settingsNavigation.getByRole('link', { name: text.nav, exact: true }).click()
  const emails = page.getByRole('region', { name: text.emails, exact: true })
  const rows = emails.getByRole('row').filter({ hasText: text.rotationStarted })
  await expect(rows.first()).toContainText(text.pending)
  await expect(rows.first()).toContainText('@')
  // A queued e-mail is retried by itself: its Resend is off.
  await expect(rows.first().getByRole('button', { name: text.resend, exact: true })).toBeDisabled()

  await page.setViewportSize({ width: 390, height: 800 })
  await expect
    .poll(() =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    )
    .toBe(0)
  if (variant === 'brand') {
    mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: `${SHOTS}/${language}-email-deliveries-390.png`, fullPage: true })
  }
})
