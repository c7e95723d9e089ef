import {
  chooseOption,
  copyCredential,
  expectChosenOption,
  grantGetAccount,
  signInToApiPage,
  tokenCard,
} from '../support/console'
import { expect, test } from '../support/fixtures'
import { ACCOUNT_SID_FORMAT, AUTH_TOKEN_FORMAT, platformAccountStatus } from '../support/platform-api'
import { API_VERSION_LINES, DEMO_USER_NAMES } from '../support/variants'

test('creates a token through the wizard; its credentials, copied through the clipboard, call the platform API', async ({
  page,
  labels,
  variant,
  server,
}) => {
  const tokenName = `E2E 集成 ${variant} ${Date.now()}`
  await signInToApiPage(page, labels, variant)
  await page.getByRole('button', { name: labels.createAccessToken, exact: true }).click()
  const currentStep = page.locator('[aria-current="step"]')

  await test.step('Setup: the name is required, the version defaults to the latest', async () => {
    await expect(currentStep).toContainText(labels.stepSetup)
    const nameField = page.getByLabel(labels.tokenName, { exact: true })
    await page.getByRole('button', { name: labels.next, exact: true }).click()
    await expect(nameField).toHaveAttribute('aria-invalid', 'true')
    await expect(currentStep).toContainText(labels.stepSetup)
    await nameField.fill(tokenName)
    await page.getByLabel(labels.description, { exact: true }).fill('Browser test: reads the account.')
    await expectChosenOption(
      page.getByLabel(labels.apiVersion, { exact: true }),
      API_VERSION_LINES[variant][2],
    )
    await page.getByRole('button', { name: labels.next, exact: true }).click()
  })

  await test.step('Contact Information: a user of the account as primary contact', async () => {
    await expect(currentStep).toContainText(labels.stepContact)
    await chooseOption(
      page,
      page.getByLabel(labels.primaryContact, { exact: true }),
      DEMO_USER_NAMES[variant].impl,
    )
    await page.getByRole('button', { name: labels.next, exact: true }).click()
  })

  await test.step('API Scopes: toggle the Account category on and allow GET /Account', async () => {
    await expect(currentStep).toContainText(labels.stepScopes)
    await grantGetAccount(page, labels)
  })

  const credential = await test.step('Create: copy the Account SID and Auth Token', async () => {
    await expect(currentStep).toContainText(labels.stepCreate)
    await page.getByRole('button', { name: labels.create, exact: true }).click()
    const copied = await copyCredential(page, page.getByRole('main'), labels)
    await expect(page.getByText(labels.copied, { exact: true }).first()).toBeVisible()
    return copied
  })

  expect(credential.accountSid).toMatch(ACCOUNT_SID_FORMAT)
  expect(credential.authToken).toMatch(AUTH_TOKEN_FORMAT)
  expect(await platformAccountStatus(server.url, credential)).toBe(200)

  await page.getByRole('button', { name: labels.done, exact: true }).click()
  await expect(tokenCard(page, tokenName)).toBeVisible()
})
