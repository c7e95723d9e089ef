import type { Locator } from '@playwright/test'
import {
  openTechnicalPage,
  openToken,
  openTokenSection,
  signIn,
  signInToApiPage,
} from '../support/console'
import { expect, test } from '../support/fixtures'
import { DEMO_TOKENS, demoEmail } from '../support/variants'

// Where keyboard focus goes after a press (components/focus-after-action.ts): never to the page's
// <body>, which a focused button that becomes disabled or is removed would leave it on.

/** Presses `button` with Enter, as a keyboard user does. */
async function pressEnterOn(button: Locator): Promise<void> {
  await button.focus()
  await button.press('Enter')
}

// A busy button (AppButton) ignores presses but stays focusable: a disabled one drops focus.
test('Copy Auth Token and Copy Account SID keep focus while they copy', async ({ page, labels, variant }) => {
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
})

test('Save policies keeps focus while it saves', async ({ page, labels, variant }) => {
  await signIn(page, labels, variant)
  await openTechnicalPage(page, labels, variant, labels.tokenPolicies)
  const save = page.getByRole('button', { name: labels.savePolicies, exact: true })
  await pressEnterOn(save)
  await expect(page.getByText(labels.policiesSaved, { exact: true })).toBeVisible()
  await expect(save).toBeFocused()
})

test('Sign in keeps focus after a wrong password', async ({ page, labels, variant }) => {
  await page.goto('/')
  await page.getByLabel(labels.email, { exact: true }).fill(demoEmail(variant, 'admin'))
  await page.getByLabel(labels.password, { exact: true }).fill('not-the-password')
  const signInButton = page.getByRole('button', { name: labels.signIn, exact: true })
  await pressEnterOn(signInButton)
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(signInButton).toBeFocused()
})
