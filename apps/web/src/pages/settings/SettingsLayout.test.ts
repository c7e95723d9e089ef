import { describe, expect, it, vi } from 'vitest'
import { makeSession, makeToken } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { renderConsole, waitFor } from '../../test-support/render-console'

describe('the role gate of the token pages', () => {
  it('shows an Analyst the no-access page at the API address and asks the API for no token', async () => {
    const api = fakeAdminApi({ session: { get: vi.fn(async () => makeSession({ role: 'analyst' })) } })
    const view = await renderConsole(api, '/settings/api')

    await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe('No access'))
    expect(view.text()).toContain('Analyst')
    expect(view.router.currentRoute.value.fullPath).toBe('/settings/api')
    expect(api.tokens.list).not.toHaveBeenCalled()
    expect(api.legacy.get).not.toHaveBeenCalled()
    expect(document.querySelectorAll('article')).toHaveLength(0)
  })

  it('lets an Implementation Specialist see the API page and its tokens', async () => {
    const api = fakeAdminApi({
      session: { get: vi.fn(async () => makeSession({ role: 'implementation_specialist' })) },
      tokens: {
        list: vi.fn(async () => ({ items: [makeToken({ name: 'Nightly export' })], nextCursor: null })),
      },
    })
    await renderConsole(api, '/settings/api')

    await waitFor(() => expect(document.querySelector('article')?.textContent).toContain('Nightly export'))
    expect(document.querySelector('h1')?.textContent).toBe('API')
  })

  it('titles the API page "Platform REST Web Services" for an agency', async () => {
    const api = fakeAdminApi({ session: { get: vi.fn(async () => makeSession({ kind: 'agency' })) } })
    await renderConsole(api, '/settings/api')

    await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe('Platform REST Web Services'))
    const settingsNav = document.querySelector('nav[aria-label="Settings"]')
    expect(settingsNav?.textContent).toContain('Platform REST Web Services')
  })

  it.each([
    ['brand', true],
    ['agency', true],
    ['partner', false],
  ] as const)('lists Technical for a %s account, under the Account column: %s', async (kind, column) => {
    await renderConsole(
      fakeAdminApi({ session: { get: vi.fn(async () => makeSession({ kind })) } }),
      '/settings',
    )
    const settingsNav = await waitFor(
      () => document.querySelector('nav[aria-label="Settings"]') as HTMLElement,
    )
    expect(settingsNav.textContent).toContain('Technical')
    expect(settingsNav.textContent?.includes('Account')).toBe(column)
  })

  it('marks the API entry as the current page on the API page, and as current within its pages', async () => {
    const api = fakeAdminApi({ legacy: { get: vi.fn(async () => ({ enabled: false as const })) } })
    const view = await renderConsole(api, '/settings/api')
    const apiEntry = () => document.querySelector('nav[aria-label="Settings"] a[href="/settings/api"]')
    await waitFor(() => expect(apiEntry()?.getAttribute('aria-current')).toBe('page'))

    await view.router.push('/settings/api/legacy')
    await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe('Legacy Account Tokens'))
    expect(apiEntry()?.getAttribute('aria-current')).toBe('true')
    await view.router.push('/settings/policies')
    await waitFor(() => expect(apiEntry()?.getAttribute('aria-current')).toBeNull())
  })

  it('sends a signed-out visitor of a deep link to the login page, remembering where they were going', async () => {
    const api = fakeAdminApi({ session: { get: vi.fn(async () => null) } })
    const view = await renderConsole(api, '/settings/api?state=disabled')

    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('login'))
    expect(view.router.currentRoute.value.query['redirect']).toBe('/settings/api?state=disabled')
  })
})
