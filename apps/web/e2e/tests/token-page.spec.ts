import type { Locator, Page } from '@playwright/test'
import {
  apiPageTitle,
  chooseFromMoreMenu,
  chooseOption,
  confirmDialog,
  copyCredential,
  legacyCard,
  openToken,
  openTokenSection,
  passContactStep,
  takeCopyCredentials,
  tokenCard,
} from '../support/console'
import { ANY_LANGUAGE, expect, startEachTestOnApiPage, test } from '../support/fixtures'
import type { Labels } from '../support/labels'
import { ACCOUNT_SID_FORMAT, platformAccountStatus } from '../support/platform-api'
import { startTokenWizard } from '../support/token-wizard'
import { API_VERSION_LINES, DEMO_TOKENS, hasLegacyTokensFromStart } from '../support/variants'

startEachTestOnApiPage()

function confirmation(page: Page): Locator {
  return page.getByRole('alertdialog')
}

/** The header's [More] menu of the token page (the page has no other). */
async function chooseOnTokenPage(page: Page, labels: Labels, item: string): Promise<void> {
  await page.getByRole('main').getByRole('button', { name: labels.more, exact: true }).click()
  await page.getByRole('menuitem', { name: item, exact: true }).click()
}

test(
  'the token page has a left-hand section menu: API Credentials shows the credentials, the docs link and an audited reveal',
  ANY_LANGUAGE,
  async ({ page, labels, request, variant }) => {
    await openToken(page, DEMO_TOKENS[variant].createdToday)
    const sections = page.getByRole('navigation', { name: labels.tokenSections, exact: true })

    await test.step('From the left navigation menu, select API Credentials', async () => {
      await expect(sections.getByRole('link', { name: labels.overview, exact: true })).toHaveAttribute(
        'aria-current',
        'page',
      )
      await sections.getByRole('link', { name: labels.apiCredentials, exact: true }).click()
      await expect(page).toHaveURL(/[?&]tab=credentials/)
      await expect(sections.getByRole('link', { name: labels.apiCredentials, exact: true })).toHaveAttribute(
        'aria-current',
        'page',
      )
      await expect(
        page.getByRole('heading', { level: 2, name: labels.apiCredentials, exact: true }),
      ).toBeVisible()
      await expect(page.getByText(labels.accountSid, { exact: true })).toBeVisible()
    })

    await test.step('the credentials section links to the API reference served by the API', async () => {
      const docs = page.getByRole('link', { name: labels.integrationsPortal })
      await expect(docs).toHaveAttribute('href', '/api/docs')
      const answer = await request.get('/api/docs')
      expect(answer.status()).toBe(200)
    })

    await test.step('revealing the auth token warns and says the reveal is in the audit trail', async () => {
      await expect(page.getByText(labels.auditTrail).first()).toBeVisible()
      // The warning's live region is in the accessibility tree before it has anything to say.
      const warningRegion = page.locator('.masked-credentials__status[role="status"]')
      await expect(warningRegion).toBeEmpty()
      expect(await warningRegion.evaluate((region) => getComputedStyle(region).display)).not.toBe('none')
      await page.getByRole('button', { name: labels.showAuthToken, exact: true }).click()
      await expect(page.getByRole('status').filter({ hasText: labels.auditTrail })).toBeVisible()
    })

    await test.step('on a phone the sections are a compact drop-down, still in the address', async () => {
      await page.setViewportSize({ width: 390, height: 844 })
      await expect(sections).toBeHidden()
      const chooser = page.getByLabel(labels.section, { exact: true })
      await chooseOption(page, chooser, labels.stepScopes)
      await expect(page).toHaveURL(/[?&]tab=scopes/)
      await expect(
        page.getByRole('heading', { level: 2, name: labels.stepScopes, exact: true }),
      ).toBeVisible()
    })
  },
)

