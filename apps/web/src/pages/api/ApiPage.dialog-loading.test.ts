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

describe('a card action chosen while its dialog’s code is on its way', () => {
  it('shows the card’s More button busy and says “Opening…” politely after a short delay, until the dialog opens', async () => {
    const token = makeToken({ name: 'Finance import' })
    const { more } = await openApiPageCard(token)
    await chooseFromMore(more, 'Disable')
    // Not at once: a download that takes a moment does not flash a spinner.
    expect(more.getAttribute('aria-busy')).toBeNull()

    await vi.waitFor(() => expect(more.getAttribute('aria-busy')).toBe('true'), { timeout: 2_000 })
    expect(more.querySelector('.spinner')).not.toBeNull()
    // Still operable: choosing another action replaces this one.
    expect(more.hasAttribute('disabled')).toBe(false)
    expect(screen.getByText('Opening…').closest('[role="status"]')).not.toBeNull()

    arrival.arrive()
    expect(await screen.findByRole('alertdialog')).toBeTruthy()
    expect(more.getAttribute('aria-busy')).toBeNull()
    expect(screen.queryByText('Opening…')).toBeNull()
  })
})
