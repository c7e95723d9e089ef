import { expect, type Locator, type Page } from '@playwright/test'
import type { Labels } from './labels'
import { DEMO_PASSWORD, DEMO_USER_NAMES, demoEmail, type DemoRole, type Variant } from './variants'
import type { Credential } from './platform-api'

/** Signs in through the login page as a demo user of the variant's account. */
export async function signIn(
  page: Page,
  labels: Labels,
  variant: Variant,
  role: DemoRole = 'admin',
): Promise<void> {
  await page.goto('/')
  await page.getByLabel(labels.email, { exact: true }).fill(demoEmail(variant, role))
  await page.getByLabel(labels.password, { exact: true }).fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: labels.signIn, exact: true }).click()
  await expect(page.getByLabel(labels.password, { exact: true })).toBeHidden()
}

export function apiPageTitle(labels: Labels, variant: Variant): string {
  return variant === 'agency' ? labels.apiPageAgency : labels.apiPageBrandPartner
}

function menuEntry(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('menuitem', { name, exact: true }).or(scope.getByRole('link', { name, exact: true }))
}

/**
 * Opens Settings the way the variant's users do (PRODUCT §2): the agency through the left
 * navigation's [Menu], brand and partner through the top bar's [User profile] menu.
 */
export async function openSettings(page: Page, labels: Labels, variant: Variant): Promise<void> {
  if (variant === 'agency') {
    const leftNavigation = page.getByRole('navigation', { name: labels.mainNavigation, exact: true })
    await leftNavigation.getByRole('button', { name: labels.menu, exact: true }).click()
    await menuEntry(page, labels.settings).click()
  } else {
    const topBar = page.getByRole('banner')
    // The trigger may also carry the user's name (its visible text); "User profile" must be in it.
    await topBar.getByRole('button', { name: labels.userProfile }).click()
    await menuEntry(page, labels.settings).click()
  }
  await expect(page.getByRole('heading', { level: 1, name: labels.settings, exact: true })).toBeVisible()
}

/** From Settings, Technical → `title` (Token policies, Audit trail, Check a credential, the API page). */
export async function followTechnicalLink(page: Page, labels: Labels, title: string): Promise<void> {
  await page
    .getByRole('navigation', { name: labels.settings, exact: true })
    .getByRole('group', { name: labels.technical, exact: true })
    .getByRole('link', { name: title, exact: true })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: title, exact: true })).toBeVisible()
}

/** Settings → Technical → `title`, through the variant's menus. Never by URL. */
export async function openTechnicalPage(
  page: Page,
  labels: Labels,
  variant: Variant,
  title: string,
): Promise<void> {
  await openSettings(page, labels, variant)
  await followTechnicalLink(page, labels, title)
}

/** Settings → (Account column) → Technical → API / Platform REST Web Services. Never by URL. */
export async function openApiPage(page: Page, labels: Labels, variant: Variant): Promise<void> {
  await openSettings(page, labels, variant)
  if (variant !== 'partner') {
    // Brand and agency settings have an Account column; the partner's lists Technical directly.
    const settingsNavigation = page.getByRole('navigation', { name: labels.settings, exact: true })
    await expect(settingsNavigation.getByText(labels.accountColumn, { exact: true })).toBeVisible()
  }
  await followTechnicalLink(page, labels, apiPageTitle(labels, variant))
}

/** Signs in as the variant's Analyst and follows the admin's menus to the API page, which says no access. */
export async function openApiPageAsAnalyst(page: Page, labels: Labels, variant: Variant): Promise<void> {
  await signIn(page, labels, variant, 'analyst')
  await openSettings(page, labels, variant)
  await page
    .getByRole('navigation', { name: labels.settings, exact: true })
    .getByRole('link', { name: apiPageTitle(labels, variant), exact: true })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: labels.noAccessTitle, exact: true })).toBeVisible()
}

/** Signs in as a demo user of the variant (the admin unless told) and opens the API page the way users do. */
export async function signInToApiPage(
  page: Page,
  labels: Labels,
  variant: Variant,
  role: DemoRole = 'admin',
): Promise<void> {
  await signIn(page, labels, variant, role)
  await openApiPage(page, labels, variant)
}

/**
 * A window `width` px wide, phone-tall below 600 px; `height` only where the test is about the
 * window's height; dark when asked.
 */
export async function viewAt(
  page: Page,
  width: number,
  options: { dark?: boolean; height?: number } = {},
): Promise<void> {
  await page.setViewportSize({ width, height: options.height ?? (width < 600 ? 740 : 800) })
  if (options.dark) await page.emulateMedia({ colorScheme: 'dark' })
}

/** At a window `width` px wide, signs in as the variant's admin and opens the API page. */
export async function openApiPageAt(
  page: Page,
  labels: Labels,
  variant: Variant,
  width: number,
  options: { dark?: boolean; height?: number } = {},
): Promise<void> {
  await viewAt(page, width, options)
  await signInToApiPage(page, labels, variant)
}

