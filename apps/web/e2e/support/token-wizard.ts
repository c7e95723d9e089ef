import type { Page } from '@playwright/test'
import { copyCredential, grantGetAccount, passContactStep } from './console'
import type { Labels } from './labels'
import type { Credential } from './platform-api'
import type { Variant } from './variants'

/** From the API page, opens the wizard and names the token on its Setup step. */
export async function startTokenWizard(page: Page, labels: Labels, name: string): Promise<void> {
  await page.getByRole('button', { name: labels.createAccessToken, exact: true }).click()
  await page.getByLabel(labels.tokenName, { exact: true }).fill(name)
}

/** What a test does on a wizard step besides the defaults: on Setup after the name, on the review before Create. */
export interface WizardSteps {
  onSetup?: () => Promise<void>
  onReview?: () => Promise<void>
}

/**
 * From the API page, creates a token through the wizard that may read the account (GET /Account)
 * and answers its credentials, copied through the clipboard as a user does.
 */
export async function createTokenThroughWizard(
  page: Page,
  labels: Labels,
  variant: Variant,
  name: string,
  steps: WizardSteps = {},
): Promise<Credential> {
  await startTokenWizard(page, labels, name)
  await steps.onSetup?.()
  await passContactStep(page, labels, variant)
  await grantGetAccount(page, labels)
  await steps.onReview?.()
  await page.getByRole('button', { name: labels.create, exact: true }).click()
  const credential = await copyCredential(page, page.getByRole('main'), labels)
  await page.getByRole('button', { name: labels.done, exact: true }).click()
  return credential
}
