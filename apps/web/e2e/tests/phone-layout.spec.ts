import type { Locator, Page } from '@playwright/test'
import {
  apiPageTitle,
  chooseFromMoreMenu,
  chooseOption,
  confirmDialog,
  openApiPage,
  openToken,
  signInToApiPage,
  tokenCard,
} from '../support/console'
import { expect, test as base } from '../support/fixtures'
import type { Labels } from '../support/labels'
import { API_VERSION_LINES, DEMO_USER_NAMES, type Language, type Variant } from '../support/variants'

// Issue 19, items 4, 6 and 10: long names and e-mail addresses on a phone, touch targets, the
// review step, the character counters, the save bar and the in-app unsaved-changes dialog.

const WIDTHS = [320, 390, 1280] as const
const SCHEMES = ['light', 'dark'] as const

/** Words these tests read that the shared labels do not have, per language. */
const WORDS: Record<
  Language,
  { tooLong: string; leaveTitle: string; leave: string; goToSettings: string; cancel: string; scopes: string }
> = {
  en: {
    tooLong: 'Use at most 100 characters.',
    leaveTitle: 'Leave without saving?',
    leave: 'Leave without saving',
    goToSettings: 'Go to Settings',
    cancel: 'Cancel',
    scopes: 'API Scopes',
  },
  'zh-CN': {
    tooLong: '最多 100 个字符。',
    leaveTitle: '不保存就离开？',
    leave: '不保存并离开',
    goToSettings: '前往设置',
    cancel: '取消',
    scopes: 'API 范围',
  },
}

/** A name at the 100-character limit with no space to break at, as integrations get named. */
function unbrokenName(variant: Variant): string {
  const start = `${variant}_order_sync_production_eu_west_1_${Date.now()}_`
  return start + 'x'.repeat(100 - start.length)
}

/** A valid 60-character address with no break opportunity before the @. */
const LONG_EMAIL = `${'integrations_team_'.repeat(2)}eu_west_1_x@example-company.test`

/** How far the page reaches beyond the window sideways (0 or less: no horizontal scroll). */
function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

/**
 * The page does not scroll sideways at any of the widths, light or dark. Toasts are dismissed first
 * (they come and go with timing of their own; the last test here checks them).
 */
async function expectNoSidewaysScroll(page: Page, labels: Labels, where: string): Promise<void> {
  const toasts = page.getByRole('region', { name: labels.notifications }).getByRole('button')
  // Dispatched: a toast may be on its way out, mid-animation.
  for (let count = await toasts.count(); count > 0; count = await toasts.count()) {
    await toasts.first().dispatchEvent('click')
    await expect(toasts).toHaveCount(count - 1)
  }
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme })
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 })
      await expect
        .poll(() => pageOverflow(page), {
          message: `${where} scrolls sideways at ${width} px (${colorScheme})`,
        })
        .toBeLessThanOrEqual(0)
    }
  }
  await page.emulateMedia({ colorScheme: 'light' })
}

async function expectTouchTarget(control: Locator, what: string): Promise<void> {
  await control.scrollIntoViewIfNeeded()
  const box = await control.boundingBox()
  expect(box, `${what} is on screen`).not.toBeNull()
  expect(box!.width, `${what} is at least 24 px wide`).toBeGreaterThanOrEqual(24)
  expect(box!.height, `${what} is at least 24 px high`).toBeGreaterThanOrEqual(24)
}

/** Lines of text an element shows (its rendered height over its line height). */
function linesOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => {
    const style = getComputedStyle(element)
    return Math.round(element.getBoundingClientRect().height / parseFloat(style.lineHeight))
  })
}

async function openWizard(page: Page, labels: Labels, variant: Variant): Promise<void> {
  await signInToApiPage(page, labels, variant)
  await page.getByRole('button', { name: labels.createAccessToken, exact: true }).click()
}

/** Setup and Contact Information filled with the long name and e-mail; ends on the scopes step. */
async function fillSetupAndContact(page: Page, labels: Labels, variant: Variant, name: string) {
  await page.getByLabel(labels.tokenName, { exact: true }).fill(name)
  await chooseOption(page, page.getByLabel(labels.apiVersion, { exact: true }), API_VERSION_LINES[variant][1])
  await page.getByRole('button', { name: labels.next, exact: true }).click()
  await chooseOption(
    page,
    page.getByLabel(labels.primaryContact, { exact: true }),
    DEMO_USER_NAMES[variant].impl,
  )
  await page.locator('input[type="email"]').fill(LONG_EMAIL)
  await page.locator('input[type="email"]').press('Enter')
  await expect(page.getByRole('listitem').filter({ hasText: LONG_EMAIL })).toBeVisible()
}

