import type { TokenView } from '@tokens/core'
import { screen, within } from '@testing-library/vue'
import { vi } from 'vitest'
import { fakeAdminApi } from './fake-admin-api'
import { click, renderWithConsole } from './render-console'

/**
 * Opens the API page on a fake API that lists `token` alone (`overrides` add calls, token calls
 * included) and answers once its card is there, with the card's More button.
 */
export async function openApiPageCard(
  token: TokenView,
  overrides: NonNullable<Parameters<typeof fakeAdminApi>[0]> = {},
) {
  const list = vi.fn(async () => ({ items: [token], nextCursor: null }))
  const view = await renderWithConsole(
    fakeAdminApi({ ...overrides, tokens: { list, ...overrides.tokens } }),
    '/settings/api',
  )
  await view.findByRole('heading', { level: 1, name: 'API' })
  const card = (await screen.findAllByRole('article'))[0] as HTMLElement
  return { view, card, more: within(card).getByRole('button', { name: 'More' }) }
}

/** Chooses `action` from a card's More menu with the pointer, once the menu shows its items. */
export async function chooseFromMore(more: HTMLElement, action: string): Promise<void> {
  await click(more)
  await click(await screen.findByRole('menuitem', { name: action }))
}
