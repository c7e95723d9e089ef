import type { Locator, Page } from '@playwright/test'
import {
  chooseFromMoreMenu,
  chooseOption,
  confirmDialog,
  duplicateFromCard,
  expectChosenOption,
  legacyCard,
  openApiPageAt,
  openToken,
  signIn,
  signInToApiPage,
  tokenCard,
  viewAt,
} from '../support/console'
import { ANY_LANGUAGE, expect, test } from '../support/fixtures'
import type { Labels } from '../support/labels'
import { createTokenThroughWizard } from '../support/token-wizard'
import { API_VERSION_LINES, DEMO_TOKENS, type Variant } from '../support/variants'

/** The built code of the API page's token action dialogs, which loads after the page. */
const dialogCode = /\/assets\/TokenActionDialogs-[^/?]*\.js(\?.*)?$/

// Issue 19, items 2, 3, 5 and the toasts of item 10: one focus rule after every action, lazily
// loaded code that fails offline says so (with Retry), the keyboard on pickers and toggles.

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Focused, in the viewport and not under a sticky bar: the element itself is what a tap there hits. */
async function expectFocusedInView(target: Locator): Promise<void> {
  await expect(target).toBeFocused()
  await expect(target).toBeInViewport()
  const uncovered = await target.evaluate((element) => {
    const box = element.getBoundingClientRect()
    const hit = document.elementFromPoint(box.left + Math.min(20, box.width / 2), box.top + box.height / 2)
    return Boolean(hit && element.contains(hit))
  })
  expect(uncovered, 'nothing (a sticky bar) covers it').toBe(true)
}

/** Opens a token, then one of its sections by its address. */
async function openTokenAt(page: Page, name: string, section: string): Promise<void> {
  await openToken(page, name)
  await page.goto(`${page.url()}?tab=${section}`)
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible()
}

/** The heading of the panel that shows a copy's credentials (the copy's name contains the source's). */
function copyCredentialsHeading(page: Page, labels: Labels, source: string): Locator {
  const [before, after] = labels.credentialsOf('\u0000').split('\u0000') as [string, string]
  return page.getByRole('main').getByRole('heading', {
    level: 2,
    name: new RegExp(`^${escaped(before)}.*${escaped(source)}.*${escaped(after)}$`),
  })
}

/** The toasts shown; `labels` of the language on screen (the region's name is in it). */
function toasts(page: Page, labels: Pick<Labels, 'notifications'>): Locator {
  return page
    .getByRole('region', { name: new RegExp(`^${escaped(labels.notifications)}`) })
    .getByRole('listitem')
}

/** Enables a token if disabled, else disables it (confirmed): either way a toast says so. */
/**
 * Signs in to the API page at 1280 px with the dialogs' code failing (its download right after the
 * page mounts) and chooses Disable on the demo token created today: the error that says so.
 */
async function disableWithoutItsDialog(
  page: Page,
  labels: Labels,
  variant: Variant,
): Promise<{ name: string; card: Locator; failure: Locator }> {
  await viewAt(page, 1280)
  await page.route(dialogCode, (route) => route.abort('internetdisconnected'))
  await signInToApiPage(page, labels, variant)
  const name = DEMO_TOKENS[variant].createdToday
  const card = tokenCard(page, name)
  await chooseFromMoreMenu(page, card, labels, labels.disable)
  return { name, card, failure: page.getByRole('alert').filter({ hasText: labels.partNotDownloaded }) }
}

async function toggleState(page: Page, labels: Labels, card: Locator): Promise<void> {
  await card.getByRole('button', { name: labels.more, exact: true }).click()
  const enable = page.getByRole('menuitem', { name: labels.enable, exact: true })
  const disable = page.getByRole('menuitem', { name: labels.disable, exact: true })
  await expect(enable.or(disable)).toBeVisible()
  if (await enable.isVisible()) {
    await enable.click()
  } else {
    await disable.click()
    await confirmDialog(page, labels.confirmDisable)
  }
}

