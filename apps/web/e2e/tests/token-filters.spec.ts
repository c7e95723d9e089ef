import type { Page } from '@playwright/test'
import { chooseOption, signInToApiPage, tokenCard } from '../support/console'
import { ANY_LANGUAGE, expect, test } from '../support/fixtures'
import type { TextLabel } from '../support/labels'
import { DEMO_TOKENS, type DemoTokenNames } from '../support/variants'

/** The State and Created On filters chosen one after another, each on top of the ones before. */
const FILTER_STEPS: ReadonlyArray<{
  title: string
  choose: ReadonlyArray<readonly ['state' | 'created', TextLabel]>
  shown: ReadonlyArray<keyof DemoTokenNames>
  hidden: ReadonlyArray<keyof DemoTokenNames>
  url?: RegExp
}> = [
  {
    title: 'State: Disabled',
    choose: [['state', 'stateDisabled']],
    shown: ['disabledSixDaysAgo', 'disabledLongAgo'],
    hidden: ['createdToday', 'createdLongAgo'],
    url: /[?&]state=disabled/,
  },
  {
    title: 'Created On: More than 30 days, combined with Disabled',
    choose: [['created', 'createdMoreThan30Days']],
    shown: ['disabledLongAgo'],
    hidden: ['disabledSixDaysAgo'],
    url: /[?&]created=older30/,
  },
  {
    title: 'Created On: Last 7 days, State: Enabled',
    choose: [
      ['state', 'stateEnabled'],
      ['created', 'createdLast7Days'],
    ],
    shown: ['createdToday', 'createdTwoDaysAgo', 'rotationBot'],
    hidden: ['disabledSixDaysAgo', 'createdTwelveDaysAgo', 'createdLongAgo'],
  },
  {
    title: 'Created On: Last 30 days',
    choose: [['created', 'createdLast30Days']],
    shown: ['createdTwelveDaysAgo', 'createdTwentyEightDaysAgo'],
    hidden: ['createdFortyFiveDaysAgo', 'disabledSixDaysAgo'],
  },
]

async function expectCards(page: Page, visible: readonly string[], hidden: readonly string[]): Promise<void> {
  for (const name of visible) await expect(tokenCard(page, name)).toBeVisible()
  for (const name of hidden) await expect(tokenCard(page, name)).toHaveCount(0)
}

test(
  'filters tokens by name, state and created date, keeps them in the URL, and Clear All resets them',
  ANY_LANGUAGE,
  async ({ page, labels, variant }) => {
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

    const controls = { state, created }
    for (const step of FILTER_STEPS) {
      await test.step(step.title, async () => {
        for (const [control, option] of step.choose)
          await chooseOption(page, controls[control], labels[option])
        await expectCards(
          page,
          step.shown.map((part) => DEMO_TOKENS[variant][part]),
          step.hidden.map((part) => DEMO_TOKENS[variant][part]),
        )
        if (step.url) await expect(page).toHaveURL(step.url)
      })
    }

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
  },
)
