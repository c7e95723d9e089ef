import { openToken, openTokenAt, signInToApiPage, tokenCard } from '../support/console'
import { describeAxeChecks, expectNoSeriousAxeViolations } from '../support/axe'
import { ANY_LANGUAGE, expect, test as base } from '../support/fixtures'
import type { Language } from '../support/variants'

/**
 * Usage (issue 14) on the brand demo account, whose seeded usage tells these stories
 * (packages/core/src/server/demo/demo-accounts.ts): the Shopify order sync is busy, the catalog
 * feed uploader (old enough for least privilege) leaves scopes unused and is refused GET /Reports,
 * and the v12 reconciliation script reads the account, whose answer changes in v14.
 */
const BUSY = 'Order sync (Shopify)'
const LEAST_PRIVILEGE = 'Catalog feed uploader'
const ON_V12 = 'Reconciliation script'
const REFUSED_SCOPE = 'GET /Reports'

/** This feature's labels, written out per language as the other specs' labels are. */
const USAGE_LABELS: Record<
  Language,
  {
    usage: string
    requests7d: string
    showTable: string
    hourlyCaption: string
    dailyCaption30d: string
    scopesCaption: string
    range30d: string
    leastPrivilege: string
    unusedSummary: RegExp
    removeUnused: RegExp
    confirmRemove: string
    refusedTimes: RegExp
    confirmAdd: string
    addScope: (scope: string) => string
    previewHeading: string
    renamed: string
    cancel: string
  }
> = {
  en: {
    usage: 'Usage',
    requests7d: 'Requests (7 days)',
    showTable: 'Show figures as a table',
    hourlyCaption: 'Requests per hour in the last 7 days',
    dailyCaption30d: 'Requests per day (UTC) in the last 30 days',
    scopesCaption: 'Requests by scope in the last 7 days',
    range30d: '30 d',
    leastPrivilege: 'Least privilege',
    unusedSummary: /\d+ of \d+ scopes? unused in 30 days/,
    removeUnused: /^Remove the (\d+ )?unused scopes?$/,
    confirmRemove: 'Remove scopes',
    refusedTimes: /refused \d+ times?/,
    confirmAdd: 'Add scope',
    addScope: (scope) => `Add ${scope}`,
    previewHeading: 'What changes with v14',
    renamed: 'Renamed:',
    cancel: 'Cancel',
  },
  'zh-CN': {
    usage: '使用情况',
    requests7d: '请求数（7 天）',
    showTable: '以表格显示数据',
    hourlyCaption: '过去 7 天内每小时的请求数',
    dailyCaption30d: '过去 30 天内每天（UTC）的请求数',
    scopesCaption: '过去 7 天内按范围统计的请求',
    range30d: '30 天',
    leastPrivilege: '最小权限',
    unusedSummary: /\d+ 个范围中有 \d+ 个在 30 天内未使用/,
    removeUnused: /^移除 (\d+ 个)?未使用的范围$/,
    confirmRemove: '移除范围',
    refusedTimes: /被拒绝 \d+ 次/,
    confirmAdd: '添加范围',
    addScope: (scope) => `添加 ${scope}`,
    previewHeading: '升级到 v14 后的变化',
    renamed: '重命名：',
    cancel: '取消',
  },
}

const test = base.extend<{ words: (typeof USAGE_LABELS)[Language] }>({
  words: async ({ language }, use) => {
    await use(USAGE_LABELS[language])
  },
})

test.beforeEach(async ({ page, labels, variant }) => {
  test.skip(variant !== 'brand', 'the seeded usage stories below are the brand account’s')
  await signInToApiPage(page, labels, variant)
})

