import type { LegacyTokensView } from '@tokens/core'
import { screen, within } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeSession, makeToken } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { choose, click, press, renderWithConsole, waitFor } from '../../test-support/render-console'

function legacyOn(apiVersion: string): Extract<LegacyTokensView, { enabled: true }> {
  return {
    enabled: true,
    apiVersion,
    enabledAt: '2024-09-16T08:00:00.000Z',
    readWrite: makeToken({ kind: 'legacy_read_write', accountSid: 'TKreadwrite000000000000001', apiVersion }),
    readOnly: makeToken({ kind: 'legacy_read_only', accountSid: 'TKreadonly0000000000000001', apiVersion }),
  }
}

async function openLegacy(path: string, overrides: Parameters<typeof fakeAdminApi>[0] = {}) {
  const api = fakeAdminApi(overrides)
  const view = await renderWithConsole(api, path)
  await view.findByRole('heading', { level: 1, name: 'Legacy Account Tokens' })
  return api
}

const versionField = () => screen.getByRole<HTMLSelectElement>('combobox', { name: 'API Version' })
const confirmDialog = () => screen.findByRole('alertdialog')
const buttonNamed = (name: string, scope: HTMLElement = document.body) =>
  within(scope).getByRole('button', { name })

describe('the Legacy Account Tokens page', () => {
  it('offers only newer API versions, and upgrades after a confirmation', async () => {
    const upgrade = vi.fn(async () => legacyOn('v14'))
    await openLegacy('/settings/api/legacy', { legacy: { get: vi.fn(async () => legacyOn('v13')), upgrade } })
    const version = versionField()
    const choosable = [...version.options].filter((option) => !option.disabled).map((option) => option.value)
    expect(version.value).toBe('v13')
    expect(choosable).toEqual(['v14'])

    await choose(version, 'v14')
    expect(screen.queryByRole('alertdialog')).toBeNull()
    await click(buttonNamed('Upgrade to v14'))
    const dialog = await confirmDialog()
    expect(dialog.textContent).toContain('v14 instead of v13')
    expect(upgrade).not.toHaveBeenCalled()
    await click(buttonNamed('Upgrade', dialog))
    await waitFor(() => expect(upgrade).toHaveBeenCalledWith({ apiVersion: 'v14' }))
    await waitFor(() => expect(versionField().value).toBe('v14'))
  })

  it('shows the version in force again when the upgrade is cancelled', async () => {
    const upgrade = vi.fn()
    await openLegacy('/settings/api/legacy', { legacy: { get: vi.fn(async () => legacyOn('v12')), upgrade } })
    await choose(versionField(), 'v14')
    await click(buttonNamed('Upgrade to v14'))
    const dialog = await confirmDialog()
    await click(buttonNamed('Cancel', dialog))
    await waitFor(() => expect(versionField().value).toBe('v12'))
    expect(upgrade).not.toHaveBeenCalled()
  })

  it('shows both credentials masked, revealing both pairs with one audited request', async () => {
    const reveal = vi.fn(async () => ({
      readWrite: { accountSid: 'TKreadwrite000000000000001', authToken: 'tcat_readwrite' },
      readOnly: { accountSid: 'TKreadonly0000000000000001', authToken: 'tcat_readonly' },
    }))
    await openLegacy('/settings/api/legacy?tab=credentials', {
      legacy: { get: vi.fn(async () => legacyOn('v14')), reveal },
    })
    const [readWrite, readOnly] = [
      ...document.querySelectorAll<HTMLElement>('section[aria-labelledby^="legacy-credentials"]'),
    ]
    expect(readWrite?.textContent).toContain('TKreadwrite000000000000001')
    expect(document.body.textContent).not.toContain('tcat_readwrite')

    await click(buttonNamed('Show Auth Token', readWrite!))
    await click(buttonNamed('Show Auth Token', readOnly!))
    await waitFor(() => expect(readOnly?.textContent).toContain('tcat_readonly'))
    expect(readWrite?.textContent).toContain('tcat_readwrite')
    expect(reveal).toHaveBeenCalledTimes(1)

    // Another section forgets them: a Show on coming back is a reveal (audited) of its own.
    const menu = within(screen.getByRole('navigation', { name: 'Legacy token sections' }))
    await click(menu.getByRole('link', { name: 'Overview' }))
    await click(menu.getByRole('link', { name: 'API Credentials' }))
    const [again] = [
      ...document.querySelectorAll<HTMLElement>('section[aria-labelledby^="legacy-credentials"]'),
    ]
    await click(buttonNamed('Show Auth Token', again!))
    await waitFor(() => expect(again?.textContent).toContain('tcat_readwrite'))
    expect(reveal).toHaveBeenCalledTimes(2)
  })

  it('lists Overview, API Credentials and Usage in a left-hand section menu; the old ?tab=credentials link still opens API Credentials', async () => {
    await openLegacy('/settings/api/legacy?tab=credentials', {
      legacy: { get: vi.fn(async () => legacyOn('v14')) },
    })
    const menu = within(screen.getByRole('navigation', { name: 'Legacy token sections' }))
    expect(menu.getAllByRole('link').map((link) => link.textContent?.trim())).toEqual([
      'Overview',
      'API Credentials',
      'Usage',
    ])
    expect(menu.getByRole('link', { current: 'page' }).textContent?.trim()).toBe('API Credentials')
  })

  it('shows each credential’s state and last use on the Overview', async () => {
    const view = legacyOn('v14')
    view.readWrite = { ...view.readWrite, lastUsedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() }
    view.readOnly = { ...view.readOnly, lastUsedAt: null }
    await openLegacy('/settings/api/legacy', { legacy: { get: vi.fn(async () => view) } })
    const facts = (name: string) =>
      [...document.querySelectorAll<HTMLElement>('.legacy-facts')].find(
        (section) => section.querySelector('h3')?.textContent === name,
      )
    expect(facts('Read/Write')?.textContent).toContain('Enabled')
    expect(facts('Read/Write')?.textContent).toMatch(/Last used\s*3 days ago/)
    expect(facts('Read-Only')?.textContent).toMatch(/Last used\s*Never/)
  })

  /** Opens the Read-Only credential's reset from the page's [More] menu, up to its confirmation. */
  async function askToResetReadOnly() {
    const reset = vi.fn(async () => ({
      legacy: legacyOn('v14'),
      credentials: { accountSid: 'TKreadonly0000000000000001', authToken: 'tcat_newreadonly' },
    }))
    await openLegacy('/settings/api/legacy', { legacy: { get: vi.fn(async () => legacyOn('v14')), reset } })
    await press(buttonNamed('More'), 'Enter')
    await click(await screen.findByRole('menuitem', { name: 'Reset (Read-Only)' }))
    return { reset, dialog: await confirmDialog() }
  }

  /** Resets the Read-Only credential and waits for its new auth token. */
  async function resetReadOnly() {
    await click(buttonNamed('Reset', (await askToResetReadOnly()).dialog))
    await waitFor(() => expect(document.body.textContent).toContain('tcat_newreadonly'))
  }

  it('resets a credential from the page’s [More] menu after a confirmation and shows its new credentials', async () => {
    const { reset, dialog } = await askToResetReadOnly()
    expect(within(dialog).getByRole('heading', { name: 'Reset the Read-Only legacy token?' })).toBeDefined()
    expect(reset).not.toHaveBeenCalled()
    await click(buttonNamed('Reset', dialog))
    await waitFor(() => expect(reset).toHaveBeenCalledWith('read_only'))
    await waitFor(() => expect(document.body.textContent).toContain('tcat_newreadonly'))
  })

  it('words the new credentials in the language chosen after the reset, the credential’s name too', async () => {
    await resetReadOnly()

    await choose(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Language' }), 'zh-CN')
    // The toast said its words when it appeared; the panel says them again in the language chosen.
    expect(await screen.findByRole('heading', { name: '新的只读旧版凭证' })).toBeDefined()
  })

  it('puts focus on the page heading once the user is done with the new credentials', async () => {
    await resetReadOnly()
    await click(await screen.findByRole('button', { name: 'Done' }))
    await waitFor(() => expect(document.body.textContent).not.toContain('tcat_newreadonly'))
    await waitFor(() =>
      expect(document.activeElement).toBe(
        screen.getByRole('heading', { level: 1, name: 'Legacy Account Tokens' }),
      ),
    )
  })

  it('names the variant’s own API page when legacy tokens are not enabled', async () => {
    const api = fakeAdminApi({ session: { get: vi.fn(async () => makeSession({ kind: 'agency' })) } })
    const view = await renderWithConsole(api, '/settings/api/legacy')
    await view.findByText(
      'Enable them on the Platform REST Web Services page if an integration still needs account-wide credentials.',
      { exact: false },
    )
  })
})

describe('a leaked legacy credential on the legacy page', () => {
  const FOUND_AT = 'https://github.com/octo/app/blob/1a2b3c/deploy/.env'
  const leakedReadWrite = () => {
    const view = legacyOn('v14')
    view.readWrite = {
      ...view.readWrite,
      leak: {
        reportedAt: '2026-11-29T08:30:00.000Z',
        url: FOUND_AT,
        action: 'reset',
        secret: 'current',
      },
    }
    return view
  }
  const banners = () => [...document.querySelectorAll<HTMLElement>('[role="alert"].leak-banner')]

  it('shows the red banner for the leaked credential only, naming it, with where, when and what was done', async () => {
    await openLegacy('/settings/api/legacy', { legacy: { get: vi.fn(async () => leakedReadWrite()) } })
    const [shown, ...others] = await waitFor(() => {
      expect(banners()).toHaveLength(1)
      return banners()
    })
    expect(others).toEqual([])
    expect(shown?.querySelector('h2')?.textContent).toBe(
      'The legacy Read/Write auth token was found in public',
    )
    expect(shown?.querySelector('a')?.getAttribute('href')).toBe(FOUND_AT)
    expect(shown?.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-29T08:30:00.000Z')
    expect(shown?.textContent).toContain('Reset: a new auth token was issued')
  })

  it('shows no banner when neither credential has a leak', async () => {
    await openLegacy('/settings/api/legacy', { legacy: { get: vi.fn(async () => legacyOn('v14')) } })
    expect(banners()).toEqual([])
  })

  it('Reset now opens the legacy reset of that credential and shows its new credentials', async () => {
    const reset = vi.fn(async () => ({
      legacy: leakedReadWrite(),
      credentials: { accountSid: 'TKreadwrite000000000000001', authToken: 'tcat_newreadwrite' },
    }))
    await openLegacy('/settings/api/legacy', { legacy: { get: vi.fn(async () => leakedReadWrite()), reset } })
    await click(buttonNamed('Reset now', await waitFor(() => banners()[0] as HTMLElement)))
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    expect(dialog.textContent).toContain('Reset the Read/Write legacy token?')
    expect(reset).not.toHaveBeenCalled()
    await click(buttonNamed('Reset', dialog))
    await waitFor(() => expect(reset).toHaveBeenCalledWith('read_write'))
    await waitFor(() => expect(document.body.textContent).toContain('tcat_newreadwrite'))
  })

  it('Mark as handled clears the banner, says so, and puts focus on the page heading', async () => {
    const markLeakHandled = vi.fn(async () => legacyOn('v14'))
    await openLegacy('/settings/api/legacy', {
      legacy: { get: vi.fn(async () => leakedReadWrite()), markLeakHandled },
    })
    await click(buttonNamed('Mark as handled', await waitFor(() => banners()[0] as HTMLElement)))
    await waitFor(() => expect(banners()).toEqual([]))
    expect(markLeakHandled).toHaveBeenCalledWith('read_write')
    await waitFor(() =>
      expect(document.body.textContent).toContain('The leak of “Read/Write” is marked as handled.'),
    )
    await waitFor(() => expect(document.activeElement).toBe(document.querySelector('h1')))
  })

  it('keeps the banner with the reason when the leak cannot be marked as handled', async () => {
    const markLeakHandled = vi.fn(async () => {
      throw new ApiError(507, 'StorageFull')
    })
    await openLegacy('/settings/api/legacy', {
      legacy: { get: vi.fn(async () => leakedReadWrite()), markLeakHandled },
    })
    await click(buttonNamed('Mark as handled', await waitFor(() => banners()[0] as HTMLElement)))
    await waitFor(() => expect(banners()[0]?.querySelector('.field__error')?.textContent).toBeTruthy())
    expect(banners()).toHaveLength(1)
  })
})

describe('the legacy upgrade preview', () => {
  it('shows in the upgrade dialog what changes for each legacy credential', async () => {
    const previewOf = (calls: number) => ({
      tokenId: 'x',
      fromVersion: 'v13',
      toVersion: 'v14',
      days: 30,
      endpoints: [
        {
          scope: 'GET /Account',
          calls,
          shape: 'same' as const,
          envelope: null,
          renamed: [],
          added: [],
          removed: [],
        },
      ],
      newEndpoints: [],
    })
    const legacyUpgradePreview = vi.fn(async () => ({ readWrite: previewOf(12), readOnly: previewOf(3) }))
    await openLegacy('/settings/api/legacy', {
      legacy: { get: vi.fn(async () => legacyOn('v13')) },
      usage: { legacyUpgradePreview },
    })
    await choose(versionField(), 'v14')
    await click(buttonNamed('Upgrade to v14'))
    const dialog = await confirmDialog()
    await waitFor(() => expect(dialog.textContent).toContain('12 calls'))
    expect(legacyUpgradePreview).toHaveBeenCalledWith('v14')
    expect(
      within(dialog)
        .getAllByRole('heading', { level: 4 })
        .map((heading) => heading.textContent?.trim()),
    ).toEqual(['Read/Write', 'Read-Only'])
    expect(dialog.textContent).toContain('3 calls')
  })
})
