import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeCatalog, makeToken, makeUsers } from '../test-support/console-fixtures'
import { fakeAdminApi } from '../test-support/fake-admin-api'
import { renderConsole, waitFor } from '../test-support/render-console'

// Names and descriptions are stored exactly as typed (the API refuses only invisible and
// direction-changing characters), so markup in them must reach the page as text.
const MARKUP_NAME = '<img src=x onerror="window.__pwned=1"><b>Export</b>'
const MARKUP_DESCRIPTION = '<script>window.__pwned=1</script>Nightly & <i>weekly</i>'

afterEach(() => {
  delete (window as { __pwned?: number }).__pwned
})

function expectNoInjectedMarkup() {
  expect(document.querySelector('img[src="x"], b, i, script')).toBeNull()
  expect((window as { __pwned?: number }).__pwned).toBeUndefined()
}

describe('token text from the server', () => {
  it('shows a name and description holding markup as text on the API page cards', async () => {
    const token = makeToken({ name: MARKUP_NAME, description: MARKUP_DESCRIPTION })
    const api = fakeAdminApi({ tokens: { list: vi.fn(async () => ({ items: [token], nextCursor: null })) } })
    await renderConsole(api, '/settings/api')

    const heading = await waitFor(() => {
      const found = [...document.querySelectorAll('article h3')].find(
        (h) => h.textContent?.trim() === MARKUP_NAME,
      )
      expect(found).toBeDefined()
      return found as HTMLElement
    })
    expect(heading.closest('article')?.textContent).toContain(MARKUP_DESCRIPTION)
    expectNoInjectedMarkup()
  })

  it('shows them as text on the token page', async () => {
    const token = makeToken({ name: MARKUP_NAME, description: MARKUP_DESCRIPTION })
    const api = fakeAdminApi({
      tokens: { get: vi.fn(async () => token) },
      users: { list: vi.fn(async () => makeUsers()) },
      catalog: vi.fn(async (apiVersion?: string) => makeCatalog(apiVersion)),
    })
    await renderConsole(api, `/settings/api/tokens/${token.id}`)

    await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe(MARKUP_NAME))
    expect((document.getElementById('token-description') as HTMLTextAreaElement).value).toBe(
      MARKUP_DESCRIPTION,
    )
    expectNoInjectedMarkup()
  })
})