async function chooseAccountScope(page: Page, labels: Labels): Promise<void> {
  await page.getByRole('switch', { name: labels.accountCategory, exact: true }).click()
  await expect(page.getByRole('checkbox', { name: 'GET /Account', exact: true })).toBeChecked()
}

/** Creates a token with the long name and e-mail through the wizard and returns to the API page. */
async function createLongToken(page: Page, labels: Labels, variant: Variant, name: string): Promise<void> {
  await openWizard(page, labels, variant)
  await fillSetupAndContact(page, labels, variant, name)
  await page.getByRole('button', { name: labels.next, exact: true }).click()
  await chooseAccountScope(page, labels)
  await page.getByRole('button', { name: labels.next, exact: true }).click()
  await page.getByRole('button', { name: labels.create, exact: true }).click()
  await page.getByRole('button', { name: labels.done, exact: true }).click()
  await expect(tokenCard(page, name)).toBeVisible()
}

const test = base.extend<{ longToken: string }>({
  /** Signed in, with a token just created with the long name and e-mail; back on the API page. */
  longToken: async ({ page, labels, variant }, use) => {
    const name = unbrokenName(variant)
    await createLongToken(page, labels, variant, name)
    await use(name)
  },
})

test.describe('the wizard', () => {
  test.beforeEach(async ({ page, labels, variant }) => {
    await openWizard(page, labels, variant)
  })

  test('the wizard takes a 100-character name and a 60-character e-mail without sideways scrolling, and its review stacks each label over its value on a phone', async ({
    page,
    labels: l,
    variant,
  }) => {
    const name = unbrokenName(variant)
    await fillSetupAndContact(page, l, variant, name)
    await expectNoSidewaysScroll(page, l, 'Contact Information with a 60-character e-mail')

    await page.getByRole('button', { name: l.next, exact: true }).click()
    await chooseAccountScope(page, l)
    await page.getByRole('button', { name: l.next, exact: true }).click()
    await expect(page.getByRole('heading', { level: 2, name: l.stepCreate, exact: true })).toBeVisible()
    await expectNoSidewaysScroll(page, l, 'the review')

    const row = (label: string) =>
      page.locator('.review > div').filter({ has: page.getByText(label, { exact: true }) })
    for (const width of [320, 390]) {
      await page.setViewportSize({ width, height: 800 })
      for (const label of [l.tokenName, l.primaryContact]) {
        const term = (await row(label).locator('dt').boundingBox())!
        const value = (await row(label).locator('dd').boundingBox())!
        expect(value.y, `at ${width} px the ${label} value is under its label`).toBeGreaterThanOrEqual(
          term.y + term.height - 1,
        )
        expect(value.width, `at ${width} px the ${label} value gets the row's width`).toBeGreaterThan(200)
      }
    }
    await page.setViewportSize({ width: 1280, height: 800 })
    const term = (await row(l.tokenName).locator('dt').boundingBox())!
    const value = (await row(l.tokenName).locator('dd').boundingBox())!
    expect(value.x, 'on a desktop the value stands beside its label').toBeGreaterThan(term.x + term.width)
  })

  test('the step indicator reads as progress, not as buttons, and names "API Scopes" whole on a phone', async ({
    page,
    labels: l,
    language,
  }) => {
    const steps = page
      .getByRole('list')
      .filter({ has: page.getByText(l.stepSetup, { exact: true }) })
      .first()
    await expect(steps.getByRole('button')).toHaveCount(0)
    await expect(steps.getByRole('link')).toHaveCount(0)
    for (const width of [320, 390]) {
      await page.setViewportSize({ width, height: 800 })
      const step = steps.getByRole('listitem').filter({ hasText: WORDS[language].scopes })
      const style = await step.evaluate((element) => {
        const css = getComputedStyle(element)
        return {
          cursor: css.cursor,
          borderTop: css.borderTopWidth,
          borderLeft: css.borderLeftWidth,
          background: css.backgroundColor,
        }
      })
      // No box around a step: boxes with a border and a surface look like buttons to press.
      expect(style).toEqual({
        cursor: 'default',
        borderTop: '0px',
        borderLeft: '0px',
        background: 'rgba(0, 0, 0, 0)',
      })
      const label = step.getByText(WORDS[language].scopes, { exact: true })
      expect(
        await label.evaluate((element) => element.scrollWidth - element.clientWidth),
      ).toBeLessThanOrEqual(0)
      await expect(label).toBeInViewport({ ratio: 1 })
    }
  })

  test('a name pasted beyond 100 characters stays whole, the counter shows how far over it is, and Next refuses it', async ({
    page,
    labels: l,
    language,
  }) => {
    const field = page.getByLabel(l.tokenName, { exact: true })
    await field.fill('n'.repeat(200))
    await expect(field).toHaveValue('n'.repeat(200))
    const counter = page.locator('#wizard-name-counter')
    await expect(counter).toContainText('200')
    await expect(counter).toContainText('100')
    await expect(counter).toHaveAttribute('data-over', 'true')
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByText(WORDS[language].tooLong, { exact: true })).toBeVisible()
    await page.getByRole('button', { name: l.next, exact: true }).click()
    await expect(page.getByRole('heading', { level: 2, name: l.stepSetup, exact: true })).toBeVisible()

    await field.fill('n'.repeat(100))
    await expect(counter).not.toHaveAttribute('data-over')
    await expect(field).not.toHaveAttribute('aria-invalid')
    await expect(page.getByText(WORDS[language].tooLong, { exact: true })).toBeHidden()
  })

  test('PUT and DELETE are on screen in the scope grid of a phone, and every control named in issue 19 is at least 24 × 24 px', async ({
    page,
    labels: l,
    language,
    variant,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 })
    await expectTouchTarget(
      page.getByRole('link', { name: l.backTo(apiPageTitle(l, variant)), exact: true }),
      'Back to API',
    )
    await fillSetupAndContact(page, l, variant, `E2E targets ${variant} ${Date.now()}`)
    await page.getByRole('button', { name: l.next, exact: true }).click()
    const switches = page.getByRole('switch')
    await expect(switches.first()).toBeVisible()
    for (const index of [0, 1, 5])
      await expectTouchTarget(switches.nth(index), `category switch ${index + 1}`)
    await switches.nth(1).click()
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const box = page.getByRole('checkbox', { name: `${method} /Tokens/{Id}`, exact: true })
      await expectTouchTarget(box, `the ${method} box`)
      // Within the window, not past an edge that has to be scrolled to find it.
      await expect(box).toBeInViewport({ ratio: 1 })
    }
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0)

    await page.goto('/settings/nowhere')
    await expectTouchTarget(
      page.getByRole('link', { name: WORDS[language].goToSettings, exact: true }),
      'Go to Settings',
    )

    await openApiPage(page, l, variant)
    await page.setViewportSize({ width: 390, height: 844 })
    await expectTouchTarget(
      page.getByRole('article').first().getByRole('button', { name: l.more }),
      "a card's More",
    )
    await expectTouchTarget(
      page.getByRole('link', { name: l.integrationsPortal }),
      'the Integrations Portal link',
    )
    const settingsLinks = page.getByRole('navigation', { name: l.settings, exact: true }).getByRole('link')
    for (let index = 0; index < (await settingsLinks.count()); index++) {
      await expectTouchTarget(settingsLinks.nth(index), `settings link ${index + 1}`)
    }
  })
})

