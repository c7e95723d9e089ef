import type { Page } from '@playwright/test'
import { AUTH_TOKEN_PREFIX, checksumOf } from '@tokens/core'
import type { ApiServer } from '../support/api-server'
import { describeAxeChecks, expectNoSeriousAxeViolations } from '../support/axe'
import {
  apiPageTitle,
  confirmDialog,
  copyCredential,
  legacyCard,
  openToken,
  signInToApiPage,
  tokenCard,
} from '../support/console'
import { ANY_LANGUAGE, expect, test } from '../support/fixtures'
import { platformAccountStatus, type Credential } from '../support/platform-api'
import {
  DEMO_PASSWORD,
  demoEmail,
  hasLegacyTokensFromStart,
  type Language,
  type Variant,
} from '../support/variants'

// Leaked credentials (issue 16): a report through the real secret-scanning endpoint, the banner on
// the token and its actions, and Settings → Technical → Check a credential.
const FOUND_AT = 'https://github.com/octo-e2e/shop/blob/4f2a9c1/deploy/.env'
const SHOTS = '/tmp/shots-leakui'

/** Screenshots for review at both widths (brand only), then back to the default viewport. */
async function shoot(page: Page, language: Language, variant: Variant, name: string) {
  if (variant !== 'brand') return
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${SHOTS}/${language}-${width}-${name}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 800 })
}

/** The session cookie of a demo account's administrator, signed in through the admin API. */
async function adminCookie(baseUrl: string, variant: Variant): Promise<string> {
  const login = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demoEmail(variant, 'admin'), password: DEMO_PASSWORD }),
  })
  expect(login.status).toBe(200)
  return login.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .join('; ')
}

/** An auth token of another demo account, read through the admin API as its administrator. */
async function otherAccountsAuthToken(baseUrl: string, variant: Variant): Promise<string> {
  const cookie = await adminCookie(baseUrl, variant === 'brand' ? 'partner' : 'brand')
  const list = (await (await fetch(`${baseUrl}/api/tokens?limit=1`, { headers: { cookie } })).json()) as {
    items: Array<{ id: string }>
  }
  const id = list.items[0]?.id ?? ''
  const revealed = await fetch(`${baseUrl}/api/tokens/${id}/credentials`, { headers: { cookie } })
  return ((await revealed.json()) as Credential).authToken
}

/** The account's legacy Read/Write credential as it stands, revealed through the admin API (audited). */
async function legacyReadWrite(baseUrl: string, variant: Variant): Promise<Credential> {
  const cookie = await adminCookie(baseUrl, variant)
  const revealed = await fetch(`${baseUrl}/api/legacy-tokens/credentials`, { headers: { cookie } })
  expect(revealed.status).toBe(200)
  return ((await revealed.json()) as { readWrite: Credential }).readWrite
}

/** Reports an auth token as found in public code, signed as GitHub signs it; it must be ours. */
async function reportLeak(server: ApiServer, authToken: string): Promise<void> {
  const verdicts = await server.secretScanner.report(server.url, [
    { token: authToken, type: 'token_console_auth_token', url: FOUND_AT, source: 'content' },
  ])
  expect(verdicts.map((verdict) => verdict.label)).toEqual(['true_positive'])
}

/** Well formed (prefix, length, checksum), so the check looks it up, but never issued. */
function neverIssuedAuthToken(): string {
  const body = `${AUTH_TOKEN_PREFIX}${'E2E'.repeat(9)}x`
  return `${body}${checksumOf(body)}`
}

