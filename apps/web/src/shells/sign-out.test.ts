import { within } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../api/api-error'
import { makeToken } from '../test-support/console-fixtures'
import { fakeAdminApi } from '../test-support/fake-admin-api'
import { openTokenPage } from '../test-support/open-token-page'
import { renderWithConsole, waitFor } from '../test-support/render-console'

/** Opens Settings on `api` and chooses Sign out in the [User profile] menu. */
async function signOutOn(api: ReturnType<typeof fakeAdminApi>) {
  const view = await renderWithConsole(api, '/settings')
  await view.user.click(await view.findByRole('button', { name: 'User profile' }))
  await view.user.click(await view.findByRole('menuitem', { name: 'Sign out' }))
  return view
}

describe('signing out', () => {
  it('ends the session on the server, then the login page says so', async () => {
    const api = fakeAdminApi()
    const view = await signOutOn(api)
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('login'))
    expect(api.session.logout).toHaveBeenCalledTimes(1)
    expect(await view.findAllByText('You have signed out.')).not.toHaveLength(0)
  })

  it('keeps the user signed in, and says why, when the server could not end the session', async () => {
    const logout = vi.fn(async () => {
      throw new ApiError(0, 'NetworkUnavailable')
    })
    const view = await signOutOn(fakeAdminApi({ session: { logout } }))
    const said =
      'You are still signed in: the server did not end your session. The server cannot be reached. Check your connection and try again.'
    expect(await view.findAllByText(said)).not.toHaveLength(0)
    expect(view.router.currentRoute.value.name).toBe('settings')
    expect(view.queryByText('You have signed out.')).toBeNull()
    expect(view.getByRole('heading', { level: 1, name: 'Settings' })).toBeTruthy()
  })

  it('goes to the login page once when the session had already ended (401)', async () => {
    const api = fakeAdminApi()
    api.session.logout = vi.fn(async () => {
      // The client reports the lost session before it throws, as http-client.ts does.
      for (const [listener] of vi.mocked(api.onSessionLost).mock.calls) listener()
      throw new ApiError(401, 'Unauthenticated')
    })
    const view = await signOutOn(api)
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('login'))
    expect(await view.findAllByText('Your session has ended. Sign in again to continue.')).not.toHaveLength(0)
    expect(view.queryByText(/You are still signed in/)).toBeNull()
  })

  it('asks before leaving unsaved changes, and ends the session only once the user chose to leave', async () => {
    const { api, view } = await openTokenPage(makeToken({ name: 'Nightly export' }))
    await view.user.type(view.getByRole('textbox', { name: 'Token Name' }), ' v2')
    await view.user.click(view.getByRole('button', { name: 'User profile' }))
    await view.user.click(await view.findByRole('menuitem', { name: 'Sign out' }))
    const dialog = await view.findByRole('alertdialog', { name: 'Leave without saving?' })
    expect(api.session.logout).not.toHaveBeenCalled()

    await view.user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())
    expect(view.router.currentRoute.value.name).toBe('token')
    expect(view.getByRole<HTMLInputElement>('textbox', { name: 'Token Name' }).value).toBe(
      'Nightly export v2',
    )
    expect(api.session.logout).not.toHaveBeenCalled()

    await view.user.click(view.getByRole('button', { name: 'User profile' }))
    await view.user.click(await view.findByRole('menuitem', { name: 'Sign out' }))
    const again = await view.findByRole('alertdialog', { name: 'Leave without saving?' })
    await view.user.click(within(again).getByRole('button', { name: 'Leave without saving' }))
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('login'))
    expect(api.session.logout).toHaveBeenCalledTimes(1)
    expect(await view.findAllByText('You have signed out.')).not.toHaveLength(0)
  })
})
