import { chooseOption, openTechnicalPage, signIn } from '../support/console'
import { expect, test } from '../support/fixtures'
import { DEMO_TOKENS } from '../support/variants'

/** Where the preview's screenshots go, to be looked at (as token-lifecycle.spec.ts does). */
const SHOTS = '/tmp/shots-ui'

test('Token policies: the unused-token preview lists the demo tokens never used or long unused, then the policy is enabled and saved', async ({
  page,
  labels,
  variant,
  language,
}) => {
  const tokens = DEMO_TOKENS[variant]
  await signIn(page, labels, variant)
  await openTechnicalPage(page, labels, variant, labels.tokenPolicies)
  const days = page.getByLabel(labels.disableUnusedFor, { exact: true })
  const preview = page.getByRole('button', { name: labels.previewUnused, exact: true })
  const main = page.getByRole('main')

  await test.step('30 days: the never-used and the 50-day idle tokens, each linking to its page (left unsaved only when confirmed)', async () => {
    await chooseOption(page, days, labels.unused30Days)
    await preview.click()
    await expect(main.getByText(labels.twoWouldBeDisabled, { exact: true })).toBeVisible()
    const never = main
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: tokens.neverUsed }) })
    await expect(never).toContainText(labels.neverUsed)
    const idle = main
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: tokens.idleFiftyDays }) })
    await expect(idle.locator('time').first()).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/)
    await expect(idle).not.toContainText(labels.neverUsed)
    for (const kept of [tokens.createdToday, tokens.createdLongAgo, tokens.disabledLongAgo, tokens.oldest]) {
      await expect(main.getByRole('link', { name: kept, exact: true })).toHaveCount(0)
    }
    await page.screenshot({ path: `${SHOTS}/${language}-${variant}-unused-preview.png`, fullPage: true })
    await main.getByRole('link', { name: tokens.neverUsed, exact: true }).click()
    // The 30 days chosen are not saved yet: the page asks before it is left.
    const leave = page.getByRole('alertdialog', { name: labels.leaveUnsavedTitle, exact: true })
    await leave.getByRole('button', { name: labels.leaveWithoutSaving, exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: tokens.neverUsed, exact: true })).toBeVisible()
    await page.goBack()
  })

  await test.step('365 days: nothing would be disabled; enabled and saved, it stays chosen', async () => {
    await chooseOption(page, days, labels.unused365Days)
    await expect(main.getByText(labels.twoWouldBeDisabled, { exact: true })).toHaveCount(0)
    await preview.click()
    await expect(main.getByText(labels.noneUnusedFor365Days, { exact: true })).toBeVisible()
    await page.getByRole('button', { name: labels.savePolicies, exact: true }).click()
    await expect(
      page.getByRole('region', { name: labels.notifications }).getByText(labels.policiesSaved),
    ).toBeVisible()
    await page.reload()
    await expect(page.getByLabel(labels.disableUnusedFor, { exact: true })).toHaveValue('365')
  })
})