test(
  'the token page offers every [More] action of the card: Duplicate, Reset, Upgrade Version, Disable/Enable, Delete back to the list',
  ANY_LANGUAGE,
  async ({ page, labels, variant, server }) => {
    const name = DEMO_TOKENS[variant].onPreviousVersion
    await openToken(page, name)

    await test.step('Duplicate: asks first, then shows the copy’s credentials', async () => {
      await chooseOnTokenPage(page, labels, labels.duplicate)
      await expect(
        confirmation(page).getByRole('checkbox', { name: labels.enableCopy, exact: true }),
      ).toBeChecked()
      await confirmDialog(page, labels.confirmDuplicate)
      const credential = await takeCopyCredentials(page, labels, `${name} (2)`)
      expect(credential.accountSid).toMatch(ACCOUNT_SID_FORMAT)
      // This token may not read the account (403), but its copy's credentials authenticate (not 401).
      expect(await platformAccountStatus(server.url, credential)).not.toBe(401)
      await expect(page.getByRole('heading', { level: 1, name, exact: true })).toBeVisible()
    })

    await test.step('Reset: the previous auth token is refused at once, the new one accepted', async () => {
      await openTokenSection(page, labels, labels.apiCredentials)
      const before = await copyCredential(page, page.getByRole('main'), labels)
      await chooseOnTokenPage(page, labels, labels.reset)
      await confirmDialog(page, labels.confirmReset)
      const issued = page
        .getByRole('region', { name, exact: false })
        .filter({ has: page.getByRole('button', { name: labels.done }) })
      const after = await copyCredential(page, issued, labels)
      expect(after.accountSid).toBe(before.accountSid)
      expect(await platformAccountStatus(server.url, before)).toBe(401)
      expect(await platformAccountStatus(server.url, after)).not.toBe(401)
      await issued.getByRole('button', { name: labels.done, exact: true }).click()
    })

    await test.step('Upgrade Version: moves to the latest version and is then no longer offered', async () => {
      const latest = API_VERSION_LINES[variant][2]
      await chooseOnTokenPage(page, labels, labels.upgradeVersion)
      await confirmDialog(page, labels.confirmUpgrade)
      await expect(page.getByRole('main').locator('header')).toContainText(latest)
      await page.getByRole('main').getByRole('button', { name: labels.more, exact: true }).click()
      await expect(page.getByRole('menuitem', { name: labels.duplicate, exact: true })).toBeVisible()
      await expect(page.getByRole('menuitem', { name: labels.upgradeVersion, exact: true })).toHaveCount(0)
      await page.keyboard.press('Escape')
    })

    await test.step('Disable asks first; Enable restores the token', async () => {
      const header = page.getByRole('main').locator('header')
      await chooseOnTokenPage(page, labels, labels.disable)
      await confirmDialog(page, labels.confirmDisable)
      await expect(header).toContainText(labels.stateDisabled)
      await chooseOnTokenPage(page, labels, labels.enable)
      await expect(header).toContainText(labels.stateEnabled)
    })

    await test.step('Delete: with the name typed, back to the list with a toast', async () => {
      await chooseOnTokenPage(page, labels, labels.delete)
      await confirmation(page).getByRole('textbox').fill(name)
      await confirmDialog(page, labels.confirmDelete)
      await expect(
        page.getByRole('heading', { level: 1, name: apiPageTitle(labels, variant), exact: true }),
      ).toBeVisible()
      await expect(page.getByText(labels.deletedToast(name), { exact: true })).toBeVisible()
      await expect(tokenCard(page, name)).toHaveCount(0)
    })
  },
)

test('Duplicate names what is copied, and a copy of a disabled token stays disabled unless the user enables it', async ({
  page,
  labels,
  server,
  variant,
}) => {
  const source = DEMO_TOKENS[variant].disabledSixDaysAgo
  await expect(tokenCard(page, source)).toContainText(labels.stateDisabled)

  await test.step('the confirmation names what is copied and leaves "Enable the copy" unticked', async () => {
    await chooseFromMoreMenu(page, tokenCard(page, source), labels, labels.duplicate)
    const dialog = confirmation(page)
    for (const setting of [labels.description, labels.stepScopes, labels.apiVersion]) {
      await expect(dialog).toContainText(setting)
    }
    await expect(dialog).toContainText(labels.primaryContact)
    await expect(dialog.getByRole('checkbox', { name: labels.enableCopy, exact: true })).not.toBeChecked()
    await confirmDialog(page, labels.confirmDuplicate)
  })

  await test.step('the copy is disabled: its new credentials are refused until it is enabled', async () => {
    const copy = `${source} (2)`
    const credential = await takeCopyCredentials(page, labels, copy)
    expect(await platformAccountStatus(server.url, credential)).toBe(401)
    await expect(tokenCard(page, copy)).toContainText(labels.stateDisabled)
  })

  await test.step('ticking "Enable the copy" makes an enabled copy', async () => {
    await chooseFromMoreMenu(page, tokenCard(page, source), labels, labels.duplicate)
    await confirmation(page).getByRole('checkbox', { name: labels.enableCopy, exact: true }).check()
    await confirmDialog(page, labels.confirmDuplicate)
    const copy = `${source} (3)`
    const credential = await takeCopyCredentials(page, labels, copy)
    expect(await platformAccountStatus(server.url, credential)).toBe(200)
    await expect(tokenCard(page, copy)).toContainText(labels.stateEnabled)
  })
})