export function legacyCard(page: Page, labels: Labels): Locator {
  return page.getByRole('article', { name: labels.legacyAccountTokens, exact: true })
}

export function tokenCard(page: Page, name: string): Locator {
  return page.getByRole('article', { name, exact: true })
}

/** Selects a token's card on the API page, as the articles say ("Select your access token's card"). */
export async function openToken(page: Page, name: string): Promise<void> {
  await tokenCard(page, name).getByRole('link', { name, exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible()
}

/** On the token page, follows its left-hand section menu to `section`; answers that section's region. */
export async function openTokenSection(page: Page, labels: Labels, section: string): Promise<Locator> {
  await page
    .getByRole('navigation', { name: labels.tokenSections, exact: true })
    .getByRole('link', { name: section, exact: true })
    .click()
  return page.getByRole('region', { name: section, exact: true })
}

/** Selects a token's card, then `section` in the token page's section menu; answers that section's region. */
export async function openTokenAt(
  page: Page,
  labels: Labels,
  name: string,
  section: string,
): Promise<Locator> {
  await openToken(page, name)
  return openTokenSection(page, labels, section)
}

/** Opens a card's [More] menu and picks an item. */
export async function chooseFromMoreMenu(
  page: Page,
  card: Locator,
  labels: Labels,
  item: string,
): Promise<void> {
  await card.getByRole('button', { name: labels.more, exact: true }).click()
  await page.getByRole('menuitem', { name: item, exact: true }).click()
}

export async function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText())
}

/** Clicks a copy button and answers what landed in the clipboard, as a user would paste it. */
export async function copyThroughClipboard(page: Page, button: Locator): Promise<string> {
  await page.evaluate(() => navigator.clipboard.writeText(''))
  await button.click()
  await expect.poll(() => readClipboard(page)).not.toBe('')
  return readClipboard(page)
}

/** Copies a credential pair from a region that shows an Account SID and an Auth Token. */
export async function copyCredential(page: Page, region: Locator, labels: Labels): Promise<Credential> {
  const accountSid = await copyThroughClipboard(
    page,
    region.getByRole('button', { name: labels.copyAccountSid, exact: true }),
  )
  const authToken = await copyThroughClipboard(
    page,
    region.getByRole('button', { name: labels.copyAuthToken, exact: true }),
  )
  return { accountSid, authToken }
}

/** Copies the credentials a Duplicate shows for the copy `copyName`, then closes their panel with Done. */
export async function takeCopyCredentials(page: Page, labels: Labels, copyName: string): Promise<Credential> {
  const issued = page.getByRole('region', { name: copyName, exact: false })
  const credential = await copyCredential(page, issued, labels)
  await issued.getByRole('button', { name: labels.done, exact: true }).click()
  return credential
}

/** The confirmation dialog of a destructive action; answers it with its confirm button. */
export async function confirmDialog(page: Page, confirmLabel: string): Promise<void> {
  const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'))
  await dialog.getByRole('button', { name: confirmLabel, exact: true }).click()
  await expect(dialog).toBeHidden()
}

/** Duplicates a token from its card's [More] menu, as confirmed by default (the copy's credentials show next). */
export async function duplicateFromCard(page: Page, labels: Labels, name: string): Promise<void> {
  await chooseFromMoreMenu(page, tokenCard(page, name), labels, labels.duplicate)
  await confirmDialog(page, labels.confirmDuplicate)
}

/** Picks an option of a labelled drop-down, whether it is a native <select> or an ARIA combobox. */
export async function chooseOption(page: Page, control: Locator, option: string): Promise<void> {
  const tag = await control.evaluate((element) => element.tagName)
  if (tag === 'SELECT') {
    await control.selectOption({ label: option })
    return
  }
  await control.click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

/** Asserts the option a labelled drop-down shows as chosen. */
export async function expectChosenOption(control: Locator, option: string): Promise<void> {
  const tag = await control.evaluate((element) => element.tagName)
  if (tag === 'SELECT') {
    await expect(control.locator('option:checked')).toHaveText(option)
  } else {
    await expect(control).toContainText(option)
  }
}

/** Wizard: leaves Setup with Next, names the implementation user as primary contact, goes on to API Scopes. */
export async function passContactStep(page: Page, labels: Labels, variant: Variant): Promise<void> {
  await page.getByRole('button', { name: labels.next, exact: true }).click()
  await chooseOption(
    page,
    page.getByLabel(labels.primaryContact, { exact: true }),
    DEMO_USER_NAMES[variant].impl,
  )
  await page.getByRole('button', { name: labels.next, exact: true }).click()
}

/** Wizard, API Scopes step: grants GET /Account alone and goes on to the review. */
export async function grantGetAccount(page: Page, labels: Labels): Promise<void> {
  await page.getByRole('switch', { name: labels.accountCategory, exact: true }).click()
  await page.getByRole('checkbox', { name: 'GET /Account', exact: true }).check()
  await page.getByRole('button', { name: labels.next, exact: true }).click()
}
