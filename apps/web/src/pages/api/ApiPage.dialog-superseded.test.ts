import { screen, within } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { chooseFromMore, openApiPageCard } from '../../test-support/open-api-page'
import { click } from '../../test-support/render-console'

// The token action dialogs' code arrives only when the test lets it (a slow connection).
const arrival = await vi.hoisted(async () => (await import('../../test-support/held-arrival')).heldArrival())
vi.mock('../../components/token-actions/TokenActionDialogs.vue', (importOriginal) =>
  arrival.importOnArrival(importOriginal),
)

describe('another dialog chosen while a card action’s dialog is on its way', () => {
  it('runs only the last choice: the card’s dialog does not open over it when its code arrives', async () => {
    const token = makeToken({ name: 'Finance import' })
    const { more } = await openApiPageCard(token)
    await chooseFromMore(more, 'Disable')
    await vi.waitFor(() => expect(more.getAttribute('aria-busy')).toBe('true'), { timeout: 5_000 })

    // The user gives up waiting and enables legacy tokens instead.
    await click(await screen.findByRole('button', { name: 'Enable Legacy Tokens' }))
    const enable = await screen.findByRole('alertdialog')
    expect(within(enable).getByRole('button', { name: 'Enable Legacy Tokens' })).toBeTruthy()
    expect(more.getAttribute('aria-busy')).toBeNull()

    arrival.arrive()
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(screen.getAllByRole('alertdialog')).toHaveLength(1)
    expect(screen.queryByRole('alertdialog', { name: /Disable/ })).toBeNull()
  })
})
