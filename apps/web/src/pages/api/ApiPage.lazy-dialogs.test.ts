import type { TokenView } from '@tokens/core'
import { screen, within } from '@testing-library/vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { openApiPageCard } from '../../test-support/open-api-page'
import { click, press, type } from '../../test-support/render-console'

// The token action dialogs come after the page (lazily); here their code cannot be downloaded, as
// when the connection drops between the page's load and the first action.
vi.mock('../../components/token-actions/TokenActionDialogs.vue', () => {
  throw new TypeError('Failed to fetch dynamically imported module: /assets/TokenActionDialogs.js')
})

// Loading the page again (the remedy once the browser remembers the failure) is only recorded here.
const reloads = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../lazy-code/code-fetch-failures', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lazy-code/code-fetch-failures')>()),
  loadPageAgain: () => navigator.onLine && ++reloads.count > 0,
}))

afterEach(() => {
  vi.restoreAllMocks()
  reloads.count = 0
})

/** Chooses `action` from the [More] menu of the card of the token named `name`. */
async function chooseFromCard(name: string, action: string): Promise<void> {
  const card = screen.getAllByRole('article').find((article) => article.textContent?.includes(name))
  await press(card && within(card).getByRole('button', { name: 'More' }), 'Enter')
  await screen.findAllByRole('menuitem')
  await click(screen.getByRole('menuitem', { name: action }))
}

async function chooseDisable(): Promise<void> {
  await openApiPageCard(makeToken({ name: 'Finance import' }))
  await chooseFromCard('Finance import', 'Disable')
}

const failedMessage = 'This part could not be downloaded. Retry, or reload the console.'
/** Retry's accessible name once Disable on “Finance import” has failed to open. */
const retryDisable = 'Retry opening Disable for “Finance import”'

