import { chooseOption, signInToApiPage } from '../support/console'
import { expect, test } from '../support/fixtures'
import { LABELS } from '../support/labels'

test('switching language changes the page at once without a reload, and the choice is remembered', async ({
  page,
  labels,
  language,
  variant,
}) => {
  const otherLanguage = language === 'en' ? 'zh-CN' : 'en'
  const other = LABELS[otherLanguage]
  await signInToApiPage(page, labels, variant)
  await expect(page.locator('html')).toHaveAttribute('lang', language)
  await page.evaluate(() => Object.assign(window, { e2eNoReloadMarker: 'still here' }))

  await chooseOption(page, page.getByLabel(labels.language, { exact: true }), other.languageName)

  await expect(page.getByRole('button', { name: other.createAccessToken, exact: true })).toBeVisible()
  await expect(page.getByRole('button', { name: labels.createAccessToken, exact: true })).toHaveCount(0)
  await expect(page.getByLabel(other.searchByName, { exact: true })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', otherLanguage)
  expect(await page.evaluate(() => (window as { e2eNoReloadMarker?: string }).e2eNoReloadMarker)).toBe(
    'still here',
  )

  await page.reload()
  await expect(page.getByRole('button', { name: other.createAccessToken, exact: true })).toBeVisible()
})
