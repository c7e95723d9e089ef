import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeCatalog, makeToken, makeUsers } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { button, click, renderConsole, type, waitFor } from '../../test-support/render-console'

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

/** The section marked current in the token page's left-hand section menu. */
function currentSection(): string | undefined {
  return document.querySelector('nav[aria-label="Token sections"] [aria-current="page"]')?.textContent?.trim()
}

async function openToken(
  token = makeToken({ name: 'Nightly export', description: 'Exports reports.' }),
  overrides = {},
  query = '',
) {
  const update = vi.fn(async (_id: string, input: object) => ({ ...token, ...input }))
  const api = fakeAdminApi({
    tokens: { get: vi.fn(async () => token), update, ...overrides },
    users: { list: vi.fn(async () => makeUsers()) },
    catalog: vi.fn(async (apiVersion?: string) => makeCatalog(apiVersion)),
  })
  const view = await renderConsole(api, `/settings/api/tokens/${token.id}${query}`)
  unmount = view.unmount
  await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe(token.name))
  return { api, update, view, token }
}

describe('the token page', () => {
  it('asks before Update, then sends only what changed', async () => {
    const { update, token } = await openToken()
    expect((button('Update') as HTMLButtonElement).disabled).toBe(true)

    await type(document.getElementById('token-description') as HTMLTextAreaElement, 'Exports reports nightly.')
    expect(document.body.textContent).toContain('1 unsaved change')
    await click(button('Update'))
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    expect(dialog.textContent).toContain('Description')
    expect(update).not.toHaveBeenCalled()

    await click(button('Update', dialog))
    await waitFor(() => expect(update).toHaveBeenCalledWith(token.id, { description: 'Exports reports nightly.' }))
    await waitFor(() => expect(document.body.textContent).toContain('No unsaved changes'))
  })

  it('keeps the user on the page with the reason when the server cannot save the change', async () => {
    const refuse = vi.fn(async () => {
      throw new ApiError(507, 'StorageFull')
    })
    await openToken(undefined, { update: refuse })
    await type(document.getElementById('token-name') as HTMLInputElement, 'Order sync')
    await click(button('Update'))
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    await click(button('Update', dialog))
    await waitFor(() => expect(dialog.textContent).toContain('The change could not be saved because storage is full.'))
    expect(refuse).toHaveBeenCalledTimes(1)
    expect(document.querySelector('[role="alertdialog"]')).not.toBeNull()
  })

  it('opens the API Scopes section from the address and marks an emptied scope list before sending', async () => {
    const token = makeToken({ name: 'Reports reader', scopes: ['GET /Reports'] })
    const { update } = await openToken(token, {}, '?tab=scopes')
    expect(currentSection()).toBe('API Scopes')
    await waitFor(() => expect(document.querySelector('[role="checkbox"][aria-label="GET /Reports"]')).not.toBeNull())

    await click(button('Clear All'))
    await click(button('Update'))
    expect(document.querySelector('[role="alertdialog"]')).toBeNull()
    expect(document.getElementById('token-scopes-error')?.textContent).toBe('Choose at least one scope.')
    expect(update).not.toHaveBeenCalled()
  })

  it('opens the section of a refused field from another section, shows why, and drops the message once it is fixed', async () => {
    const token = makeToken({ name: 'Reports reader', scopes: ['GET /Reports'] })
    const { view } = await openToken(token, {}, '?tab=scopes')
    await waitFor(() => expect(document.querySelector('[role="checkbox"][aria-label="GET /Reports"]')).not.toBeNull())
    await click(button('Clear All'))
    await view.router.replace({ query: {} })
    await waitFor(() =>
      expect(currentSection()).toBe('Overview'),
    )

    await click(button('Update'))
    await waitFor(() =>
      expect(currentSection()).toBe('API Scopes'),
    )
    const error = await waitFor(() => document.getElementById('token-scopes-error') as HTMLElement)
    await waitFor(() => expect(document.activeElement).toBe(error))

    await click(document.querySelector('[role="switch"][aria-labelledby$="-reports"]'))
    await click(document.querySelector('[role="checkbox"][aria-label="GET /Reports"]'))
    expect(document.getElementById('token-scopes-error')).toBeNull()
  })

  it('says so when the token no longer exists', async () => {
    const api = fakeAdminApi({
      tokens: {
        get: vi.fn(async () => {
          throw new ApiError(404, 'TokenNotFound')
        }),
      },
      users: { list: vi.fn(async () => []) },
    })
    const view = await renderConsole(api, '/settings/api/tokens/tok_gone')
    unmount = view.unmount
    await waitFor(() => expect(document.body.textContent).toContain('This token no longer exists'))
  })
})
