import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
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

  it('words a refused field and a refused sign-in again in the language chosen after them', async () => {
    const { view } = await openLogin()
    await view.user.click(view.getByRole('button', { name: 'Sign in' }))
    await view.user.selectOptions(view.getByRole('combobox', { name: 'Language' }), 'zh-CN')
    await view.findByRole('heading', { level: 1, name: '登录' })
    expect(view.getByText('请输入您的电子邮件地址。')).toBeTruthy()
    expect(view.getByText('请输入您的密码。')).toBeTruthy()
  })
})

describe('Sign in refused by the server', () => {
  it('words the refusal again in the language chosen after it', async () => {
    const login = vi.fn(async () => {
      throw new ApiError(401, 'InvalidCredentials')
    })
    const view = await renderWithConsole(
      fakeAdminApi({ session: { get: vi.fn(async () => null), login } }),
      '/login',
    )
    await view.user.type(await view.findByLabelText('E-mail'), 'admin@acme.test')
    await view.user.type(view.getByLabelText('Password'), 'not the password')
    await view.user.click(view.getByRole('button', { name: 'Sign in' }))
    expect((await view.findByRole('alert')).textContent).toContain(
      'The e-mail address or password is not right.',
    )
    await view.user.selectOptions(view.getByRole('combobox', { name: 'Language' }), 'zh-CN')
    await view.findByRole('heading', { level: 1, name: '登录' })
    expect(view.getByRole('alert').textContent).toContain('电子邮件地址或密码不正确。')
  })
})