test.describe('focus after an action', ANY_LANGUAGE, () => {
  test('at 390 px in dark mode, Reset from a card menu puts focus on the new credentials, in view', async ({
    page,
    labels,
    variant,
  }) => {
    await openApiPageAt(page, labels, variant, 390, { dark: true })
    const name = DEMO_TOKENS[variant].createdTwelveDaysAgo
    await chooseFromMoreMenu(page, tokenCard(page, name), labels, labels.reset)
    await confirmDialog(page, labels.confirmReset)
    await expectFocusedInView(
      page.getByRole('heading', { level: 2, name: labels.newCredentialsFor(name), exact: true }),
    )
  })

  for (const width of [390, 1280]) {
    test(`at ${width} px, Reset on the token page puts focus on the new credentials, clear of the top bar and the save bar`, async ({
      page,
      labels,
      variant,
    }) => {
      await openApiPageAt(page, labels, variant, width)
      const name = DEMO_TOKENS[variant].createdFortyFiveDaysAgo
      await openTokenAt(page, name, 'credentials')
      await page.getByRole('button', { name: labels.resetToken, exact: true }).click()
      await confirmDialog(page, labels.confirmReset)
      await expectFocusedInView(
        page.getByRole('heading', { level: 2, name: labels.newCredentialsFor(name), exact: true }),
      )
    })
  }

  test.describe('at 1280 px on the API page', () => {
    test.beforeEach(async ({ page, labels, variant }) => {
      await openApiPageAt(page, labels, variant, 1280)
    })

    test('at 1280 px, a second Duplicate keeps focus on the new credentials instead of dropping it to the page', async ({
      page,
      labels,
      variant,
    }) => {
      const source = DEMO_TOKENS[variant].createdToday
      for (const round of [1, 2]) {
        await duplicateFromCard(page, labels, source)
        const heading = copyCredentialsHeading(page, labels, source)
        await expectFocusedInView(heading)
        expect(await page.evaluate(() => document.activeElement === document.body), `round ${round}`).toBe(
          false,
        )
      }
    })

    test('at 1280 px, Disable and Enable keep focus on the card, Delete moves it to the list heading', async ({
      page,
      labels,
      variant,
    }) => {
      const source = DEMO_TOKENS[variant].createdToday
      await duplicateFromCard(page, labels, source)
      const panelTitle = (await copyCredentialsHeading(page, labels, source).textContent()) ?? ''
      const copy = /“(.+)”/.exec(panelTitle)?.[1] ?? ''
      expect(copy).toContain(source)
      const more = tokenCard(page, copy).getByRole('button', { name: labels.more, exact: true })

      await chooseFromMoreMenu(page, tokenCard(page, copy), labels, labels.disable)
      await confirmDialog(page, labels.confirmDisable)
      await expect(tokenCard(page, copy)).toContainText(labels.stateDisabled)
      await expect(more).toBeFocused()

      await chooseFromMoreMenu(page, tokenCard(page, copy), labels, labels.enable)
      await expect(tokenCard(page, copy)).toContainText(labels.stateEnabled)
      await expect(more).toBeEnabled()
      await expect(more).toBeFocused()

      await chooseFromMoreMenu(page, tokenCard(page, copy), labels, labels.delete)
      const dialog = page.getByRole('alertdialog')
      await dialog.getByRole('textbox').fill(copy)
      await dialog.getByRole('button', { name: labels.confirmDelete, exact: true }).click()
      await expect(tokenCard(page, copy)).toHaveCount(0)
      await expect(
        page.getByRole('heading', { level: 2, name: labels.tokensHeading, exact: true }),
      ).toBeFocused()
    })
  })
})

