import { describe, expect, it, vi } from 'vitest'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { renderWithConsole } from '../../test-support/render-console'

async function openLogin() {
  const login = vi.fn()
  const view = await renderWithConsole(
    fakeAdminApi({ session: { get: vi.fn(async () => null), login } }),
    '/login',
  )
  await view.findByRole('heading', { level: 1 })
  return { view, login }
}

describe('Sign in refused before it is sent', () => {
  it('moves focus to the first refused field when Sign in is pressed with nothing filled in', async () => {
    const { view, login } = await openLogin()
    await view.user.click(view.getByRole('button', { name: 'Sign in' }))
    const email = view.getByLabelText('E-mail')
    expect(email.getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(email)
    expect(login).not.toHaveBeenCalled()
  })

  it('moves focus to the password when only the password is missing', async () => {
    const { view } = await openLogin()
    await view.user.type(view.getByLabelText('E-mail'), 'admin@acme.test')
    await view.user.click(view.getByRole('button', { name: 'Sign in' }))
    expect(document.activeElement).toBe(view.getByLabelText('Password'))
  })
})