test('the Usage section charts requests by outcome, with the same figures in a table, by scope and by client; the card shows 7 days', async ({
  page,
  labels,
  words,
}) => {
  await test.step('the card on the API page shows the requests of the last 7 days', async () => {
    const card = tokenCard(page, BUSY)
    await expect(card).toContainText(words.requests7d)
    await expect(card.locator('dt', { hasText: words.requests7d }).locator('+ dd')).toHaveText(
      /^[1-9][\d,.]*$/,
    )
  })

  const section = await openTokenAt(page, labels, BUSY, words.usage)
  await expect(page).toHaveURL(/[?&]tab=usage/)

  await test.step('the chart, drawn by the chart library loaded with this section', async () => {
    await expect(section.locator('.usage-chart canvas')).toBeVisible()
  })

  await test.step('the figures behind the chart as a table', async () => {
    await section.getByRole('button', { name: words.showTable, exact: true }).click()
    const table = section.getByRole('table', { name: words.hourlyCaption, exact: true })
    await expect(table).toBeVisible()
    await expect(table.getByRole('row')).toHaveCount(7 * 24 + 1)
    await expect(
      table
        .getByRole('cell')
        .filter({ hasText: /^[1-9][\d,.]*$/ })
        .first(),
    ).toBeVisible()
  })

  await test.step('requests by scope and the recent clients', async () => {
    const scopes = section.getByRole('table', { name: words.scopesCaption, exact: true })
    await expect(scopes.getByRole('rowheader').first()).toBeVisible()
    await expect(section).toContainText('34.120.18.44')
    await expect(section).toContainText('shopify-order-sync/3.4 (node 20)')
  })

  await test.step('another range asks again, in day buckets', async () => {
    await section.locator('label').filter({ hasText: words.range30d }).click()
    await expect(section.getByRole('table', { name: words.dailyCaption30d, exact: true })).toBeVisible()
    await expect(
      section.getByRole('table', { name: words.dailyCaption30d, exact: true }).getByRole('row'),
    ).toHaveCount(30 + 1)
  })
})

test(
  'least privilege: removes the unused scopes in one click, then adds the refused one',
  ANY_LANGUAGE,
  async ({ page, labels, words }) => {
    const section = await openTokenAt(page, labels, LEAST_PRIVILEGE, labels.stepScopes)
    const panel = section.getByRole('region', { name: words.leastPrivilege, exact: true })

    await test.step('N of M scopes unused in 30 days, removed after a confirmation listing them', async () => {
      await expect(panel).toContainText(words.unusedSummary)
      await panel.getByRole('button', { name: words.removeUnused }).click()
      const dialog = page.getByRole('alertdialog')
      await expect(dialog.getByRole('listitem').first()).toBeVisible()
      await dialog.getByRole('button', { name: words.confirmRemove, exact: true }).click()
      await expect(dialog).toBeHidden()
      await expect(panel.getByText(words.unusedSummary)).toHaveCount(0)
    })

    await test.step('the refused scope, how often, and adding it', async () => {
      await expect(panel).toContainText(REFUSED_SCOPE)
      await expect(panel).toContainText(words.refusedTimes)
      await panel.getByRole('button', { name: words.addScope(REFUSED_SCOPE), exact: true }).click()
      const dialog = page.getByRole('alertdialog')
      await dialog.getByRole('button', { name: words.confirmAdd, exact: true }).click()
      await expect(dialog).toBeHidden()
      // Nothing left to propose: the panel goes once the section has asked again.
      await expect(section.getByRole('region', { name: words.leastPrivilege, exact: true })).toHaveCount(0)
    })
  },
)

test('the Upgrade dialog previews what changes for a v12 token', async ({ page, labels, words }) => {
  await openToken(page, ON_V12)
  await page.getByRole('main').getByRole('button', { name: labels.upgradeVersion, exact: true }).click()
  const dialog = page.getByRole('alertdialog')
  const preview = dialog.getByRole('region', { name: words.previewHeading, exact: true })
  await expect(preview).toBeVisible()
  await expect(preview).toContainText('GET /Account')
  await expect(preview).toContainText(words.renamed)
  await expect(preview).toContainText('DateLegacyTokensEnabled')
  await dialog.getByRole('button', { name: words.cancel, exact: true }).click()
  await expect(dialog).toBeHidden()
})

describeAxeChecks('axe-core', () => {
  // The tests above keep the CSP, so they show the chart is drawn within it.
  test('the Usage section, its figures table and the upgrade preview pass axe-core', async ({
    page,
    labels,
    words,
  }) => {
    const section = await openTokenAt(page, labels, ON_V12, words.usage)
    await expect(section.locator('.usage-chart canvas')).toBeVisible()
    await section.getByRole('button', { name: words.showTable, exact: true }).click()
    await expectNoSeriousAxeViolations(page, 'the token page’s Usage section')

    await page.getByRole('main').getByRole('button', { name: labels.more, exact: true }).click()
    await page.getByRole('menuitem', { name: labels.upgradeVersion, exact: true }).click()
    const dialog = page.getByRole('alertdialog')
    await expect(dialog.getByRole('region', { name: words.previewHeading, exact: true })).toContainText(
      'GET /Account',
    )
    await expectNoSeriousAxeViolations(page, 'the Upgrade dialog with its preview')
  })
})
