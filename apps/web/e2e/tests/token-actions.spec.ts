import {
  chooseFromMoreMenu,
  confirmDialog,
  duplicateFromCard,
  takeCopyCredentials,
  tokenCard,
} from '../support/console'
import { ANY_LANGUAGE, expect, startEachTestOnApiPage, test } from '../support/fixtures'
import { ACCOUNT_SID_FORMAT, platformAccountStatus } from '../support/platform-api'
import { API_VERSION_LINES, DEMO_TOKENS } from '../support/variants'

startEachTestOnApiPage()

test(
  'Duplicate, once confirmed, creates a second token with the same access rights, new credentials and a numbered name',
  ANY_LANGUAGE,
  async ({ page, labels, server, variant }) => {
    // The rotation bot may read the account, so its copy's new credentials must pass GET /Account.
    const original = DEMO_TOKENS[variant].rotationBot
    const copy = `${original} (2)`
    await expect(tokenCard(page, copy)).toHaveCount(0)
    await duplicateFromCard(page, labels, original)
    const credential = await takeCopyCredentials(page, labels, copy)
    expect(credential.accountSid).toMatch(ACCOUNT_SID_FORMAT)
    expect(await platformAccountStatus(server.url, credential)).toBe(200)
    await expect(tokenCard(page, copy)).toBeVisible()
    await expect(tokenCard(page, original)).toBeVisible()
  },
)

test(
  'Upgrade Version moves a token to the latest version and is then no longer offered',
  ANY_LANGUAGE,
  async ({ page, labels, variant }) => {
    const [, previous, latest] = API_VERSION_LINES[variant]
    const card = tokenCard(page, DEMO_TOKENS[variant].onPreviousVersion)
    await expect(card).toContainText(previous)
    await chooseFromMoreMenu(page, card, labels, labels.upgradeVersion)
    await confirmDialog(page, labels.confirmUpgrade)
    await expect(card).toContainText(latest)
    await card.getByRole('button', { name: labels.more, exact: true }).click()
    await expect(page.getByRole('menuitem', { name: labels.duplicate, exact: true })).toBeVisible()
    await expect(page.getByRole('menuitem', { name: labels.upgradeVersion, exact: true })).toHaveCount(0)
    await page.keyboard.press('Escape')
  },
)

test(
  'Disable asks for confirmation and marks the token disabled; Enable restores it',
  ANY_LANGUAGE,
  async ({ page, labels, variant }) => {
    const card = tokenCard(page, DEMO_TOKENS[variant].createdTwelveDaysAgo)
    await expect(card).toContainText(labels.stateEnabled)
    await chooseFromMoreMenu(page, card, labels, labels.disable)
    await confirmDialog(page, labels.confirmDisable)
    await expect(card).toContainText(labels.stateDisabled)
    await chooseFromMoreMenu(page, card, labels, labels.enable)
    await expect(card).toContainText(labels.stateEnabled)
  },
)

test(
  'Delete needs the token name typed before it removes the token',
  ANY_LANGUAGE,
  async ({ page, labels, variant }) => {
    const name = DEMO_TOKENS[variant].createdLongAgo
    await chooseFromMoreMenu(page, tokenCard(page, name), labels, labels.delete)
    const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'))
    const confirm = dialog.getByRole('button', { name: labels.confirmDelete, exact: true })
    await expect(confirm).toBeDisabled()
    const typedName = dialog.getByRole('textbox')
    await typedName.fill(name.slice(0, -1))
    await expect(confirm).toBeDisabled()
    await typedName.fill(name)
    await confirm.click()
    await expect(dialog).toBeHidden()
    await expect(tokenCard(page, name)).toHaveCount(0)
  },
)
