import { openApiPageAsAnalyst, signInToApiPage } from '../support/console'
import { expect, test } from '../support/fixtures'

test('an Account Administrator reaches the API page through the variant menus and sees its actions', async ({
  page,
  labels,
  variant,
}) => {
  await signInToApiPage(page, labels, variant)
  await expect(page.getByRole('button', { name: labels.createAccessToken, exact: true })).toBeVisible()
  await expect(page.getByLabel(labels.searchByName, { exact: true })).toBeVisible()
})

test('an Implementation Specialist may manage tokens too', async ({ page, labels, variant }) => {
  await signInToApiPage(page, labels, variant, 'impl')
  await expect(page.getByRole('button', { name: labels.createAccessToken, exact: true })).toBeVisible()
})

test('an Analyst who follows the same menus sees the no-access page and no token', async ({
  page,
  labels,
  variant,
}) => {
  await openApiPageAsAnalyst(page, labels, variant)
  await expect(page.getByRole('button', { name: labels.createAccessToken, exact: true })).toHaveCount(0)
  await expect(page.getByRole('button', { name: labels.enableLegacyTokens, exact: true })).toHaveCount(0)
  await expect(page.getByRole('article')).toHaveCount(0)
})
