import type { Locator, Page } from '@playwright/test'
import {
  apiPageTitle,
  chooseFromMoreMenu,
  confirmDialog,
  copyCredential,
  legacyCard,
  signInToApiPage,
} from '../support/console'
import { expect, test } from '../support/fixtures'
import type { Labels } from '../support/labels'
import {
  ACCOUNT_SID_FORMAT,
  AUTH_TOKEN_FORMAT,
  platformAccountStatus,
  type Credential,
} from '../support/platform-api'
import { API_VERSION_LINES, hasLegacyTokensFromStart, type Variant } from '../support/variants'

function detailSection(page: Page, name: string): Locator {
  return page.getByRole('tab', { name, exact: true }).or(page.getByRole('link', { name, exact: true }))
}

/** Opens the Legacy Account Tokens card's API Credentials and copies both pairs. */
async function copyLegacyCredentials(page: Page, labels: Labels, variant: Variant) {
  await legacyCard(page, labels).getByRole('link', { name: labels.legacyAccountTokens, exact: true }).click()
  await detailSection(page, labels.apiCredentials).click()
  const readWrite = page.getByRole('region', { name: labels.readWrite, exact: true })
  const readOnly = page.getByRole('region', { name: labels.readOnly, exact: true })
  for (const region of [readWrite, readOnly]) {
    await expect(region.getByText(labels.accountSid, { exact: true })).toBeVisible()
    await expect(region.getByText(labels.authToken, { exact: true })).toBeVisible()
  }
  const credentials = {
    readWrite: await copyCredential(page, readWrite, labels),
    readOnly: await copyCredential(page, readOnly, labels),
  }
  await page.goBack()
  await expect(
    page.getByRole('heading', { level: 1, name: apiPageTitle(labels, variant), exact: true }),
  ).toBeVisible()
  return credentials
}

function expectCredentialFormat(credential: Credential): void {
  expect(credential.accountSid).toMatch(ACCOUNT_SID_FORMAT)
  expect(credential.authToken).toMatch(AUTH_TOKEN_FORMAT)
}

test('the legacy card shows each credential’s requests in the last 7 days, as the modern cards do', async ({
  page,
  labels,
  variant,
}) => {
  test.skip(
    !hasLegacyTokensFromStart(variant),
    'only the agency demo account had legacy tokens before the cut-over',
  )
  await signInToApiPage(page, labels, variant)
  for (const credential of [labels.readWrite, labels.readOnly]) {
    const facts = legacyCard(page, labels).getByRole('region', { name: credential, exact: true })
    await expect(facts.locator('dt', { hasText: labels.requests7d }).locator('+ dd')).toHaveText(
      /^[1-9][\d,.]*$/,
    )
  }
})

test('legacy tokens: the card replaces the Enable button, and Reset (Read/Write) refuses the old auth token at once', async ({
  page,
  labels,
  variant,
  server,
}) => {
  await signInToApiPage(page, labels, variant)
  const enableButton = page.getByRole('button', { name: labels.enableLegacyTokens, exact: true })

  await test.step('enable legacy tokens (the agency has them already)', async () => {
    if (hasLegacyTokensFromStart(variant)) {
      await expect(legacyCard(page, labels)).toBeVisible()
      await expect(enableButton).toHaveCount(0)
      return
    }
    await expect(legacyCard(page, labels)).toHaveCount(0)
    await enableButton.click()
    await confirmDialog(page, labels.enableLegacyTokens)
    await expect(legacyCard(page, labels)).toBeVisible()
    await expect(enableButton).toHaveCount(0)
  })

  await test.step('the detail shows an Overview with the API Version drop-down', async () => {
    await legacyCard(page, labels)
      .getByRole('link', { name: labels.legacyAccountTokens, exact: true })
      .click()
    await detailSection(page, labels.overview).click()
    const version = page.getByLabel(labels.apiVersion, { exact: true })
    await expect(version).toBeVisible()
    const versions = API_VERSION_LINES[variant]
    await expect(version).toContainText(new RegExp(versions.join('|')))
    await page.goBack()
  })

  const before = await test.step('copy both credentials from API Credentials', async () => {
    const copied = await copyLegacyCredentials(page, labels, variant)
    expectCredentialFormat(copied.readWrite)
    expectCredentialFormat(copied.readOnly)
    expect(await platformAccountStatus(server.url, copied.readWrite)).toBe(200)
    expect(await platformAccountStatus(server.url, copied.readOnly)).toBe(200)
    return copied
  })

  await test.step('Reset (Read/Write) from the card menu, confirmed', async () => {
    await chooseFromMoreMenu(page, legacyCard(page, labels), labels, labels.resetReadWrite)
    await confirmDialog(page, labels.confirmReset)
  })

  await test.step('the old Read/Write auth token is refused, the new one accepted, Read-Only untouched', async () => {
    const after = await copyLegacyCredentials(page, labels, variant)
    expectCredentialFormat(after.readWrite)
    expect(after.readWrite.authToken).not.toBe(before.readWrite.authToken)
    expect(await platformAccountStatus(server.url, before.readWrite)).toBe(401)
    expect(await platformAccountStatus(server.url, after.readWrite)).toBe(200)
    expect(after.readOnly).toEqual(before.readOnly)
    expect(await platformAccountStatus(server.url, after.readOnly)).toBe(200)
  })

  await test.step('the menu also offers Reset (Read-Only)', async () => {
    await legacyCard(page, labels).getByRole('button', { name: labels.more, exact: true }).click()
    await expect(page.getByRole('menuitem', { name: labels.resetReadOnly, exact: true })).toBeVisible()
    await page.keyboard.press('Escape')
  })
})
