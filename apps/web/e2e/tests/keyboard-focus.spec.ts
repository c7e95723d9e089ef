import type { Locator } from '@playwright/test'
import {
  openSettings,
  openTechnicalPage,
  openToken,
  openTokenSection,
  signIn,
  signInToApiPage,
  tokenCard,
} from '../support/console'
import { ANY_LANGUAGE, expect, test } from '../support/fixtures'
import { DEMO_TOKENS, demoEmail, type Language } from '../support/variants'

// Where keyboard focus goes after a press (components/focus-after-action.ts): never to the page's
// <body>, which a focused button that becomes disabled or is removed would leave it on.

// The pages' words in each language, written out here so a missing translation fails the test.
const TEXT: Record<
  Language,
  { discard: string; clearAllFilters: string; webhooks: string; addWebhook: string; webhookUrl: string }
> = {
  en: {
    discard: 'Discard changes',
    clearAllFilters: 'Clear all filters',
    webhooks: 'Webhooks',
    addWebhook: 'Add webhook',
    webhookUrl: 'Endpoint URL',
  },
  'zh-CN': {
    discard: '放弃更改',
    clearAllFilters: '清除所有筛选条件',
    webhooks: 'Webhook',
    addWebhook: '添加 Webhook',
    webhookUrl: '端点 URL',
  },
}

/** Presses `button` with Enter, as a keyboard user does. */
async function pressEnterOn(button: Locator): Promise<void> {
  await button.focus()
  await button.press('Enter')
}

// A busy button (AppButton) ignores presses but stays focusable: a disabled one drops focus.
test(
  'Copy Auth Token and Copy Account SID keep focus while they copy',
  ANY_LANGUAGE,
  async ({ page, labels, variant }) => {
    await signInToApiPage(page, labels, variant)
    await openToken(page, DEMO_TOKENS[variant].createdToday)
    const credentials = await openTokenSection(page, labels, labels.apiCredentials)
    for (const label of [labels.copyAuthToken, labels.copyAccountSid]) {
      await page.evaluate(() => navigator.clipboard.writeText(''))
      const copy = credentials.getByRole('button', { name: label, exact: true })
      await pressEnterOn(copy)
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).not.toBe('')
      await expect(copy).not.toHaveAttribute('aria-busy', 'true')
      await expect.soft(copy).toBeFocused()
    }
  },
)

test('Save policies keeps focus while it saves', ANY_LANGUAGE, async ({ page, labels, variant }) => {
  await signIn(page, labels, variant)
  await openTechnicalPage(page, labels, variant, labels.tokenPolicies)
  const save = page.getByRole('button', { name: labels.savePolicies, exact: true })
  await pressEnterOn(save)
  await expect(page.getByText(labels.policiesSaved, { exact: true })).toBeVisible()
  await expect(save).toBeFocused()
})

test('Sign in keeps focus after a wrong password', ANY_LANGUAGE, async ({ page, labels, variant }) => {
  await page.goto('/')
  await page.getByLabel(labels.email, { exact: true }).fill(demoEmail(variant, 'admin'))
  await page.getByLabel(labels.password, { exact: true }).fill('not-the-password')
  const signInButton = page.getByRole('button', { name: labels.signIn, exact: true })
  await pressEnterOn(signInButton)
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(signInButton).toBeFocused()
})

// A button that disables or removes itself hands focus on (focus-after-action.ts).
test(
  'scope Clear All moves focus to the first category, and Discard changes to the token name',
  ANY_LANGUAGE,
  async ({ page, labels, language, variant }) => {
    await signInToApiPage(page, labels, variant)
    const name = DEMO_TOKENS[variant].createdToday
    await openToken(page, name)
    const scopes = await openTokenSection(page, labels, labels.stepScopes)
    await pressEnterOn(scopes.getByRole('button', { name: labels.clearAll, exact: true }))
    await expect.soft(scopes.getByRole('switch').first()).toBeFocused()

    await pressEnterOn(page.getByRole('button', { name: TEXT[language].discard, exact: true }))
    await expect.soft(page.getByRole('heading', { level: 1, name, exact: true })).toBeFocused()
  },
)

test(
  'the API filters’ Clear All and the no-match Clear all filters move focus to the search field',
  ANY_LANGUAGE,
  async ({ page, labels, language, variant }) => {
    await signInToApiPage(page, labels, variant)
    const search = page.getByLabel(labels.searchByName, { exact: true })
    await search.fill('no token has this name')
    await expect(page.getByText(labels.noMatchingTokens, { exact: true })).toBeVisible()
    await pressEnterOn(page.getByRole('button', { name: TEXT[language].clearAllFilters, exact: true }))
    await expect.soft(search).toBeFocused()

    await search.fill('no token has this name')
    await expect(page.getByText(labels.noMatchingTokens, { exact: true })).toBeVisible()
    await pressEnterOn(page.getByRole('button', { name: labels.clearAll, exact: true }))
    await expect(search).toHaveValue('')
    await expect.soft(search).toBeFocused()
  },
)

test(
  'Add webhook moves focus to the new form’s URL field',
  ANY_LANGUAGE,
  async ({ page, labels, language, variant }) => {
    const text = TEXT[language]
    await signIn(page, labels, variant)
    await openSettings(page, labels, variant)
    await page
      .getByRole('navigation', { name: labels.settings, exact: true })
      .getByRole('link', { name: text.webhooks, exact: true })
      .click()
    await pressEnterOn(page.getByRole('button', { name: text.addWebhook, exact: true }))
    await expect(page.getByLabel(text.webhookUrl, { exact: true })).toBeFocused()
  },
)

// The token page renders its heading once the token has loaded: focus waits for it.
test('opening a token by keyboard lands on its name', ANY_LANGUAGE, async ({ page, labels, variant }) => {
  await signInToApiPage(page, labels, variant)
  const name = DEMO_TOKENS[variant].createdToday
  await pressEnterOn(tokenCard(page, name).getByRole('link', { name, exact: true }))
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeFocused()
})

// The menu item the arrow keys are on shows it at 3:1 at least (WCAG 1.4.11), not by a pale tint alone.
test(
  'the keyboard-highlighted menu item is outlined in the focus colour',
  ANY_LANGUAGE,
  async ({ page, labels, variant }) => {
    await signInToApiPage(page, labels, variant)
    const card = tokenCard(page, DEMO_TOKENS[variant].createdToday)
    await pressEnterOn(card.getByRole('button', { name: labels.more, exact: true }))
    const highlighted = page.locator('[role="menuitem"][data-highlighted]')
    await expect(highlighted).toHaveCount(1)
    const style = await highlighted.evaluate((item) => {
      const computed = getComputedStyle(item)
      const focus = getComputedStyle(document.documentElement).getPropertyValue('--focus').trim()
      const [r, g, b] = [1, 3, 5].map((at) => parseInt(focus.slice(at, at + 2), 16))
      return {
        outline: `${computed.outlineStyle} ${computed.outlineWidth} ${computed.outlineColor}`,
        focus: `rgb(${r}, ${g}, ${b})`,
      }
    })
    expect(style.outline).toBe(`solid 2px ${style.focus}`)
  },
)