test(
  'a leak reported through secret scanning shows on its token (where, when, what was done); Reset now and Mark as handled',
  ANY_LANGUAGE,
  async ({ page, labels, language, variant, server, newToken: { name, credential: leaked } }) => {
    const reportedAfter = Date.now()
    await reportLeak(server, leaked.authToken)
    // The account's policy is the default, "disable at once".
    expect(await platformAccountStatus(server.url, leaked)).toBe(401)

    const main = page.getByRole('main')
    const banner = page.getByRole('alert', { name: labels.leakBannerTitle, exact: true })
    await test.step('the token page: a red banner says where, when and what was done', async () => {
      await openToken(page, name)
      await expect(banner).toBeVisible()
      const where = banner.getByRole('link')
      await expect(where).toHaveAttribute('href', FOUND_AT)
      await expect(where).toHaveAttribute('rel', 'noopener noreferrer')
      await expect(where).toContainText(FOUND_AT)
      const when = banner.locator('time')
      const reportedAt = new Date((await when.getAttribute('datetime')) ?? '')
      expect(reportedAt.getTime()).toBeGreaterThanOrEqual(reportedAfter - 1_000)
      expect(reportedAt.getTime()).toBeLessThanOrEqual(Date.now())
      await expect(when).toHaveText(
        new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(reportedAt),
      )
      await expect(banner).toContainText(labels.leakDisabledAtOnce)
      await expect(main.locator('.page-header')).toContainText(labels.leaked)
      await shoot(page, language, variant, 'leak-banner')
    })

    await test.step('the API page: the card says Leaked', async () => {
      await main
        .getByRole('link', { name: labels.backTo(apiPageTitle(labels, variant)), exact: true })
        .click()
      await expect(tokenCard(page, name)).toContainText(labels.leaked)
      await openToken(page, name)
      await expect(banner).toBeVisible()
    })

    const fresh = await test.step('Reset now: the reset confirmation, then the new credentials', async () => {
      await banner.getByRole('button', { name: labels.resetNow, exact: true }).click()
      const dialog = page.getByRole('alertdialog')
      await dialog.getByRole('button', { name: labels.confirmReset, exact: true }).click()
      await expect(dialog).toBeHidden()
      return copyCredential(
        page,
        page.getByRole('region', { name: labels.newCredentialsFor(name), exact: true }),
        labels,
      )
    })
    expect(fresh.authToken).not.toBe(leaked.authToken)

    await test.step('enabled again, the new auth token works and the leaked one does not', async () => {
      await main.getByRole('button', { name: labels.more, exact: true }).click()
      await page.getByRole('menuitem', { name: labels.enable, exact: true }).click()
      await expect(main.locator('.page-header')).toContainText(labels.stateEnabled)
      expect(await platformAccountStatus(server.url, fresh)).toBe(200)
      expect(await platformAccountStatus(server.url, leaked)).toBe(401)
    })

    await test.step('Mark as handled clears the banner and the badge, here and on the card', async () => {
      await banner.getByRole('button', { name: labels.markAsHandled, exact: true }).click()
      await expect(banner).toBeHidden()
      await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeFocused()
      await expect(main.locator('.page-header')).not.toContainText(labels.leaked)
      await main
        .getByRole('link', { name: labels.backTo(apiPageTitle(labels, variant)), exact: true })
        .click()
      await expect(tokenCard(page, name)).toBeVisible()
      await expect(tokenCard(page, name)).not.toContainText(labels.leaked)
    })
  },
)

test(
  'a leaked legacy credential shows its banner on the legacy page; Reset now opens the legacy reset, Mark as handled clears it',
  ANY_LANGUAGE,
  async ({ page, labels, variant, server }) => {
    test.skip(!hasLegacyTokensFromStart(variant), 'only the agency demo account has legacy tokens')
    await signInToApiPage(page, labels, variant)
    const leaked = await legacyReadWrite(server.url, variant)
    expect(await platformAccountStatus(server.url, leaked)).toBe(200)

    const reportedAfter = Date.now()
    await reportLeak(server, leaked.authToken)
    // A legacy credential can be neither disabled nor rotated: the default policy resets it.
    expect(await platformAccountStatus(server.url, leaked)).toBe(401)

    const main = page.getByRole('main')
    const heading = page.getByRole('heading', { level: 1, name: labels.legacyAccountTokens, exact: true })
    const banner = page.getByRole('alert', {
      name: labels.legacyLeakBannerTitle(labels.readWrite),
      exact: true,
    })
    await test.step('the legacy page: one red banner, for Read/Write, says where, when and what was done', async () => {
      await legacyCard(page, labels)
        .getByRole('link', { name: labels.legacyAccountTokens, exact: true })
        .click()
      await expect(heading).toBeVisible()
      await expect(banner).toBeVisible()
      await expect(main.locator('.leak-banner')).toHaveCount(1)
      const where = banner.getByRole('link')
      await expect(where).toHaveAttribute('href', FOUND_AT)
      await expect(where).toHaveAttribute('rel', 'noopener noreferrer')
      const reportedAt = new Date((await banner.locator('time').getAttribute('datetime')) ?? '')
      expect(reportedAt.getTime()).toBeGreaterThanOrEqual(reportedAfter - 1_000)
      expect(reportedAt.getTime()).toBeLessThanOrEqual(Date.now())
      await expect(banner).toContainText(labels.leakResetDone)
    })

    const fresh =
      await test.step('Reset now: the legacy reset confirmation, then the new credentials', async () => {
        await banner.getByRole('button', { name: labels.resetNow, exact: true }).click()
        await confirmDialog(page, labels.confirmReset)
        return copyCredential(
          page,
          page.getByRole('region', { name: labels.newLegacyCredentialsFor(labels.readWrite), exact: true }),
          labels,
        )
      })
    expect(fresh.authToken).not.toBe(leaked.authToken)
    expect(await platformAccountStatus(server.url, fresh)).toBe(200)

    await test.step('Mark as handled clears the banner, for good', async () => {
      await banner.getByRole('button', { name: labels.markAsHandled, exact: true }).click()
      await expect(banner).toBeHidden()
      await expect(heading).toBeFocused()
      await page.reload()
      await expect(heading).toBeVisible()
      await expect(main.locator('.leak-banner')).toHaveCount(0)
    })
  },
)