test('the API page links to the API reference and opens "Keep your access tokens secure"; the wizard’s scope step links to the reference too', async ({
  page,
  labels,
  variant,
}) => {
  await test.step('the docs link', async () => {
    await expect(page.getByRole('link', { name: labels.integrationsPortal })).toHaveAttribute(
      'href',
      '/api/docs',
    )
  })

  await test.step('the security guidance opens from the header and closes again', async () => {
    const toggle = page.getByRole('button', { name: labels.keepTokensSecure, exact: true })
    await expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await toggle.click()
    await expect(toggle).toHaveAttribute('aria-expanded', 'true')
    const guidance = page.getByRole('region', { name: labels.keepTokensSecure, exact: true })
    await expect(guidance.getByRole('listitem')).toHaveCount(5)
    await expect(guidance).toContainText(labels.auditTrail)
    await toggle.click()
    await expect(guidance).toHaveCount(0)
  })

  await test.step('the wizard’s API Scopes step', async () => {
    await startTokenWizard(page, labels, `Docs link ${variant}`)
    await passContactStep(page, labels, variant)
    await expect(page.locator('[aria-current="step"]')).toContainText(labels.stepScopes)
    await expect(page.getByRole('link', { name: labels.integrationsPortal })).toHaveAttribute(
      'href',
      '/api/docs',
    )
  })
})

test('messages that name the API page use the variant’s own page name', async ({ page, labels, variant }) => {
  const title = apiPageTitle(labels, variant)
  await openToken(page, DEMO_TOKENS[variant].createdTwoDaysAgo)
  await expect(page.getByRole('link', { name: labels.backTo(title), exact: true })).toBeVisible()
  if (variant !== 'agency') {
    // Legacy tokens are not enabled for brand and partner: their legacy page says where to enable them.
    await page.goto('/settings/api/legacy')
    await expect(page.getByText(labels.legacyNotEnabledOn(title))).toBeVisible()
  }
})

/** How long ago the `<time>` inside `facts` says the credential was last used (Infinity: never). */
async function lastUsedAgeMs(facts: Locator): Promise<number> {
  const time = facts.locator('time')
  if ((await time.count()) === 0) return Number.POSITIVE_INFINITY
  return Date.now() - Date.parse((await time.getAttribute('datetime')) ?? '')
}

// Last: it enables legacy tokens for brand and partner, which the wording test above needs disabled.
test('the legacy card and Overview show each credential’s state and last use; the legacy page offers both resets', async ({
  page,
  labels,
  variant,
  server,
}) => {
  const card = legacyCard(page, labels)
  if (!hasLegacyTokensFromStart(variant)) {
    await page.getByRole('button', { name: labels.enableLegacyTokens, exact: true }).click()
    await confirmDialog(page, labels.enableLegacyTokens)
  }

  await test.step('the card shows Read/Write and Read-Only with state and last use', async () => {
    for (const access of [labels.readWrite, labels.readOnly]) {
      const facts = card.getByRole('region', { name: access, exact: true })
      await expect(facts).toContainText(labels.stateEnabled)
      await expect(facts).toContainText(labels.lastUsed)
    }
  })

  const main = page.getByRole('main')
  const sections = page.getByRole('navigation', { name: labels.legacySections, exact: true })
  await test.step('an integration uses the Read/Write credential', async () => {
    await card.getByRole('link', { name: labels.legacyAccountTokens, exact: true }).click()
    await sections.getByRole('link', { name: labels.apiCredentials, exact: true }).click()
    const readWrite = await copyCredential(
      page,
      main.getByRole('region', { name: labels.readWrite, exact: true }),
      labels,
    )
    expect(await platformAccountStatus(server.url, readWrite)).toBe(200)
  })

  await test.step('the Overview shows that use as the Read/Write credential’s last use', async () => {
    await sections.getByRole('link', { name: labels.overview, exact: true }).click()
    const facts = main.getByRole('region', { name: labels.readWrite, exact: true })
    await expect
      .poll(
        async () => {
          await page.reload()
          await expect(facts).toContainText(labels.lastUsed)
          return lastUsedAgeMs(facts)
        },
        { timeout: 20_000 },
      )
      .toBeLessThan(120_000)
    await expect(main.getByRole('region', { name: labels.readOnly, exact: true })).toContainText(
      labels.stateEnabled,
    )
  })

  await test.step('the API page’s legacy card shows it too', async () => {
    await page.getByRole('link', { name: labels.backTo(apiPageTitle(labels, variant)), exact: true }).click()
    await expect
      .poll(() => lastUsedAgeMs(card.getByRole('region', { name: labels.readWrite, exact: true })))
      .toBeLessThan(120_000)
  })

  await test.step('the legacy page’s [More] menu resets the Read-Only credential', async () => {
    await card.getByRole('link', { name: labels.legacyAccountTokens, exact: true }).click()
    await main.getByRole('button', { name: labels.more, exact: true }).click()
    await expect(page.getByRole('menuitem', { name: labels.resetReadWrite, exact: true })).toBeVisible()
    await page.getByRole('menuitem', { name: labels.resetReadOnly, exact: true }).click()
    await confirmDialog(page, labels.confirmReset)
    const issued = main
      .getByRole('region')
      .filter({ has: page.getByRole('button', { name: labels.done, exact: true }) })
    const readOnly = await copyCredential(page, issued, labels)
    expect(await platformAccountStatus(server.url, readOnly)).toBe(200)
  })
})
