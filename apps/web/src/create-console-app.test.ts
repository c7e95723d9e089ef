import { describe, expect, it, vi } from 'vitest'
import { ApiError } from './api/api-error'
import { makeSession } from './test-support/console-fixtures'
import { fakeAdminApi } from './test-support/fake-admin-api'
import { button, byLabel, click, renderConsole, type, waitFor } from './test-support/render-console'

describe('signing in and out', () => {
  it('explains a refused sign-in and lets the user try again', async () => {
    const login = vi.fn(async () => {
      throw new ApiError(401, 'InvalidCredentials')
    })
    const api = fakeAdminApi({ session: { get: vi.fn(async () => null), login } })
    await renderConsole(api, '/login')

    await type(byLabel('E-mail') as HTMLInputElement, 'admin@acme.test')
    await type(byLabel('Password') as HTMLInputElement, 'wrong')
    await click(button('Sign in'))
    await waitFor(() =>
      expect(document.querySelector('[role="alert"]')?.textContent).toBe(
        'The e-mail address or password is not right. Check them and try again.',
      ),
    )
    expect((byLabel('Password') as HTMLInputElement).value).toBe('')
    expect(login).toHaveBeenCalledWith({ email: 'admin@acme.test', password: 'wrong' })
  })

  it('opens the page the visitor asked for once signed in', async () => {
    const api = fakeAdminApi({
      session: { get: vi.fn(async () => null), login: vi.fn(async () => makeSession()) },
    })
    const view = await renderConsole(api, '/settings/api?state=disabled')
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('login'))

    await type(byLabel('E-mail') as HTMLInputElement, 'admin@acme.test')
    await type(byLabel('Password') as HTMLInputElement, 'demo-password')
    await click(button('Sign in'))
    await waitFor(() => expect(view.router.currentRoute.value.fullPath).toBe('/settings/api?state=disabled'))
    expect(api.setCsrfToken).toHaveBeenLastCalledWith('csrf-token-1')
  })

  it('sends the user to sign in again, back to the same page, when the server ends the session', async () => {
    const api = fakeAdminApi()
    const view = await renderConsole(api, '/settings')
    const sessionLost = vi.mocked(api.onSessionLost).mock.calls[0]?.[0]
    expect(sessionLost).toBeTypeOf('function')

    sessionLost?.()
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('login'))
    expect(view.router.currentRoute.value.query['redirect']).toBe('/settings')
    await waitFor(() => expect(document.body.textContent).toContain('Your session has ended.'))
  })
})