test("the API page, the token page and the copy's credentials panel do not scroll sideways with a 100-character name and a 60-character e-mail; long names are clamped with the full name at hand", async ({
  page,
  labels: l,
  longToken: name,
}) => {
  await expectNoSidewaysScroll(page, l, 'the API page')

  // The card's title stops after two lines; its link carries the whole name.
  await page.setViewportSize({ width: 390, height: 800 })
  const cardLink = tokenCard(page, name).getByRole('link', { name, exact: true })
  await expect(cardLink).toHaveAttribute('title', name)
  expect(await linesOf(tokenCard(page, name).getByRole('heading'))).toBeLessThanOrEqual(2)

  await cardLink.click()
  const heading = page.getByRole('heading', { level: 1, name, exact: true })
  await expect(heading).toBeVisible()
  await expect(heading).toHaveAttribute('title', name)
  expect(await linesOf(heading)).toBeLessThanOrEqual(3)
  await expect(page.getByLabel(l.tokenName, { exact: true })).toHaveValue(name)
  await expectNoSidewaysScroll(page, l, 'the token page (Overview)')

  const sections = page.getByLabel(l.section, { exact: true })
  await page.setViewportSize({ width: 390, height: 800 })
  await chooseOption(page, sections, l.apiCredentials)
  await expect(page.getByRole('listitem').filter({ hasText: LONG_EMAIL })).toBeVisible()
  await expectNoSidewaysScroll(page, l, 'the token page (API Credentials, with the e-mail)')

  await chooseFromMoreMenu(page, page.getByRole('main').locator('.page-header'), l, l.duplicate)
  await page.getByRole('alertdialog').getByRole('button', { name: l.confirmDuplicate, exact: true }).click()
  const copyPanel = page.getByRole('region').filter({ has: page.getByRole('button', { name: l.done }) })
  await expect(copyPanel).toBeVisible()
  await expectNoSidewaysScroll(page, l, 'the "Credentials of …" panel')
})

