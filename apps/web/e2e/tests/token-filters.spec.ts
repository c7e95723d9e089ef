import type { Page } from '@playwright/test'
import { chooseOption, signInToApiPage, tokenCard } from '../support/console'
import { expect, test } from '../support/fixtures'
import { DEMO_TOKENS } from '../support/variants'

async function expectCards(page: Page, visible: readonly string[], hidden: readonly string[]): Promise<void> {
  for (const name of visible) await expect(tokenCard(page, name)).toBeVisible()
  for (const name of hidden) await expect(tokenCard(page, name)).toHaveCount(0)
}

test('filters tokens by name, state and created date, keeps them in the URL, and Clear All resets them', async ({
  page,
  labels,
  variant,
}) => {
  await signInToApiPage(page, labels, variant)
  await expectCards(page, Object.values(DEMO_TOKENS[variant]), [])
  const search = page.getByLabel(labels.searchByName, { exact: true })
  const state = page.getByLabel(labels.state, { exact: true })
  const created = page.getByLabel(labels.createdOn, { exact: true })

  await test.step('Search by Name matches part of the name, whatever the case', async () => {
    await search.fill('REPORT')
    await expectCards(
      page,
      [DEMO_TOKENS[variant].createdToday],
      [DEMO_TOKENS[variant].createdTwoDaysAgo, DEMO_TOKENS[variant].onPreviousVersion],
    )
    await expect(page).toHaveURL(/[?&]name=REPORT/)
  })

  await test.step('a filtered view survives a reload (it lives in the URL)', async () => {
    await page.reload()
    await expect(search).toHaveValue('REPORT')
    await expectCards(page, [DEMO_TOKENS[variant].createdToday], [DEMO_TOKENS[variant].createdTwoDaysAgo])
    await search.fill('')
  })

  await test.step('State: Disabled', async () => {
    await chooseOption(page, state, labels.stateDisabled)
    await expectCards(
      page,
      [DEMO_TOKENS[variant].disabledSixDaysAgo, DEMO_TOKENS[variant].disabledLongAgo],
      [DEMO_TOKENS[variant].createdToday, DEMO_TOKENS[variant].createdLongAgo],
    )
    await expect(page).toHaveURL(/[?&]state=disabled/)
  })

  await test.step('Created On: More than 30 days, combined with Disabled', async () => {
    await chooseOption(page, created, labels.createdMoreThan30Days)
    await expectCards(page, [DEMO_TOKENS[variant].disabledLongAgo], [DEMO_TOKENS[variant].disabledSixDaysAgo])
    await expect(page).toHaveURL(/[?&]created=older30/)
  })

  await test.step('Created On: Last 7 days, State: Enabled', async () => {
    await chooseOption(page, state, labels.stateEnabled)
    await chooseOption(page, created, labels.createdLast7Days)
    await expectCards(
      page,
      [
        DEMO_TOKENS[variant].createdToday,
        DEMO_TOKENS[variant].createdTwoDaysAgo,
        DEMO_TOKENS[variant].rotationBot,
      ],
      [
        DEMO_TOKENS[variant].disabledSixDaysAgo,
        DEMO_TOKENS[variant].createdTwelveDaysAgo,
        DEMO_TOKENS[variant].createdLongAgo,
      ],
    )
  })

  await test.step('Created On: Last 30 days', async () => {
    await chooseOption(page, created, labels.createdLast30Days)
    await expectCards(
      page,
      [DEMO_TOKENS[variant].createdTwelveDaysAgo, DEMO_TOKENS[variant].createdTwentyEightDaysAgo],
      [DEMO_TOKENS[variant].createdFortyFiveDaysAgo, DEMO_TOKENS[variant].disabledSixDaysAgo],
    )
  })

  await test.step('a filter that matches nothing shows the no-match state', async () => {
    await search.fill('zzz-no-such-token')
    await expect(page.getByText(labels.noMatchingTokens, { exact: true })).toBeVisible()
  })

  await test.step('Clear All resets every filter', async () => {
    await page.getByRole('button', { name: labels.clearAll, exact: true }).click()
    await expect(search).toHaveValue('')
    await expectCards(page, Object.values(DEMO_TOKENS[variant]), [])
    await expect(page).not.toHaveURL(/[?&](name|state|created)=/)
  })
})
