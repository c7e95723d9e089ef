import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeToken } from '../test-support/console-fixtures'
import { fakeAdminApi } from '../test-support/fake-admin-api'
import { button, click, renderConsole, waitFor } from '../test-support/render-console'

const AUTH_TOKEN = 'tcat_0123456789abcdefghijklmnopqrSTUVWX'

afterEach(() => {
  vi.restoreAllMocks()
})

async function openCredentials() {
  const token = makeToken({ name: 'Nightly export', accountSid: 'TKsid00000000000000000001' })
  const reveal = vi.fn(async () => ({ accountSid: token.accountSid, authToken: AUTH_TOKEN }))
  const api = fakeAdminApi({
    tokens: { get: vi.fn(async () => token), reveal },
    users: { list: vi.fn(async () => []) },
    catalog: vi.fn(async () => {
      throw new Error('not needed')
    }),
  })
  await renderConsole(api, `/settings/api/tokens/${token.id}?tab=credentials`)
  await waitFor(() => expect(button('Copy Account SID')).toBeDefined())
  return { reveal, token }
}

function authTokenText(): string {
  return document.querySelector('[data-testid="auth-token-value"]')?.textContent ?? ''
}

describe('credentials of an existing token', () => {
  it('keeps the Auth Token masked, and unrequested, until the user asks to see it', async () => {
    const { reveal } = await openCredentials()
    expect(authTokenText()).not.toContain(AUTH_TOKEN)
    expect(reveal).not.toHaveBeenCalled()

    await click(button('Show Auth Token'))
    await waitFor(() => expect(authTokenText()).toContain(AUTH_TOKEN))
    expect(reveal).toHaveBeenCalledTimes(1)

    await click(button('Hide Auth Token'))
    expect(authTokenText()).not.toContain(AUTH_TOKEN)
  })

  it('says before a reveal that it is audited, and warns while the auth token is on screen', async () => {
    await openCredentials()
    const status = () => document.querySelector('[role="status"].masked-credentials__status')
    expect(document.body.textContent).toContain(
      'Showing or copying the auth token is recorded in the audit trail.',
    )
    expect(status()?.textContent?.trim()).toBe('')

    await click(button('Show Auth Token'))
    await waitFor(() =>
      expect(status()?.textContent).toContain('This reveal has been recorded in the audit trail.'),
    )
    await click(button('Hide Auth Token'))
    expect(status()?.textContent?.trim()).toBe('')
  })

  it('copies the Account SID to the clipboard and says Copied', async () => {
    const { token } = await openCredentials()
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    const copy = button('Copy Account SID')
    const status = copy?.parentElement?.querySelector('[role="status"]')
    expect(status?.textContent?.trim()).toBe('')

    await click(copy)
    expect(writeText).toHaveBeenCalledWith(token.accountSid)
    await waitFor(() => expect(status?.textContent?.trim()).toBe('Copied'))
  })

  it('copies the masked Auth Token without showing it on screen', async () => {
    const { reveal } = await openCredentials()
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()

    await click(button('Copy Auth Token'))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(AUTH_TOKEN))
    expect(reveal).toHaveBeenCalledTimes(1)
    expect(authTokenText()).not.toContain(AUTH_TOKEN)
  })
})