test.describe('offline, lazily loaded code', () => {
  test('at 390 px, Duplicate and Enable say the server cannot be reached although no toast was shown before', async ({
    page,
    context,
    labels,
    variant,
  }) => {
    await openApiPageAt(page, labels, variant, 390)
    // The actions' dialogs (and in zh-CN the catalog's later part) download once the page has
    // mounted: offline before they are here, Duplicate could only say it cannot be opened.
    await page.waitForLoadState('networkidle')
    await context.setOffline(true)

    await chooseFromMoreMenu(
      page,
      tokenCard(page, DEMO_TOKENS[variant].createdToday),
      labels,
      labels.duplicate,
    )
    const dialog = page.getByRole('alertdialog')
    await dialog.getByRole('button', { name: labels.confirmDuplicate, exact: true }).click()
    await expect(dialog.getByRole('alert')).toHaveText(labels.networkUnavailable)
    await dialog.getByRole('button', { name: labels.cancel, exact: true }).click()

    await chooseFromMoreMenu(
      page,
      tokenCard(page, DEMO_TOKENS[variant].disabledLongAgo),
      labels,
      labels.enable,
    )
    await expect(toasts(page, labels).filter({ hasText: labels.networkUnavailable })).toBeVisible()
    await context.setOffline(false)
  })

  test(
    'at 1280 px, opening a token or the wizard offline says the page could not be opened, and Retry opens it once online',
    ANY_LANGUAGE,
    async ({ page, context, labels, variant }) => {
      await openApiPageAt(page, labels, variant, 1280)
      const apiUrl = page.url()
      const name = DEMO_TOKENS[variant].createdTwoDaysAgo
      await context.setOffline(true)

      await tokenCard(page, name).getByRole('link', { name, exact: true }).click()
      const failure = page.getByRole('main').getByRole('alert').filter({ hasText: labels.pageNotOpened })
      await expect(failure).toContainText(labels.pageOffline)
      await expect(page.locator('.route-load-error')).toBeFocused()
      expect(page.url()).toBe(apiUrl)

      await context.setOffline(false)
      await failure.getByRole('button', { name: labels.retry, exact: true }).click()
      await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible()
      await expect(failure).toHaveCount(0)

      await page.goBack()
      await expect(tokenCard(page, name)).toBeVisible()
      await context.setOffline(true)
      await page.getByRole('button', { name: labels.createAccessToken, exact: true }).click()
      await expect(failure).toContainText(labels.pageOffline)
      await context.setOffline(false)
      await failure.getByRole('button', { name: labels.retry, exact: true }).click()
      await expect(page.getByLabel(labels.tokenName, { exact: true })).toBeVisible()
    },
  )

  test('at 1280 px, switching language offline never names a language the screen is not in, and says what failed', async ({
    page,
    context,
    labels,
    language,
    variant,
  }) => {
    await viewAt(page, 1280)
    // Its own user, so the language saved on the server does not change the other tests' start.
    await signIn(page, labels, variant, 'analyst')
    const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true })
    await expect(heading(labels.settings)).toBeVisible()

    if (language === 'en') {
      // English ships with the console; Chinese is fetched when chosen, which fails offline.
      const switcher = page.getByLabel(labels.language, { exact: true })
      await context.setOffline(true)
      await switcher.selectOption({ label: '简体中文' })
      await expect(toasts(page, labels).filter({ hasText: labels.languageUnavailableOffline })).toBeVisible()
      await expectChosenOption(switcher, 'English')
      await expect(heading(labels.settings)).toBeVisible()
      await expect(page.locator('html')).toHaveAttribute('lang', 'en')
      await context.setOffline(false)
      await switcher.selectOption({ label: '简体中文' })
      await expect(heading('设置')).toBeVisible()
      await chooseOption(page, page.getByLabel('语言', { exact: true }), 'English')
      await expect(heading(labels.settings)).toBeVisible()
      return
    }

    // Chinese was loaded with the page (the browser keeps it): offline, English and back work here,
    // and the user hears that the choice could not be saved to the profile, not "something went wrong".
    await context.setOffline(true)
    await chooseOption(page, page.getByLabel(labels.language, { exact: true }), 'English')
    await expect(heading('Settings')).toBeVisible()
    await expectChosenOption(page.getByLabel('Language', { exact: true }), 'English')
    await chooseOption(page, page.getByLabel('Language', { exact: true }), '简体中文')
    await expect(heading(labels.settings)).toBeVisible()
    await expect(toasts(page, labels).filter({ hasText: labels.languageNotSavedOffline })).toBeVisible()
    await expectChosenOption(page.getByLabel(labels.language, { exact: true }), '简体中文')
    await context.setOffline(false)
  })

  test(
    'at 1280 px, a card action whose dialog did not download says so with Retry, which opens it once it can be',
    ANY_LANGUAGE,
    async ({ page, labels, variant }) => {
      const { name, card, failure } = await disableWithoutItsDialog(page, labels, variant)
      await expect(failure).toBeVisible()
      // With several cards on screen, it says which action on which token Retry will open.
      await expect(failure).toContainText(labels.dialogNotOpened(labels.disable, name))
      await expect(page.getByRole('alertdialog')).toHaveCount(0)

      // Back online: the browser remembers the failed module, yet the dialog opens.
      await page.unroute(dialogCode)
      await failure
        .getByRole('button', { name: labels.retryOpening(labels.disable, name), exact: true })
        .click()
      const dialog = page.getByRole('alertdialog')
      await expect(dialog.getByRole('button', { name: labels.confirmDisable, exact: true })).toBeVisible()
      await expect(failure).toHaveCount(0)
      await dialog.getByRole('button', { name: labels.cancel, exact: true }).click()
      await expect(dialog).toHaveCount(0)
      await expect(card.getByRole('button', { name: labels.more, exact: true })).toBeFocused()
    },
  )

  test(
    'at 1280 px, a card action’s download error stays while a search still lists its token and goes once one leaves it off',
    ANY_LANGUAGE,
    async ({ page, labels, variant }) => {
      const { name, failure } = await disableWithoutItsDialog(page, labels, variant)
      const other = DEMO_TOKENS[variant].createdTwoDaysAgo
      await expect(failure).toContainText(labels.dialogNotOpened(labels.disable, name))

      const search = page.getByLabel(labels.searchByName, { exact: true })
      await search.fill(name)
      await expect(tokenCard(page, other)).toHaveCount(0)
      await expect(tokenCard(page, name)).toBeVisible()
      await expect(failure).toBeVisible()

      await search.fill(other)
      await expect(tokenCard(page, other)).toBeVisible()
      await expect(tokenCard(page, name)).toHaveCount(0)
      await expect(failure).toHaveCount(0)
      await expect(page.getByRole('button', { name: labels.retryOpening(labels.disable, name) })).toHaveCount(
        0,
      )
    },
  )

  test('at 390 and 1280 px, a card action’s download error fits a 100-character name without spaces, its buttons on screen', async ({
    page,
    labels,
    variant,
  }) => {
    await page.route(dialogCode, (route) => route.abort('internetdisconnected'))
    const name = `${variant}_order_sync_production_${Date.now()}_`.padEnd(100, 'x')
    await signInToApiPage(page, labels, variant)
    await createTokenThroughWizard(page, labels, variant, name)
    const failure = page.getByRole('alert').filter({ hasText: labels.partNotDownloaded })
    for (const width of [390, 1280]) {
      await viewAt(page, width)
      // Loaded anew: a second failure on one page loads the page again (code-fetch-failures.ts).
      await page.reload()
      await chooseFromMoreMenu(page, tokenCard(page, name), labels, labels.disable)
      await expect(failure).toContainText(labels.dialogNotOpened(labels.disable, name))
      const sticksOut = await failure.evaluate((element) =>
        [element, ...element.querySelectorAll('*')].some(
          (part) => part.getBoundingClientRect().right > element.getBoundingClientRect().right + 0.5,
        ),
      )
      expect(sticksOut, `at ${width} px, part of the error sticks out of it`).toBe(false)
      const pageOverflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(pageOverflow, `at ${width} px, the page scrolls sideways`).toBeLessThanOrEqual(0)
      const retry = failure.getByRole('button', {
        name: labels.retryOpening(labels.disable, name),
        exact: true,
      })
      await expect(retry).toBeInViewport({ ratio: 1 })
      await expect(failure.getByRole('button', { name: labels.dismiss, exact: true })).toBeInViewport({
        ratio: 1,
      })
    }
  })

  test(
    'at 1280 px, a card action whose dialog is slow to download shows its [More] button busy and says so until it opens',
    ANY_LANGUAGE,
    async ({ page, labels, variant }) => {
      await viewAt(page, 1280)
      // A slow connection: the dialogs' code arrives only once the test lets it.
      let arrive: () => void = () => undefined
      const arrived = new Promise<void>((resolve) => (arrive = resolve))
      await page.route(dialogCode, async (route) => {
        await arrived
        await route.continue()
      })
      await signInToApiPage(page, labels, variant)
      const card = tokenCard(page, DEMO_TOKENS[variant].createdToday)
      const more = card.getByRole('button', { name: labels.more, exact: true })
      await chooseFromMoreMenu(page, card, labels, labels.disable)
      await expect(more).toHaveAttribute('aria-busy', 'true')
      await expect(page.getByRole('status').filter({ hasText: labels.dialogOpening })).toHaveCount(1)

      arrive()
      const dialog = page.getByRole('alertdialog')
      await expect(dialog.getByRole('button', { name: labels.confirmDisable, exact: true })).toBeVisible()
      await dialog.getByRole('button', { name: labels.cancel, exact: true }).click()
      await expect(more).toBeFocused()
      await expect(more).not.toHaveAttribute('aria-busy', 'true')
      await expect(page.getByRole('status').filter({ hasText: labels.dialogOpening })).toHaveCount(0)
    },
  )

  test(
    'at 390 px, a usage chart whose code does not arrive says so, and Retry draws it',
    ANY_LANGUAGE,
    async ({ page, labels, variant }) => {
      test.skip(variant !== 'brand', 'the seeded usage (a chart to draw) is the brand account’s')
      await viewAt(page, 390)
      const chartCode = /\/assets\/UsageChart-[^/]*\.js$/
      await page.route(chartCode, (route) => route.abort('internetdisconnected'))
      await signInToApiPage(page, labels, variant)
      await openTokenAt(page, DEMO_TOKENS[variant].createdTwoDaysAgo, 'usage')
      const failure = page.getByRole('alert').filter({ hasText: labels.partNotLoaded })
      await expect(failure).toBeVisible()

      await page.unroute(chartCode)
      await failure.getByRole('button', { name: labels.retry, exact: true }).click()
      await expect(failure).toHaveCount(0)
      await expect(page.locator('.usage-chart canvas')).toBeVisible()
    },
  )
})

