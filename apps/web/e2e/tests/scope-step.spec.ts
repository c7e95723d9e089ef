import { passContactStep, signInToApiPage } from '../support/console'
import { ANY_LANGUAGE, expect, test } from '../support/fixtures'
import { startTokenWizard } from '../support/token-wizard'

// Issue 19, item 7: the wizard's API Scopes step explains itself.
test.beforeEach(async ({ page, labels, variant }) => {
  await signInToApiPage(page, labels, variant)
  await startTokenWizard(page, labels, `E2E scopes ${variant} ${Date.now()}`)
  await passContactStep(page, labels, variant)
  await expect(page.getByRole('switch', { name: labels.apiTokensCategory, exact: true })).toBeVisible()
})

test(
  'switching a category on selects its scopes, which can then be narrowed',
  ANY_LANGUAGE,
  async ({ page, labels }) => {
    const category = page.getByRole('region', { name: labels.apiTokensCategory, exact: true })
    await page.getByRole('switch', { name: labels.apiTokensCategory, exact: true }).click()
    for (const scope of ['GET /Tokens', 'POST /Tokens', 'PUT /Tokens/{Id}', 'DELETE /Tokens/{Id}']) {
      await expect(page.getByRole('checkbox', { name: scope, exact: true })).toBeChecked()
    }
    await expect(category).toContainText(labels.categoryCount(7, 7))

    await page.getByRole('checkbox', { name: 'DELETE /Tokens/{Id}', exact: true }).uncheck()
    await expect(category).toContainText(labels.categoryCount(6, 7))
    await page.getByRole('switch', { name: labels.apiTokensCategory, exact: true }).click()
    await expect(page.getByRole('checkbox', { name: 'GET /Tokens', exact: true })).toHaveCount(0)
    await expect(category).toContainText(labels.categoryCount(0, 7))
  },
)

test(
  '"choose at least one scope" is said once, without painting every category red',
  ANY_LANGUAGE,
  async ({ page, labels }) => {
    await page.getByRole('button', { name: labels.next, exact: true }).click()
    const message = page.getByText(labels.scopesRequired, { exact: true })
    await expect(message).toHaveCount(1)
    await expect(message).toBeVisible()
    const categories = page
      .getByRole('main')
      .getByRole('region')
      .filter({ has: page.getByRole('switch') })
    expect(await categories.count()).toBeGreaterThan(10)
    const errorColour = await message.evaluate((element) => getComputedStyle(element).color)
    const red = await categories.evaluateAll(
      (sections, colour) =>
        sections.filter((section) => getComputedStyle(section).borderTopColor === colour).length,
      errorColour,
    )
    expect(red, 'categories painted in the error colour').toBe(0)
  },
)
