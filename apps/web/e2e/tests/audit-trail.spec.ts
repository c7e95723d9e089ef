import { readFileSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { describeAxeChecks, expectNoSeriousAxeViolations } from '../support/axe'
import {
  chooseFromMoreMenu,
  chooseOption,
  confirmDialog,
  openSettings,
  signIn,
  signInToApiPage,
  tokenCard,
} from '../support/console'
import { expect, test } from '../support/fixtures'
import type { Labels } from '../support/labels'
import { DEMO_TOKENS, DEMO_USER_NAMES, type Language, type Variant } from '../support/variants'

// The audit trail's own labels, literal per language (support/labels.ts holds the shared ones).
const AUDIT = {
  en: {
    title: 'Audit trail',
    table: 'Audit events, newest first',
    token: 'Token',
    action: 'Action',
    actor: 'Actor',
    disabledAToken: 'Disabled a token',
    from: 'From',
    to: 'To',
    rangeInvalid: 'The end date must be on or after the start date.',
    downloadCsv: 'Download CSV',
    csvHeader: 'Time (UTC),Actor,Actor ID,Action,Action code,Target token,Token ID,Client address,Details',
  },
  'zh-CN': {
    title: '审计跟踪',
    table: '审计事件（最新的在前）',
    token: '令牌',
    action: '操作',
    actor: '操作者',
    disabledAToken: '禁用令牌',
    from: '开始日期',
    to: '结束日期',
    rangeInvalid: '结束日期不能早于开始日期。',
    downloadCsv: '下载 CSV',
    csvHeader: '时间（UTC）,操作者,操作者 ID,操作,操作代码,目标令牌,令牌 ID,客户端地址,详情',
  },
} satisfies Record<Language, Record<string, string>>

const SHOTS = '/tmp/shots-ui'

/** Settings → (Account column) → Technical → Audit trail, through the variant's menus. */
async function openAuditTrail(page: Page, labels: Labels, variant: Variant, language: Language) {
  await openSettings(page, labels, variant)
  await page
    .getByRole('navigation', { name: labels.settings, exact: true })
    .getByRole('group', { name: labels.technical, exact: true })
    .getByRole('link', { name: AUDIT[language].title, exact: true })
    .click()
  await expect(
    page.getByRole('heading', { level: 1, name: AUDIT[language].title, exact: true }),
  ).toBeVisible()
}

/** The table's rows of events (the header row left out). */
function eventRows(page: Page, language: Language) {
  return page.getByRole('table', { name: AUDIT[language].table }).locator('tbody tr')
}

test('a disabled token shows in the audit trail, which filters by action, token and date and downloads the filtered set as CSV', async ({
  page,
  labels,
  language,
  variant,
}) => {
  const words = AUDIT[language]
  const tokenName = DEMO_TOKENS[variant].createdTwelveDaysAgo
  await signInToApiPage(page, labels, variant)
  await chooseFromMoreMenu(page, tokenCard(page, tokenName), labels, labels.disable)
  await confirmDialog(page, labels.confirmDisable)
  await expect(tokenCard(page, tokenName)).toContainText(labels.stateDisabled)

  await openAuditTrail(page, labels, variant, language)
  const newest = eventRows(page, language).first()
  await expect(newest).toContainText(words.disabledAToken)
  await expect(newest).toContainText(DEMO_USER_NAMES[variant].admin)
  await expect(newest.getByRole('link', { name: tokenName, exact: true })).toBeVisible()
  await expect(newest.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/)

  await chooseOption(page, page.getByLabel(words.action, { exact: true }), words.disabledAToken)
  await expect(page).toHaveURL(/[?&]action=token\.disable/)
  const rows = eventRows(page, language)
  await expect(rows.first()).toContainText(tokenName)
  for (const text of await rows.allInnerTexts()) expect(text).toContain(words.disabledAToken)

  await chooseOption(page, page.getByLabel(words.token, { exact: true }), tokenName)
  await expect(page).toHaveURL(/[?&]tokenId=tok_/)
  await expect(rows).toHaveCount(1)
  await expect(rows.first().getByRole('link', { name: tokenName, exact: true })).toBeVisible()

  // Dates are the user's local days: from today keeps the event; a range ending before it starts is refused at the fields.
  const today = await page.evaluate(() => new Date().toLocaleDateString('sv'))
  const yesterday = await page.evaluate(() => new Date(Date.now() - 86_400_000).toLocaleDateString('sv'))
  await page.getByLabel(words.from, { exact: true }).fill(today)
  await expect(page).toHaveURL(new RegExp(`[?&]from=${today}`))
  await expect(rows).toHaveCount(1)
  await page.getByLabel(words.to, { exact: true }).fill(yesterday)
  await expect(page.getByRole('alert').filter({ hasText: words.rangeInvalid })).toBeVisible()
  await expect(page.getByRole('table')).toHaveCount(0)
  await page.getByLabel(words.to, { exact: true }).fill(today)
  await expect(rows).toHaveCount(1)

  // The filtered view survives a reload: the URL holds it.
  await page.reload()
  await expect(eventRows(page, language)).toHaveCount(1)
  await expect(page.getByLabel(words.action, { exact: true }).locator('option:checked')).toHaveText(
    words.disabledAToken,
  )

  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: words.downloadCsv, exact: true }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^audit-trail-\d{4}-\d{2}-\d{2}\.csv$/)
  const bytes = readFileSync(await download.path())
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const lines = bytes.subarray(3).toString('utf8').split('\r\n')
  expect(lines[0]).toBe(words.csvHeader)
  expect(lines.slice(1, -1)).toHaveLength(1)
  expect(lines[1]).toContain(`,${words.disabledAToken},token.disable,${tokenName},tok_`)
  expect(lines[1]).toContain(DEMO_USER_NAMES[variant].admin)

  // The target opens the token it names.
  await rows.first().getByRole('link', { name: tokenName, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: tokenName, exact: true })).toBeVisible()
})

test('an Analyst has no audit trail entry in Settings and gets the no-access page at its address', async ({
  page,
  labels,
  language,
  variant,
}) => {
  await signIn(page, labels, variant, 'analyst')
  await openSettings(page, labels, variant)
  await expect(
    page
      .getByRole('navigation', { name: labels.settings, exact: true })
      .getByRole('link', { name: AUDIT[language].title, exact: true }),
  ).toHaveCount(0)
  await page.goto('/settings/audit-trail')
  await expect(page.getByRole('heading', { name: labels.noAccessTitle, exact: true })).toBeVisible()
  await expect(page.getByRole('table')).toHaveCount(0)
  await expect(page.getByRole('heading', { level: 1, name: AUDIT[language].title })).toHaveCount(0)
})

describeAxeChecks('page checks', () => {
  test('the audit trail passes axe-core and keeps the page from scrolling sideways at 390 px', async ({
    page,
    labels,
    language,
    variant,
  }) => {
    await signIn(page, labels, variant)
    await openAuditTrail(page, labels, variant, language)
    await expect(eventRows(page, language).first()).toBeVisible()
    await expectNoSeriousAxeViolations(page, `audit trail (${language}, ${variant})`)
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await expect(eventRows(page, language).first()).toBeVisible()
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(sideways, `page overflow at ${width} px`).toBeLessThanOrEqual(0)
      if (variant === 'brand') {
        await page.screenshot({ path: `${SHOTS}/${language}-${width}-audit-trail.png`, fullPage: true })
      }
    }
    await expectNoSeriousAxeViolations(page, `audit trail at 390 px (${language}, ${variant})`)
  })
})
