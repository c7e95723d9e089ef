import { fireEvent, within } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeSession, makeToken } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { renderWithConsole, waitFor } from '../../test-support/render-console'

const PASTED = 'tcat_0123456789abcdefghijABCDEFGHIJ0123'

async function openCheck(overrides: Parameters<typeof fakeAdminApi>[0] = {}) {
  const api = fakeAdminApi(overrides)
  const view = await renderWithConsole(api, '/settings/credential-check')
  await view.findByRole('heading', { level: 1, name: 'Check a credential' })
  /** Pastes `value` into the field and presses Check. */
  async function checkPasted(value = PASTED): Promise<void> {
    const field = view.getByLabelText('Auth Token')
    await view.user.clear(field)
    await view.user.click(field)
    await view.user.paste(value)
    await view.user.click(view.getByRole('button', { name: 'Check' }))
  }
  /** The answer, a region named by its heading. */
  const answer = (name: string) => view.findByRole('region', { name })
  return { api, view, checkPasted, answer }
}

describe('Settings → Technical → Check a credential', () => {
  it('is listed under Technical for a token manager and takes a masked auth token with a Show toggle', async () => {
    const { view } = await openCheck()
    const settings = view.getByRole('navigation', { name: 'Settings' })
    expect(
      within(settings).getByRole('link', { name: 'Check a credential' }).getAttribute('aria-current'),
    ).toBe('page')
    const field = view.getByLabelText<HTMLInputElement>('Auth Token')
    expect(field.type).toBe('password')
    expect(field.name).toBe('')
    await view.user.click(view.getByRole('button', { name: 'Show Auth Token' }))
    expect(field.type).toBe('text')
    await view.user.click(view.getByRole('button', { name: 'Hide Auth Token' }))
    expect(field.type).toBe('password')
  })

  it("names this account's token with a link to it, sending the string in the body only", async () => {
    const token = makeToken({ id: 'tok_found', name: 'Order sync' })
    const checkCredential = vi.fn(async () => ({ match: 'this-account' as const, tokenId: 'tok_found' }))
    const { view, checkPasted, answer } = await openCheck({
      checkCredential,
      tokens: { get: vi.fn(async () => token) },
    })
    await checkPasted(`  ${PASTED}\n`)
    const found = await answer("This is the auth token of one of this account's tokens")
    expect(checkCredential).toHaveBeenCalledWith({ authToken: PASTED })
    expect(within(found).getByRole('link', { name: 'Order sync' }).getAttribute('href')).toBe(
      '/settings/api/tokens/tok_found',
    )
    expect(view.router.currentRoute.value.fullPath).toBe('/settings/credential-check')
  })

  it.each([
    { match: 'not-yours' as const, says: "This is not one of this account's auth tokens" },
    { match: 'unknown' as const, says: 'This is not an auth token we issued' },
  ])('answers $match as "$says"', async ({ match, says }) => {
    const { checkPasted, answer } = await openCheck({ checkCredential: vi.fn(async () => ({ match })) })
    await checkPasted()
    expect(within(await answer(says)).queryByRole('link')).toBeNull()
  })

  it('points a legacy credential of this account to the legacy tokens', async () => {
    const { checkPasted, answer } = await openCheck({
      checkCredential: vi.fn(async () => ({ match: 'this-account' as const })),
    })
    await checkPasted()
    const found = await answer("This is one of this account's legacy auth tokens")
    expect(within(found).getByRole('link').getAttribute('href')).toBe('/settings/api/legacy')
  })

  it('takes the answer away once the field changes', async () => {
    const { view, checkPasted, answer } = await openCheck({
      checkCredential: vi.fn(async () => ({ match: 'unknown' as const })),
    })
    await checkPasted()
    await answer('This is not an auth token we issued')
    await view.user.type(view.getByLabelText('Auth Token'), 'x')
    expect(view.queryByRole('region', { name: 'This is not an auth token we issued' })).toBeNull()
  })

  it('sends one check while it runs, however the form is submitted again', async () => {
    let answer!: (value: { match: 'unknown' }) => void
    const checkCredential = vi.fn(() => new Promise<{ match: 'unknown' }>((resolve) => (answer = resolve)))
    const { view, checkPasted } = await openCheck({ checkCredential })
    await checkPasted()
    await waitFor(() => expect(checkCredential).toHaveBeenCalledTimes(1))
    // Checks are rate-limited: a second request would only spend the allowance. Enter in the
    // field is held back by the busy Check button; a submission by any other way reaches check().
    const field = view.getByLabelText('Auth Token')
    await view.user.type(field, '{Enter}')
    await fireEvent.submit(field.closest('form') as HTMLFormElement)
    expect(checkCredential).toHaveBeenCalledTimes(1)
    answer({ match: 'unknown' })
    expect(await view.findByRole('region', { name: 'This is not an auth token we issued' })).toBeTruthy()
  })

  it('asks for a string before checking, without calling the API', async () => {
    const { api, view, checkPasted } = await openCheck()
    await checkPasted('   ')
    const field = view.getByLabelText('Auth Token')
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'))
    expect(field.getAttribute('aria-describedby')).toContain(view.getByText('This field is required.').id)
    expect(api.checkCredential).not.toHaveBeenCalled()
  })

  it('says how long to wait when checks are throttled (429)', async () => {
    const checkCredential = vi.fn(async () => {
      throw new ApiError(429, 'TooManyAttempts', '', { retryAfter: 540 })
    })
    const { view, checkPasted } = await openCheck({ checkCredential })
    await checkPasted()
    expect((await view.findByRole('alert')).textContent).toContain(
      'You have checked many credentials in a short time. Wait 9 minutes, then try again.',
    )
  })

  it('says why a check failed otherwise', async () => {
    const { view, checkPasted } = await openCheck({
      checkCredential: vi.fn(async () => {
        throw new ApiError(0, 'NetworkUnavailable')
      }),
    })
    await checkPasted()
    expect((await view.findByRole('alert')).textContent).toBeTruthy()
    expect(view.queryByRole('region', { name: /auth token|your tokens/ })).toBeNull()
  })

  it('words a failed check again in the language chosen after it', async () => {
    const { view, checkPasted } = await openCheck({
      checkCredential: vi.fn(async () => {
        throw new ApiError(503, 'Busy')
      }),
    })
    await checkPasted()
    expect((await view.findByRole('alert')).textContent).toBe('The service is busy. Try again in a moment.')
    await view.user.selectOptions(view.getByRole('combobox', { name: 'Language' }), 'zh-CN')
    await view.findByRole('heading', { level: 1, name: '检查凭证' })
    expect(view.getByRole('alert').textContent).toBe('服务繁忙。请稍后重试。')
  })

  it('shows an Analyst the no-access page at its address and no entry for it', async () => {
    const api = fakeAdminApi({ session: { get: vi.fn(async () => makeSession({ role: 'analyst' })) } })
    const view = await renderWithConsole(api, '/settings/credential-check')
    await view.findByRole('heading', { level: 1, name: 'No access' })
    expect(view.router.currentRoute.value.fullPath).toBe('/settings/credential-check')
    const settings = view.queryByRole('navigation', { name: 'Settings' })
    expect(settings && within(settings).queryByRole('link', { name: 'Check a credential' })).toBeFalsy()
  })
})
