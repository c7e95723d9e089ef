import type { Locator, Page } from '@playwright/test'
import {
  chooseFromMoreMenu,
  chooseOption,
  grantGetAccount,
  passContactStep,
  signInToApiPage,
  tokenCard,
} from '../support/console'
import { ANY_LANGUAGE, expect, test } from '../support/fixtures'
import type { Labels } from '../support/labels'
import { API_VERSION_LINES, type Language, type Variant } from '../support/variants'

// Issue 19, items 1 and 8: confirmation dialogs and credential panels with a long name without
// spaces, on a phone and on a desktop; type-to-confirm Delete.
const SHOTS = '/tmp/shots-leakui'

/** A name at the 100-character limit with no space to break at, as integrations get named. */
function unbrokenName(variant: Variant): string {
  const start = `${variant}_order_sync_production_eu_west_1_${Date.now()}_`
  return start + 'x'.repeat(100 - start.length)
}

/** How far an element's content reaches beyond its own width (0 when nothing sticks out). */
function overflowOf(locator: Locator): Promise<number> {
  return locator.evaluate((element) => element.scrollWidth - element.clientWidth)
}

function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

/** Creates a token on the previous API version (so Upgrade Version is offered) through the wizard. */
async function createToken(page: Page, labels: Labels, variant: Variant, name: string): Promise<void> {
  await page.getByRole('button', { name: labels.createAccessToken, exact: true }).click()
  await page.getByLabel(labels.tokenName, { exact: true }).fill(name)
  await chooseOption(page, page.getByLabel(labels.apiVersion, { exact: true }), API_VERSION_LINES[variant][1])
  await passContactStep(page, labels, variant)
  await grantGetAccount(page, labels)
  await page.getByRole('button', { name: labels.create, exact: true }).click()
  await page.getByRole('button', { name: labels.done, exact: true }).click()
}

/**
 * The open dialog fits the window: nothing sticks out sideways, the whole name can be read, and
 * both of its buttons are entirely on screen without scrolling.
 */
async function expectDialogFits(page: Page, labels: Labels, confirmLabel: string, name: string) {
  const dialog = page.getByRole('alertdialog')
  await expect(dialog).toBeVisible()
  expect(await overflowOf(dialog), 'the dialog scrolls sideways').toBeLessThanOrEqual(0)
  const title = dialog.getByRole('heading').first()
  await expect(title).toContainText(name)
  expect(await overflowOf(title), 'the title is cut').toBeLessThanOrEqual(0)
  for (const button of [
    dialog.getByRole('button', { name: labels.cancel, exact: true }),
    dialog.getByRole('button', { name: confirmLabel, exact: true }),
  ]) {
    await expect(button).toBeInViewport({ ratio: 1 })
    expect(await overflowOf(button), 'a button label is cut').toBeLessThanOrEqual(0)
  }
}

async function shoot(page: Page, language: Language, variant: Variant, name: string): Promise<void> {
  if (variant === 'brand') await page.screenshot({ path: `${SHOTS}/dialog-${language}-${name}.png` })
}