test.describe('keyboard', ANY_LANGUAGE, () => {
  test('at 1280 px, ArrowDown on the legacy API Version only chooses; Upgrade asks, and Cancel returns to the picker', async ({
    page,
    labels,
    variant,
  }) => {
    await openApiPageAt(page, labels, variant, 1280)
    const enableLegacy = page.getByRole('button', { name: labels.enableLegacyTokens, exact: true })
    await expect(legacyCard(page, labels).or(enableLegacy)).toBeVisible()
    if (await enableLegacy.isVisible()) {
      await enableLegacy.click()
      await confirmDialog(page, labels.enableLegacyTokens)
    }
    await legacyCard(page, labels)
      .getByRole('link', { name: labels.legacyAccountTokens, exact: true })
      .click()
    const picker = page.getByLabel(labels.apiVersion, { exact: true })
    const [oldest, next] = API_VERSION_LINES[variant]
    await expect(picker).toHaveValue(oldest)

    await picker.focus()
    await page.keyboard.press('ArrowDown')
    await expect(picker).toHaveValue(next)
    const upgrade = page.getByRole('button', { name: labels.upgradeTo(next), exact: true })
    await expect(upgrade).toBeVisible()
    await expect(page.getByRole('alertdialog')).toHaveCount(0)
    await expect(picker).toBeFocused()

    await page.keyboard.press('Tab')
    await expect(upgrade).toBeFocused()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('alertdialog')
    await expect(dialog).toBeVisible()
    await dialog.getByRole('button', { name: labels.cancel, exact: true }).click()
    await expect(dialog).toBeHidden()
    await expect(picker).toBeFocused()
    await expect(picker).toHaveValue(oldest)
    await expect(upgrade).toHaveCount(0)
  })

  test('at 390 px, Show and Hide on the auth token keep focus on the toggle', async ({
    page,
    labels,
    variant,
  }) => {
    await openApiPageAt(page, labels, variant, 390)
    await openTokenAt(page, DEMO_TOKENS[variant].createdTwentyEightDaysAgo, 'credentials')
    await page.getByRole('button', { name: labels.showAuthToken, exact: true }).focus()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('button', { name: labels.hideAuthToken, exact: true })).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('button', { name: labels.showAuthToken, exact: true })).toBeFocused()
  })

  test('at 1280 px, Load more keeps focus on itself while more remain, then on the first card it brought', async ({
    page,
    labels,
    variant,
  }) => {
    await viewAt(page, 1280)
    // Pages of four, so the demo account's tokens take several.
    await page.route(/\/api\/tokens\?/, async (route) => {
      const url = new URL(route.request().url())
      if (url.pathname === '/api/tokens') url.searchParams.set('limit', '4')
      await route.continue({ url: url.toString() })
    })
    await signInToApiPage(page, labels, variant)
    const cards = page
      .getByRole('main')
      .getByRole('list')
      .filter({ has: page.getByRole('article') })
      .first()
      .getByRole('listitem')
    const loadMore = page.getByRole('button', { name: labels.loadMore, exact: true })
    await expect(cards).toHaveCount(4)
    await loadMore.focus()
    for (let round = 0; round < 10; round++) {
      const shown = await cards.count()
      await page.keyboard.press('Enter')
      await expect.poll(() => cards.count()).toBeGreaterThan(shown)
      if (await loadMore.isVisible()) {
        await expect(loadMore).toBeFocused()
        continue
      }
      await expect(cards.nth(shown).getByRole('link').first()).toBeFocused()
      return
    }
    throw new Error('Load more never ran out')
  })
})

test.describe('toasts', ANY_LANGUAGE, () => {
  for (const width of [320, 1280]) {
    test(`at ${width} px a toast sits below the top bar and goes when another page opens`, async ({
      page,
      labels,
      variant,
    }) => {
      await openApiPageAt(page, labels, variant, width)
      await toggleState(page, labels, tokenCard(page, DEMO_TOKENS[variant].disabledSixDaysAgo))
      const toast = toasts(page, labels).first()
      await expect(toast).toBeVisible()
      // Back at the top, where a phone's top bar (not sticky there) is in view again.
      await page.evaluate(() => window.scrollTo(0, 0))
      const clearOfBanner = async () => {
        const banner = await page.getByRole('banner').boundingBox()
        const toastBox = await toast.boundingBox()
        return Boolean(banner && toastBox && toastBox.y >= banner.y + banner.height)
      }
      await expect.poll(clearOfBanner).toBe(true)

      await page.getByRole('button', { name: labels.createAccessToken, exact: true }).click()
      await expect(page.getByLabel(labels.tokenName, { exact: true })).toBeVisible()
      await expect(toasts(page, labels)).toHaveCount(0)
    })
  }
})
