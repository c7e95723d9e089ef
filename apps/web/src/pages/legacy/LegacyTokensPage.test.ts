import type { LegacyTokensView } from '@tokens/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { button, byLabel, choose, click, renderConsole, waitFor } from '../../test-support/render-console'

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

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
  const view = await renderConsole(api, path)
  unmount = view.unmount
  await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe('Legacy Account Tokens'))
  return api
}

describe('the Legacy Account Tokens page', () => {
  it('offers only newer API versions, and upgrades after a confirmation', async () => {
    const upgrade = vi.fn(async () => legacyOn('v14'))
    await openLegacy('/settings/api/legacy', { legacy: { get: vi.fn(async () => legacyOn('v13')), upgrade } })
    const version = byLabel<HTMLSelectElement>('API Version') as HTMLSelectElement
    const choosable = [...version.options].filter((option) => !option.disabled).map((option) => option.value)
    expect(version.value).toBe('v13')
    expect(choosable).toEqual(['v14'])

    await choose(version, 'v14')
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    expect(dialog.textContent).toContain('v14 instead of v13')
    expect(upgrade).not.toHaveBeenCalled()
    await click(button('Upgrade', dialog))
    await waitFor(() => expect(upgrade).toHaveBeenCalledWith({ apiVersion: 'v14' }))
    await waitFor(() => expect((byLabel('API Version') as HTMLSelectElement).value).toBe('v14'))
  })

  it('shows the version in force again when the upgrade is cancelled', async () => {
    const upgrade = vi.fn()
    await openLegacy('/settings/api/legacy', { legacy: { get: vi.fn(async () => legacyOn('v12')), upgrade } })
    await choose(byLabel<HTMLSelectElement>('API Version'), 'v14')
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    await click(button('Cancel', dialog))
    await waitFor(() => expect((byLabel('API Version') as HTMLSelectElement).value).toBe('v12'))
    expect(upgrade).not.toHaveBeenCalled()
  })

  it('shows both credentials masked, revealing both pairs with one audited request', async () => {
    const reveal = vi.fn(async () => ({
      readWrite: { accountSid: 'TKreadwrite000000000000001', authToken: 'tcat_readwrite' },
      readOnly: { accountSid: 'TKreadonly0000000000000001', authToken: 'tcat_readonly' },
    }))
    await openLegacy('/settings/api/legacy?tab=credentials', { legacy: { get: vi.fn(async () => legacyOn('v14')), reveal } })
    const [readWrite, readOnly] = [...document.querySelectorAll<HTMLElement>('section[aria-labelledby^="legacy-credentials"]')]
    expect(readWrite?.textContent).toContain('TKreadwrite000000000000001')
    expect(document.body.textContent).not.toContain('tcat_readwrite')

    await click(button('Show Auth Token', readWrite))
    await click(button('Show Auth Token', readOnly))
    await waitFor(() => expect(readOnly?.textContent).toContain('tcat_readonly'))
    expect(readWrite?.textContent).toContain('tcat_readwrite')
    expect(reveal).toHaveBeenCalledTimes(1)
  })
})