test('every confirmation dialog fits a 100-character name without spaces, with both buttons on screen, at 390 and 1280 px', async ({
  page,
  labels: l,
  language,
  variant,
}) => {
  const name = unbrokenName(variant)
  await signInToApiPage(page, l, variant)
  await createToken(page, l, variant, name)
  const card = tokenCard(page, name)
  const main = page.getByRole('main')

  for (const size of [
    { width: 390, height: 640 },
    { width: 1280, height: 800 },
  ]) {
    await test.step(`${size.width} px: the card's [More] dialogs`, async () => {
      await page.setViewportSize(size)
      for (const [item, confirm] of [
        [l.duplicate, l.confirmDuplicate],
        [l.reset, l.confirmReset],
        [l.upgradeVersion, l.confirmUpgrade],
        [l.disable, l.confirmDisable],
        [l.delete, l.confirmDelete],
      ] as const) {
        await chooseFromMoreMenu(page, card, l, item)
        await expectDialogFits(page, l, confirm, name)
        if (size.width === 390) await shoot(page, language, variant, `390-${item}`)
        await page.keyboard.press('Escape')
        await expect(page.getByRole('alertdialog')).toBeHidden()
      }
    })

    await test.step(`${size.width} px: the token page's dialogs`, async () => {
      await card.getByRole('link', { name, exact: true }).click()
      await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible()
      await main.getByLabel(l.description, { exact: true }).fill('Changed, so Update asks.')
      await main.getByRole('button', { name: l.update, exact: true }).click()
      await expectDialogFits(page, l, l.update, name)
      if (size.width === 390) await shoot(page, language, variant, '390-update')
      await page.keyboard.press('Escape')
      for (const [open, confirm] of [
        [l.rotateMenu, l.confirmRotate],
        [l.renew, l.renew],
      ] as const) {
        if (open === l.rotateMenu) {
          await chooseFromMoreMenu(page, main.locator('.page-header'), l, open)
        } else {
          await main.getByRole('button', { name: open, exact: true }).click()
        }
        await expectDialogFits(page, l, confirm, name)
        if (size.width === 390) await shoot(page, language, variant, `390-${open}`)
        await page.keyboard.press('Escape')
        await expect(page.getByRole('alertdialog')).toBeHidden()
      }
      // Nothing left to save, so going back asks nothing.
      await main.getByLabel(l.description, { exact: true }).fill('')
      await page.goBack()
    })
  }

  await test.step('390 px: the panels of new credentials (Reset, Duplicate) do not widen the page', async () => {
    await page.setViewportSize({ width: 390, height: 640 })
    await expect(card).toBeVisible()
    await chooseFromMoreMenu(page, card, l, l.reset)
    await page.getByRole('alertdialog').getByRole('button', { name: l.confirmReset, exact: true }).click()
    const resetPanel = page.getByRole('region', { name: l.newCredentialsFor(name), exact: true })
    await expect(resetPanel).toBeVisible()
    expect(await pageOverflow(page), 'the page scrolls sideways').toBeLessThanOrEqual(0)
    await resetPanel.scrollIntoViewIfNeeded()
    await shoot(page, language, variant, '390-reset-panel')
    await page.getByRole('button', { name: l.done, exact: true }).click()

    await chooseFromMoreMenu(page, card, l, l.duplicate)
    await page.getByRole('alertdialog').getByRole('button', { name: l.confirmDuplicate, exact: true }).click()
    await expect(page.getByRole('alertdialog')).toBeHidden()
    const copyPanel = page.getByRole('region').filter({ has: page.getByRole('button', { name: l.done }) })
    await expect(copyPanel).toBeVisible()
    expect(await pageOverflow(page), 'the page scrolls sideways').toBeLessThanOrEqual(0)
    await copyPanel.scrollIntoViewIfNeeded()
    await shoot(page, language, variant, '390-duplicate-panel')
  })
})

test(
  'type-to-confirm Delete starts in the name field, sets the name apart, and Enter confirms once it matches',
  ANY_LANGUAGE,
  async ({ page, labels: l, variant }) => {
    const name = `E2E delete ${variant} ${Date.now()}`
    await signInToApiPage(page, l, variant)
    await createToken(page, l, variant, name)
    await chooseFromMoreMenu(page, tokenCard(page, name), l, l.delete)
    const dialog = page.getByRole('alertdialog')
    const field = dialog.getByRole('textbox')
    await expect(field).toBeFocused()
    // The name stands on its own, not inside the sentence: it can be read (and copied) as it is.
    await expect(dialog.getByText(name, { exact: true })).toBeVisible()

    await page.keyboard.type(name.slice(0, -1))
    await page.keyboard.press('Enter')
    await expect(dialog).toBeVisible()
    await page.keyboard.type(name.slice(-1))
    await page.keyboard.press('Enter')
    await expect(dialog).toBeHidden()
    await expect(tokenCard(page, name)).toHaveCount(0)
    await expect(page.getByRole('region', { name: l.notifications })).toContainText(l.deletedToast(name))
  },
)