test('Check a credential answers: this account’s token by name (a link to it), not one of yours, not a token we issued', async ({
  page,
  labels,
  language,
  variant,
  server,
  newToken: { name, credential: own },
}) => {
  const others = await otherAccountsAuthToken(server.url, variant)

  await page
    .getByRole('navigation', { name: labels.settings, exact: true })
    .getByRole('group', { name: labels.technical, exact: true })
    .getByRole('link', { name: labels.checkCredential, exact: true })
    .click()
  await expect(
    page.getByRole('heading', { level: 1, name: labels.checkCredential, exact: true }),
  ).toBeVisible()
  const main = page.getByRole('main')
  const field = main.getByLabel(labels.authToken, { exact: true })
  await expect(field).toHaveAttribute('type', 'password')
  const answer = main.getByRole('status').getByRole('heading', { level: 2 })
  const check = async (value: string) => {
    await field.fill(value)
    await main.getByRole('button', { name: labels.check, exact: true }).click()
  }

  await check(others)
  await expect(answer).toHaveText(labels.checkNotYours)
  await expect(main.getByRole('status').getByRole('link')).toHaveCount(0)

  await check(neverIssuedAuthToken())
  await expect(answer).toHaveText(labels.checkUnknown)

  await check(own.authToken)
  await expect(answer).toHaveText(labels.checkThisAccount)
  const tokenLink = main.getByRole('status').getByRole('link', { name, exact: true })
  await expect(tokenLink).toBeVisible()

  await main.getByRole('button', { name: labels.showAuthToken, exact: true }).click()
  await expect(field).toHaveAttribute('type', 'text')
  await expect(field).toHaveValue(own.authToken)
  expect(page.url()).not.toContain(own.authToken)
  await shoot(page, language, variant, 'credential-check')

  await tokenLink.click()
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible()
})

describeAxeChecks('accessibility', () => {
  test('the leak banner and Check a credential with an answer have no serious axe violations', async ({
    page,
    labels,
    server,
    newToken: { name, credential: leaked },
  }) => {
    await reportLeak(server, leaked.authToken)
    await openToken(page, name)
    await expect(page.getByRole('alert', { name: labels.leakBannerTitle, exact: true })).toBeVisible()
    await expectNoSeriousAxeViolations(page, 'token page with a leak banner')

    await page
      .getByRole('navigation', { name: labels.settings, exact: true })
      .getByRole('link', { name: labels.checkCredential, exact: true })
      .click()
    const main = page.getByRole('main')
    await main.getByLabel(labels.authToken, { exact: true }).fill(leaked.authToken)
    await main.getByRole('button', { name: labels.check, exact: true }).click()
    await expect(main.getByRole('status').getByRole('link', { name, exact: true })).toBeVisible()
    await expectNoSeriousAxeViolations(page, 'Check a credential')
  })
})
