import type { Locator, Page } from '@playwright/test'
import {
  chooseOption,
  copyCredential,
  openApiPage,
  openTechnicalPage,
  openToken,
  openTokenSection,
  signIn,
  signInToApiPage,
  tokenCard,
} from '../support/console'
import { ANY_LANGUAGE, expect, test } from '../support/fixtures'
import type { Labels } from '../support/labels'
import { platformAccountStatus } from '../support/platform-api'
import { createTokenThroughWizard } from '../support/token-wizard'
import { DEMO_TOKENS, type Language, type Variant } from '../support/variants'

// Screenshots for review (issue 15): the wizard's expiry field and the rotation panel, both widths.
const SHOTS = '/tmp/shots-ui'
const WIDTHS = [1280, 390] as const

async function shoot(
  page: Page,
  language: Language,
  variant: Variant,
  name: string,
  target?: () => Promise<void>,
) {
  if (variant !== 'brand') return
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    await target?.()
    await page.screenshot({ path: `${SHOTS}/${language}-${width}-${name}.png` })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

/** On the token page: API Credentials → Rotate Auth Token, confirmed after `chooseTerms` (the defaults otherwise). */
async function rotateAuthToken(page: Page, labels: Labels, chooseTerms?: (dialog: Locator) => Promise<void>) {
  await openTokenSection(page, labels, labels.apiCredentials)
  await page.getByRole('main').getByRole('button', { name: labels.rotateAuthToken, exact: true }).click()
  const dialog = page.getByRole('alertdialog')
  await chooseTerms?.(dialog)
  await dialog.getByRole('button', { name: labels.confirmRotate, exact: true }).click()
  await expect(dialog).toBeHidden()
}

test('sets a 30-day expiry in the wizard, sees it on the card and the Overview, and renews it with the same credentials', async ({
  page,
  labels,
  language,
  variant,
  server,
}) => {
  const name = `E2E expiry ${variant} ${Date.now()}`
  await signInToApiPage(page, labels, variant)
  const main = page.getByRole('main')
  const credential = await createTokenThroughWizard(page, labels, variant, name, {
    onSetup: async () => {
      const field = page.getByLabel(labels.expiry, { exact: true })
      await chooseOption(page, field, labels.expiry30Days)
      await shoot(page, language, variant, 'wizard-expiry', () => field.scrollIntoViewIfNeeded())
    },
    onReview: () => expect(main).toContainText(labels.expiry),
  })

  await expect(tokenCard(page, name)).toContainText(labels.cardExpiresIn30Days)
  await openToken(page, name)
  await expect(main).toContainText(labels.overviewExpiresIn30Days)

  await main.getByRole('button', { name: labels.renew, exact: true }).click()
  const dialog = page.getByRole('alertdialog')
  await chooseOption(page, dialog.getByLabel(labels.expiry, { exact: true }), labels.expiry90Days)
  await dialog.getByRole('button', { name: labels.renew, exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(main).toContainText(labels.overviewExpiresIn3Months)
  expect(await platformAccountStatus(server.url, credential)).toBe(200)
})

test(
  'rotates with an overlap: both auth tokens work during the rotation, and Retire old auth token now refuses the old one',
  ANY_LANGUAGE,
  async ({ page, labels, language, variant, server, newToken: { name, credential: old } }) => {
    await openToken(page, name)
    const main = page.getByRole('main')

    await test.step('[More] offers Rotate… beside Reset', async () => {
      await main.getByRole('button', { name: labels.more, exact: true }).click()
      await expect(page.getByRole('menuitem', { name: labels.reset, exact: true })).toBeVisible()
      await expect(page.getByRole('menuitem', { name: labels.rotateMenu, exact: true })).toBeVisible()
      await page.keyboard.press('Escape')
    })

    const fresh =
      await test.step('API Credentials: rotate with a 6-hour overlap, ended by traffic after 30 quiet minutes', async () => {
        await rotateAuthToken(page, labels, async (dialog) => {
          await chooseOption(page, dialog.getByLabel(labels.overlap, { exact: true }), labels.overlap6Hours)
          await dialog.getByRole('checkbox', { name: labels.endWhenTrafficConfirms, exact: true }).check()
          await chooseOption(
            page,
            dialog.getByLabel(labels.quietPeriod, { exact: true }),
            labels.quiet30Minutes,
          )
        })
        const issued = page.getByRole('region', { name: labels.newAuthTokenFor(name), exact: true })
        return copyCredential(page, issued, labels)
      })

    expect(fresh.accountSid).toBe(old.accountSid)
    expect(fresh.authToken).not.toBe(old.authToken)
    expect(await platformAccountStatus(server.url, old)).toBe(200)
    expect(await platformAccountStatus(server.url, fresh)).toBe(200)

    const panel = page.getByRole('region', { name: labels.rotationInProgress, exact: true })
    await expect(panel).toContainText(labels.oldAuthTokenLastUsed)
    await expect(panel).toContainText(labels.quiet30Minutes)
    await expect(main.getByRole('button', { name: labels.rotateAuthToken, exact: true })).toBeDisabled()
    await shoot(page, language, variant, 'rotation-panel', () => panel.scrollIntoViewIfNeeded())

    await test.step('Retire old auth token now, after a confirmation: the old auth token is refused, the new one works', async () => {
      await panel.getByRole('button', { name: labels.retireOldNow, exact: true }).click()
      const dialog = page.getByRole('alertdialog')
      await dialog.getByRole('button', { name: labels.retireOldNow, exact: true }).click()
      await expect(dialog).toBeHidden()
      await expect(panel).toBeHidden()
      expect(await platformAccountStatus(server.url, old)).toBe(401)
      expect(await platformAccountStatus(server.url, fresh)).toBe(200)
    })
  },
)

test(
  'follows a rotation that ends elsewhere: another tab retires the old auth token, and this page drops its panel by itself',
  ANY_LANGUAGE,
  async ({ page, labels, server, newToken: { name, credential: old } }) => {
    await openToken(page, name)
    await rotateAuthToken(page, labels)
    const panel = page.getByRole('region', { name: labels.rotationInProgress, exact: true })
    await expect(panel).toBeVisible()

    const other = await page.context().newPage()
    await other.goto(page.url())
    const otherPanel = other.getByRole('region', { name: labels.rotationInProgress, exact: true })
    await otherPanel.getByRole('button', { name: labels.retireOldNow, exact: true }).click()
    await other
      .getByRole('alertdialog')
      .getByRole('button', { name: labels.retireOldNow, exact: true })
      .click()
    await expect(otherPanel).toBeHidden()
    await other.close()
    expect(await platformAccountStatus(server.url, old)).toBe(401)

    // No reload here: the page reads a token with a rotation in progress again every 10 seconds.
    await expect(panel).toBeHidden({ timeout: 15_000 })
    await expect(
      page.getByRole('region', { name: labels.notifications }).getByText(labels.rotationEndedFor(name)),
    ).toBeVisible()
    await expect(
      page.getByRole('main').getByRole('button', { name: labels.rotateAuthToken, exact: true }),
    ).toBeEnabled()
  },
)

test(
  'the State filter offers Expired, keeps it in the URL, and lists no token that has not expired',
  ANY_LANGUAGE,
  async ({ page, labels, variant }) => {
    await signInToApiPage(page, labels, variant)
    await expect(tokenCard(page, DEMO_TOKENS[variant].createdToday)).toBeVisible()
    await chooseOption(page, page.getByLabel(labels.state, { exact: true }), labels.stateExpired)
    await expect(page).toHaveURL(/[?&]state=expired/)
    await expect(page.getByText(labels.noMatchingTokens, { exact: true })).toBeVisible()
    await expect(tokenCard(page, DEMO_TOKENS[variant].createdToday)).toHaveCount(0)
  },
)

test(
  'Token policies in Settings → Technical: requiring an expiry within 60 days takes "No expiry" out of the wizard',
  ANY_LANGUAGE,
  async ({ page, labels, variant }) => {
    await signIn(page, labels, variant)
    await openTechnicalPage(page, labels, variant, labels.tokenPolicies)
    await page.getByRole('checkbox', { name: labels.requireExpiry, exact: true }).check()
    await page.getByLabel(labels.maxLifetime, { exact: true }).fill('60')
    await page.getByRole('button', { name: labels.savePolicies, exact: true }).click()
    await expect(
      page.getByRole('region', { name: labels.notifications }).getByText(labels.policiesSaved),
    ).toBeVisible()

    await openApiPage(page, labels, variant)
    await page.getByRole('button', { name: labels.createAccessToken, exact: true }).click()
    const expiry = page.getByLabel(labels.expiry, { exact: true })
    await expect(expiry.locator('option')).toHaveText([labels.expiry30Days, labels.expiryCustom])
    await expect(page.getByRole('main')).toContainText(labels.policyRequires60Days)
  },
)
