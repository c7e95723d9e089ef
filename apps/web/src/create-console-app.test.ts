import { describe, expect, it, vi } from 'vitest'
import { ApiError } from './api/api-error'
import { makeSession } from './test-support/console-fixtures'
import { fakeAdminApi } from './test-support/fake-admin-api'
import type { SessionChannel, SessionIdentity } from './stores/session-channel'
import { button, byLabel, choose, click, renderConsole, type, waitFor } from './test-support/render-console'

/** The browser's other tabs of the console: `announce` is one of them signing in or out. */
function otherTabs() {
  const listeners = new Set<(identity: SessionIdentity) => void>()
  const channel: SessionChannel = {
    announce: vi.fn(),
    listen(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close: vi.fn(),
  }
  return { channel, announce: (identity: SessionIdentity) => listeners.forEach((hear) => hear(identity)) }
}

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

describe('the session across tabs', () => {
  it('tells the other tabs who signed in, and closes its channel when the console goes', async () => {
    const tabs = otherTabs()
    const api = fakeAdminApi({
      session: { get: vi.fn(async () => null), login: vi.fn(async () => makeSession()) },
    })
    const view = await renderConsole(api, '/login', tabs.channel)
    await type(byLabel('E-mail') as HTMLInputElement, 'admin@acme.test')
    await type(byLabel('Password') as HTMLInputElement, 'demo-password')
    await click(button('Sign in'))
    await waitFor(() =>
      expect(tabs.channel.announce).toHaveBeenCalledWith({ userId: 'usr_admin', accountId: 'acc_1' }),
    )

    view.unmount()
    expect(tabs.channel.close).toHaveBeenCalled()
  })

  it('sends this tab to sign in, back to the same page, when another tab signs out', async () => {
    const tabs = otherTabs()
    const view = await renderConsole(fakeAdminApi(), '/settings', tabs.channel)

    tabs.announce(null)
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('login'))
    expect(view.router.currentRoute.value.query['redirect']).toBe('/settings')
    await waitFor(() => expect(document.body.textContent).toContain('You signed out in another tab.'))
  })

  it('says, once reloaded into the session another tab signed in, who is signed in now', async () => {
    sessionStorage.setItem('token-console.session-switched', 'yes')
    await renderConsole(fakeAdminApi(), '/settings', otherTabs().channel)
    await waitFor(() =>
      expect(document.body.textContent).toContain(
        'You signed in as admin@acme.test in another tab, so this tab now shows that session.',
      ),
    )
    expect(sessionStorage.getItem('token-console.session-switched')).toBeNull()
  })
})
