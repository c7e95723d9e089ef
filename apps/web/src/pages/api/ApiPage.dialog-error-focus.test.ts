import type { TokenView } from '@tokens/core'
import { screen, within } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { openApiPageCard } from '../../test-support/open-api-page'
import { click, press, type } from '../../test-support/render-console'

// The token action dialogs' code cannot be downloaded (the connection dropped after the page came).
vi.mock('../../components/token-actions/TokenActionDialogs.vue', () => {
  throw new TypeError('Failed to fetch dynamically imported module: /assets/TokenActionDialogs.js')
})

/**
 * The API page listing two tokens, whose search by name is answered only when the test calls
 * `answerSearch`: a slow search, during which the cards found before stay on screen.
 */
async function openWithSlowSearch() {
  const tokens = [makeToken({ name: 'Finance import' }), makeToken({ name: 'CI deploy' })]
  let answerSearch: () => void = () => undefined
  const list = vi.fn((query: { name?: string | undefined }) => {
    const found = { items: tokens.filter((token) => token.name.includes(query.name ?? '')), nextCursor: null }
    return query.name === undefined
      ? Promise.resolve(found)
      : new Promise<typeof found>((resolve) => (answerSearch = () => resolve(found)))
  })
  await openApiPageCard(tokens[0] as TokenView, { tokens: { list } })
  return { list, answerSearch: () => answerSearch() }
}

/** Chooses `action` from the [More] menu of the card of the token named `name`. */
async function chooseFromCard(name: string, action: string): Promise<void> {
  const card = screen.getAllByRole('article').find((article) => article.textContent?.includes(name))
  await press(card && within(card).getByRole('button', { name: 'More' }), 'Enter')
  await screen.findAllByRole('menuitem')
  await click(screen.getByRole('menuitem', { name: action }))
}

describe('a dialog’s download error that holds focus when its token leaves the list', () => {
  it.each<[string, (alert: HTMLElement) => HTMLElement | null]>([
    ['the error', (alert) => alert.parentElement],
    [
      'its Retry',
      (alert) => within(alert).getByRole('button', { name: 'Retry opening Disable for “Finance import”' }),
    ],
  ])(
    'hands focus to the token list’s heading, not to the page’s body, when %s held it',
    async (_holder, focus) => {
      const { list, answerSearch } = await openWithSlowSearch()
      // A search is under way, and an action is chosen on a card it will leave out.
      await type(screen.getByLabelText('Search by Name'), 'CI')
      const searched = expect.objectContaining({ name: 'CI' })
      await vi.waitFor(() => expect(list).toHaveBeenCalledWith(searched, expect.anything()), {
        timeout: 10_000,
      })
      await chooseFromCard('Finance import', 'Disable')
      const alert = await screen.findByRole('alert')
      await vi.waitFor(() => expect(alert.parentElement?.contains(document.activeElement)).toBe(true), {
        timeout: 5_000,
      })
      focus(alert)?.focus()

      answerSearch()
      await vi.waitFor(() => expect(screen.queryByRole('alert')).toBeNull(), { timeout: 10_000 })
      expect(screen.getByRole('article').textContent).toContain('CI deploy')
      await vi.waitFor(() =>
        expect(document.activeElement).toBe(screen.getByRole('heading', { level: 2, name: 'Access tokens' })),
      )
    },
  )
})
