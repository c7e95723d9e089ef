import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { describeAxeChecks, expectNoAxeViolations, expectNoSeriousAxeViolations } from '../support/axe'
import {
  apiPageTitle,
  confirmDialog,
  legacyCard,
  openApiPageAsAnalyst,
  openSettings,
  openToken,
  signIn,
  tokenCard,
} from '../support/console'
import { expect, test } from '../support/fixtures'
import { DEMO_TOKENS, hasLegacyTokensFromStart } from '../support/variants'

const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url))

describeAxeChecks('main pages', () => {
  test('every main page renders the seed terms, passes axe-core and is captured', async ({
    page,
    labels,
    language,
    variant,
  }) => {
    const check = async (target: Page, name: string) => {
      await target.screenshot({ path: `${screenshotDir}${language}-${variant}-${name}.png`, fullPage: true })
      await expectNoSeriousAxeViolations(target, `${name} (${language}, ${variant})`)
    }

    await page.goto('/')
    await expect(page.getByLabel(labels.password, { exact: true })).toBeVisible()
    await check(page, '01-login')

    await signIn(page, labels, variant)
    await openSettings(page, labels, variant)
    await check(page, '02-settings')

    await page
      .getByRole('navigation', { name: labels.settings, exact: true })
      .getByRole('link', { name: apiPageTitle(labels, variant), exact: true })
      .click()
    await expect(tokenCard(page, DEMO_TOKENS[variant].createdToday)).toBeVisible()
    if (!hasLegacyTokensFromStart(variant)) {
      await expect(page.getByRole('button', { name: labels.enableLegacyTokens, exact: true })).toHaveText(
        labels.enableLegacyTokens,
      )
      await check(page, '03-api-page')
      await page.getByRole('button', { name: labels.enableLegacyTokens, exact: true }).click()
      await confirmDialog(page, labels.enableLegacyTokens)
    } else {
      await check(page, '03-api-page')
    }
    await expect(legacyCard(page, labels)).toContainText(labels.legacyAccountTokens)

    await legacyCard(page, labels)
      .getByRole('link', { name: labels.legacyAccountTokens, exact: true })
      .click()
    await expect(page.getByText(labels.overview, { exact: true }).first()).toBeVisible()
    await expect(page.getByText(labels.apiCredentials, { exact: true }).first()).toBeVisible()
    await check(page, '04-legacy-overview')
    await page
      .getByRole('tab', { name: labels.apiCredentials, exact: true })
      .or(page.getByRole('link', { name: labels.apiCredentials, exact: true }))
      .click()
    await expect(page.getByText(labels.accountSid, { exact: true }).first()).toBeVisible()
    await expect(page.getByText(labels.authToken, { exact: true }).first()).toBeVisible()
    await check(page, '05-legacy-credentials')
    await page.goBack()

    await openToken(page, DEMO_TOKENS[variant].createdToday)
    await check(page, '06-token-overview')
    await page.goBack()

    await page.getByRole('button', { name: labels.createAccessToken, exact: true }).click()
    await expect(page.getByLabel(labels.tokenName, { exact: true })).toBeVisible()
    await check(page, '07-create-wizard')
  })

  test('the no-access page passes axe-core and is captured', async ({ page, labels, language, variant }) => {
    await openApiPageAsAnalyst(page, labels, variant)
    await page.screenshot({ path: `${screenshotDir}${language}-${variant}-08-no-access.png`, fullPage: true })
    await expectNoSeriousAxeViolations(page, `no-access (${language}, ${variant})`)
  })

  // Issue 19, item 9: moderate violations count too ("region", "heading-order", "page-has-heading-one").
  for (const width of [390, 1280]) {
    test(`at ${width} px the login page, the API page and the API page with a [More] menu open have no serious or moderate axe violations`, async ({
      page,
      labels,
      language,
      variant,
    }) => {
      await page.setViewportSize({ width, height: 800 })
      await page.goto('/')
      await expect(page.getByLabel(labels.password, { exact: true })).toBeVisible()
      await expectNoAxeViolations(page, `login at ${width} px (${language}, ${variant})`, 'moderate')

      await signIn(page, labels, variant)
      await openSettings(page, labels, variant)
      await page
        .getByRole('navigation', { name: labels.settings, exact: true })
        .getByRole('link', { name: apiPageTitle(labels, variant), exact: true })
        .click()
      const card = tokenCard(page, DEMO_TOKENS[variant].createdToday)
      await expect(card).toBeVisible()
      await expectNoAxeViolations(page, `API page at ${width} px (${language}, ${variant})`, 'moderate')

      await card.getByRole('button', { name: labels.more, exact: true }).focus()
      await page.keyboard.press('Enter')
      await expect(page.getByRole('menuitem', { name: labels.duplicate, exact: true })).toBeFocused()
      await expectNoAxeViolations(
        page,
        `API page with a menu open at ${width} px (${language}, ${variant})`,
        'moderate',
      )
      await page.keyboard.press('Escape')
      await expect(card.getByRole('button', { name: labels.more, exact: true })).toBeFocused()
    })
  }
})