test("the token page's scopes and usage, the legacy page and every settings page do not scroll sideways at 320, 390 or 1280 px with a 100-character name in their data", async ({
  page,
  labels: l,
  longToken: name,
}) => {
  await openToken(page, name)
  const tokenPath = new URL(page.url()).pathname
  for (const [path, heading] of [
    [`${tokenPath}?tab=scopes`, name],
    [`${tokenPath}?tab=usage`, name],
    ['/settings/api/legacy', null],
    ['/settings/policies', null],
    ['/settings/credential-check', null],
    ['/settings/audit-trail', null],
    ['/settings/webhooks', null],
    ['/settings', l.settings],
  ] as const) {
    await page.goto(path)
    await expect(
      heading
        ? page.getByRole('heading', { level: 1, name: heading, exact: true })
        : page.getByRole('heading', { level: 1 }),
    ).toBeVisible()
    await expectNoSidewaysScroll(page, l, path)
  }
})

test('a toast naming a 100-character unbroken name wraps within a 320 px phone, in four lines at most', async ({
  page,
  labels: l,
  longToken: name,
}) => {
  await page.setViewportSize({ width: 320, height: 700 })
  await chooseFromMoreMenu(page, tokenCard(page, name), l, l.disable)
  await confirmDialog(page, l.confirmDisable)
  const message = page.getByRole('region', { name: l.notifications }).locator('.toast__message').first()
  await expect(message).toBeVisible()
  const box = await message.boundingBox()
  expect(box && box.x >= 0 && box.x + box.width <= 320, 'the toast stays within the window').toBe(true)
  expect(await pageOverflow(page)).toBeLessThanOrEqual(0)
  expect(await linesOf(message)).toBeLessThanOrEqual(4)
})
test('the API page shows a token card on the first screen of a 390 × 844 phone, with Enable Legacy Tokens quieter than Create Access Token', async ({
  page,
  labels: l,
  variant,
}) => {
  await signInToApiPage(page, l, variant)
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.evaluate(() => window.scrollTo(0, 0))
    // The first card of tokens: an access token's, or the agency's legacy tokens above the list.
    await expect(page.getByRole('article').first()).toBeInViewport()
  }

  await page.setViewportSize({ width: 1280, height: 800 })
  const enable = page.getByRole('button', { name: l.enableLegacyTokens, exact: true })
  // The agency's demo account has legacy tokens already, so it has no such button.
  if ((await enable.count()) > 0) {
    const create = page.getByRole('button', { name: l.createAccessToken, exact: true })
    const fill = (button: Locator) =>
      button.evaluate((element) => {
        const css = getComputedStyle(element)
        return { background: css.backgroundColor, border: css.borderTopColor }
      })
    const enableLook = await fill(enable)
    const createLook = await fill(create)
    expect(createLook.background).not.toBe('rgba(0, 0, 0, 0)')
    expect(enableLook).toEqual({ background: 'rgba(0, 0, 0, 0)', border: 'rgba(0, 0, 0, 0)' })
  }
})

test('the token page shows its save bar only with something to save, and asks in its own dialog before leaving unsaved changes', async ({
  page,
  labels: l,
  language,
  variant,
}) => {
  const nativeDialogs: string[] = []
  page.on('dialog', (dialog) => {
    nativeDialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await signInToApiPage(page, l, variant)
  // An access token's card (the agency's legacy card comes first and opens the legacy page).
  await page
    .getByRole('article')
    .filter({ hasNot: page.getByRole('link', { name: l.legacyAccountTokens, exact: true }) })
    .first()
    .getByRole('heading')
    .getByRole('link')
    .click()
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  const main = page.getByRole('main')
  const update = main.getByRole('button', { name: l.update, exact: true })
  await expect(main.getByLabel(l.description, { exact: true })).toBeVisible()
  await expect(update).toHaveCount(0)

  await main.getByLabel(l.description, { exact: true }).fill('Changed on a phone.')
  await expect(update).toBeVisible()
  await page.getByRole('link', { name: l.backTo(apiPageTitle(l, variant)), exact: true }).click()
  const dialog = page.getByRole('alertdialog', { name: WORDS[language].leaveTitle, exact: true })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: WORDS[language].cancel, exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(main.getByLabel(l.description, { exact: true })).toHaveValue('Changed on a phone.')

  await page.goBack()
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: WORDS[language].leave, exact: true }).click()
  await expect(
    page.getByRole('heading', { level: 1, name: apiPageTitle(l, variant), exact: true }),
  ).toBeVisible()
  expect(nativeDialogs, "the browser's own confirm()").toEqual([])
})
