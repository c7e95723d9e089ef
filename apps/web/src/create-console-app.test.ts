import { describe, expect, it, vi } from 'vitest'
import { ApiError } from './api/api-error'
import { makeSession } from './test-support/console-fixtures'
import { fakeAdminApi } from './test-support/fake-admin-api'
import { button, byLabel, choose, click, renderConsole, type, waitFor } from './test-support/render-console'

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

  it('shows the next user their own saved language, not the one the previous user chose in this page', async () => {
    // Both users saved English; the first chooses 简体中文 while signed in, then the session ends.
    const api = fakeAdminApi({ session: { login: vi.fn(async () => makeSession({ locale: 'en' })) } })
    const view = await renderConsole(api, '/settings')
    await choose(byLabel<HTMLSelectElement>('Language'), 'zh-CN')
    await waitFor(() => expect(api.session.updatePreferences).toHaveBeenCalledWith({ locale: 'zh-CN' }))
    vi.mocked(api.onSessionLost).mock.calls[0]?.[0]()
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('login'))

    await type(byLabel('电子邮件') as HTMLInputElement, 'other@acme.test')
    await type(byLabel('密码') as HTMLInputElement, 'demo-password')
    await click(button('登录'))
    await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe('Settings'))
    expect(api.session.updatePreferences).toHaveBeenCalledTimes(1)
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
