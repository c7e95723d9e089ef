import { screen } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { chooseFromMore, openApiPageCard } from '../../test-support/open-api-page'

// The token action dialogs' code arrives only when the test lets it: a slow connection, on which
// the user chooses an action before it is there.
const arrival = await vi.hoisted(async () => (await import('../../test-support/held-arrival')).heldArrival())
vi.mock('../../components/token-actions/TokenActionDialogs.vue', (importOriginal) =>
  arrival.importOnArrival(importOriginal),
)

describe('a card action chosen again while the dialogs’ code is on its way', () => {
  it('is run once, as chosen last, not once per choice when the code arrives', async () => {
    const token = makeToken({ name: 'Finance import', state: 'disabled' })
    const enable = vi.fn(async () => ({ ...token, state: 'enabled' as const, disabled: false }))
    const { more } = await openApiPageCard(token, { tokens: { enable } })
    for (let choice = 0; choice < 2; choice++) {
      await chooseFromMore(more, 'Enable')
    }
    expect(enable).not.toHaveBeenCalled()

    arrival.arrive()
    await screen.findByText('“Finance import” was enabled.')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(enable).toHaveBeenCalledOnce()
    expect(screen.getAllByText('“Finance import” was enabled.')).toHaveLength(1)
  })
})
