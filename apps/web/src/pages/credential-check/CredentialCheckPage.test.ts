import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeSession, makeToken } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { button, byLabel, click, renderConsole, type, waitFor } from '../../test-support/render-console'

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

const PASTED = 'tcat_0123456789abcdefghijABCDEFGHIJ0123'

async function openCheck(overrides: Parameters<typeof fakeAdminApi>[0] = {}) {
  const api = fakeAdminApi(overrides)
  const view = await renderConsole(api, '/settings/credential-check')
  unmount = view.unmount
  await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe('Check a credential'))
  return { api, view }
}

async function checkPasted(value = PASTED): Promise<void> {
  await type(byLabel<HTMLInputElement>('Auth Token') as HTMLInputElement, value)
  await click(button('Check'))
}

const answer = () => document.querySelector('[role="status"] h2')?.textContent

describe('Settings → Technical → Check a credential', () => {
  it('is listed under Technical for a token manager and takes a masked auth token with a Show toggle', async () => {
    await openCheck()
    const link = [...document.querySelectorAll('nav[aria-label="Settings"] a')].find(
      (candidate) => candidate.textContent?.trim() === 'Check a credential',
    )
    expect(link?.getAttribute('aria-current')).toBe('page')
    const field = byLabel<HTMLInputElement>('Auth Token') as HTMLInputElement
    expect(field.type).toBe('password')
    expect(field.name).toBe('')
    await click(button('Show Auth Token'))
    expect(field.type).toBe('text')
    await click(button('Hide Auth Token'))
    expect(field.type).toBe('password')
  })

  it("names this account's token with a link to it, sending the string in the body only", async () => {
    const token = makeToken({ id: 'tok_found', name: 'Order sync' })
    const checkCredential = vi.fn(async () => ({ match: 'this-account' as const, tokenId: 'tok_found' }))
    const { view } = await openCheck({ checkCredential, tokens: { get: vi.fn(async () => token) } })
    await checkPasted(`  ${PASTED}\n`)
    await waitFor(() => expect(answer()).toBe("This is the auth token of one of this account's tokens"))
    expect(checkCredential).toHaveBeenCalledWith({ authToken: PASTED })
    const link = document.querySelector('[role="status"] a') as HTMLAnchorElement
    expect(link.textContent?.trim()).toBe('Order sync')
    expect(link.getAttribute('href')).toBe('/settings/api/tokens/tok_found')
    expect(view.router.currentRoute.value.fullPath).toBe('/settings/credential-check')
  })

  it.each([
    { match: 'not-yours' as const, says: 'This is not one of your tokens' },
    { match: 'unknown' as const, says: 'This is not an auth token we issued' },
  ])('answers $match as "$says"', async ({ match, says }) => {
    await openCheck({ checkCredential: vi.fn(async () => ({ match })) })
    await checkPasted()
    await waitFor(() => expect(answer()).toBe(says))
    expect(document.querySelector('[role="status"] a')).toBeNull()
  })

  it('points a legacy credential of this account to the legacy tokens', async () => {
    await openCheck({ checkCredential: vi.fn(async () => ({ match: 'this-account' as const })) })
    await checkPasted()
    await waitFor(() => expect(answer()).toBe("This is one of this account's legacy auth tokens"))
    expect(document.querySelector('[role="status"] a')?.getAttribute('href')).toBe('/settings/api/legacy')
  })

  it('takes the answer away once the field changes', async () => {
    await openCheck({ checkCredential: vi.fn(async () => ({ match: 'unknown' as const })) })
    await checkPasted()
    await waitFor(() => expect(answer()).toBeTruthy())
    await type(byLabel<HTMLInputElement>('Auth Token') as HTMLInputElement, 'something else')
    expect(answer()).toBeUndefined()
  })

  it('asks for a string before checking, without calling the API', async () => {
    const { api } = await openCheck()
    await checkPasted('   ')
    const field = byLabel<HTMLInputElement>('Auth Token') as HTMLInputElement
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(document.body.textContent).toContain('This field is required.')
    expect(api.checkCredential).not.toHaveBeenCalled()
  })

  it('says how long to wait when checks are throttled (429)', async () => {
    const checkCredential = vi.fn(async () => {
      throw new ApiError(429, 'TooManyAttempts', '', { retryAfter: 540 })
    })
    await openCheck({ checkCredential })
    await checkPasted()
    await waitFor(() =>
      expect(document.querySelector('[role="alert"]')?.textContent).toContain(
        'You have checked many credentials in a short time. Wait 9 minutes, then try again.',
      ),
    )
  })

  it('says why a check failed otherwise', async () => {
    await openCheck({
      checkCredential: vi.fn(async () => {
        throw new ApiError(0, 'NetworkUnavailable')
      }),
    })
    await checkPasted()
    await waitFor(() => expect(document.querySelector('[role="alert"]')?.textContent).toBeTruthy())
    expect(answer()).toBeUndefined()
  })

  it('shows an Analyst the no-access page at its address and no entry for it', async () => {
    const api = fakeAdminApi({ session: { get: vi.fn(async () => makeSession({ role: 'analyst' })) } })
    const view = await renderConsole(api, '/settings/credential-check')
    unmount = view.unmount
    await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe('No access'))
    expect(view.router.currentRoute.value.fullPath).toBe('/settings/credential-check')
    expect(document.querySelector('nav[aria-label="Settings"]')?.textContent).not.toContain(
      'Check a credential',
    )
  })
})