describe('a token action whose dialog cannot be downloaded', () => {
  it('says so in an error with Retry, focused, instead of opening nothing, and the page stays usable', async () => {
    await chooseDisable()
    const alert = (await screen.findByText(failedMessage)).closest('[role="alert"]')
    expect(within(alert as HTMLElement).getByRole('button', { name: retryDisable })).toBeTruthy()
    await vi.waitFor(() => expect(alert?.parentElement?.contains(document.activeElement)).toBe(true))
    expect(document.querySelector('[role="alertdialog"]')).toBeNull()
    expect(screen.getByRole('heading', { level: 2, name: 'Access tokens' })).toBeTruthy()
  })

  it('loads the page again on Retry when the code still cannot be had online', async () => {
    await chooseDisable()
    await screen.findByText(failedMessage)
    expect(reloads.count).toBe(0)
    await click(screen.getByRole('button', { name: retryDisable }))
    await vi.waitFor(() => expect(reloads.count).toBe(1), { timeout: 10_000 })
  })

  it('can be dismissed, from beside Retry in the error itself', async () => {
    await chooseDisable()
    const alert = (await screen.findByText(failedMessage)).closest('[role="alert"]') as HTMLElement
    const retry = within(alert).getByRole('button', { name: retryDisable })
    // One row of ways out, not a button floating under the alert where it seems to be the next section's.
    expect(within(retry.parentElement as HTMLElement).getByRole('button', { name: 'Dismiss' })).toBeTruthy()
    await click(within(alert).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByText(failedMessage)).toBeNull()
  })

  it('gives focus back to the More button the action came from when dismissed, not to the page body', async () => {
    await chooseDisable()
    const alert = (await screen.findByText(failedMessage)).closest('[role="alert"]')
    await vi.waitFor(() => expect(alert?.parentElement?.contains(document.activeElement)).toBe(true), {
      timeout: 5_000,
    })
    await click(screen.getByRole('button', { name: 'Dismiss' }))
    const article = screen.getAllByRole('article')[0] as HTMLElement
    await vi.waitFor(
      () => expect(document.activeElement).toBe(within(article).getByRole('button', { name: 'More' })),
      { timeout: 5_000 },
    )
  })

  it('takes the error away once another of the page’s dialogs is opened, so its Retry cannot run the old action', async () => {
    await chooseDisable()
    await screen.findByText(failedMessage)
    await click(screen.getByRole('button', { name: 'Enable Legacy Tokens' }))
    expect(await screen.findByRole('alertdialog')).toBeTruthy()
    expect(screen.queryByText(failedMessage)).toBeNull()
    expect(screen.queryByRole('button', { name: /^Retry/ })).toBeNull()
  })

  it('loads the page again when the action is chosen again online and its code still cannot be had', async () => {
    await chooseDisable()
    await screen.findByText(failedMessage)
    expect(reloads.count).toBe(0)
    const article = screen.getAllByRole('article')[0]
    await press(article && within(article).getByRole('button', { name: 'More' }), 'Enter')
    await click(await screen.findByRole('menuitem', { name: 'Disable' }))
    await vi.waitFor(() => expect(reloads.count).toBe(1), { timeout: 10_000 })
  })

  it('says the browser is offline when it is, and Retry offline keeps saying so', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    await chooseDisable()
    const offline = 'You appear to be offline. Check your connection, then retry.'
    expect(await screen.findByText(offline)).toBeTruthy()
    expect(document.querySelector('[role="alertdialog"]')).toBeNull()
    await click(screen.getByRole('button', { name: retryDisable }))
    expect(await screen.findByText(offline)).toBeTruthy()
    expect(reloads.count).toBe(0)
  })

  it('names the action and the token it was chosen on, in the error and in Retry’s name, among several cards', async () => {
    const tokens = [makeToken({ name: 'Finance import' }), makeToken({ name: 'CI deploy' })]
    await openApiPageCard(tokens[0] as TokenView, {
      tokens: { list: vi.fn(async () => ({ items: tokens, nextCursor: null })) },
    })
    await chooseFromCard('CI deploy', 'Reset')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not open Reset for “CI deploy”')
    expect(alert.textContent).toContain(failedMessage)
    expect(within(alert).getByRole('button', { name: 'Retry opening Reset for “CI deploy”' })).toBeTruthy()
    expect(alert.textContent).not.toContain('Finance import')
  })

  it('shows a token name holding markup as text in the error and Retry’s name, never as HTML', async () => {
    const name = '<img src=x onerror="window.__pwned=1"><b>CI</b> {name} @:states.retry'
    await openApiPageCard(makeToken({ name }))
    await chooseFromCard(name, 'Disable')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain(`Could not open Disable for “${name}”`)
    expect(within(alert).getByRole('button', { name: `Retry opening Disable for “${name}”` })).toBeTruthy()
    expect(alert.querySelector('img, b')).toBeNull()
    expect((window as { __pwned?: number }).__pwned).toBeUndefined()
  })

  describe('when the list changes after the failure', () => {
    /**
     * The API page listing two tokens, answering a search by name as the server does, once Disable
     * on “Finance import” has failed to open.
     */
    async function failDisableAmongTwoCards(): Promise<void> {
      const tokens = [makeToken({ name: 'Finance import' }), makeToken({ name: 'CI deploy' })]
      const list = vi.fn(async (query: { name?: string | undefined }) => ({
        items: tokens.filter((token) => token.name.toLowerCase().includes(query.name?.toLowerCase() ?? '')),
        nextCursor: null,
      }))
      await openApiPageCard(tokens[0] as TokenView, { tokens: { list } })
      await chooseFromCard('Finance import', 'Disable')
      await screen.findByText(failedMessage)
    }

    async function search(name: string): Promise<void> {
      await type(screen.getByLabelText('Search by Name'), name)
      await vi.waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(1), { timeout: 10_000 })
    }

    it('takes the error away once its token is no longer shown, so Retry cannot act on a token off screen', async () => {
      await failDisableAmongTwoCards()
      await search('CI')
      expect(screen.getByRole('article').textContent).toContain('CI deploy')
      expect(screen.queryByText(failedMessage)).toBeNull()
      expect(screen.queryByRole('button', { name: /^Retry/ })).toBeNull()
    })

    it('keeps the error while its token is still shown', async () => {
      await failDisableAmongTwoCards()
      await search('Finance')
      expect(screen.getByRole('article').textContent).toContain('Finance import')
      expect(screen.getByRole('button', { name: retryDisable })).toBeTruthy()
    })
  })
})
