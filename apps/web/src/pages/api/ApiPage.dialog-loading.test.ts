import { screen, within } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { click, renderWithConsole } from '../../test-support/render-console'

// The token action dialogs' code arrives only when the test lets it: a slow connection, on which
// the user chooses an action before it is there.
const arrival = vi.hoisted(() => {
  let arrive: () => void = () => undefined
  const arrived = new Promise<void>((resolve) => (arrive = resolve))
  return { arrived, arrive }
})
vi.mock('../../components/token-actions/TokenActionDialogs.vue', async (importOriginal) => {
  await arrival.arrived
  return importOriginal()
})

describe('a card action chosen while its dialog’s code is on its way', () => {
  it('shows the card’s More button busy and says “Opening…” politely after a short delay, until the dialog opens', async () => {
    const token = makeToken({ name: 'Finance import' })
    const list = vi.fn(async () => ({ items: [token], nextCursor: null }))
    const view = await renderWithConsole(fakeAdminApi({ tokens: { list } }), '/settings/api')
    await view.findByRole('heading', { level: 1, name: 'API' }, { timeout: 10_000 })
    const article = (await screen.findAllByRole('article', {}, { timeout: 10_000 }))[0] as HTMLElement
    const more = within(article).getByRole('button', { name: 'More' })
    await click(more)
    await click(await screen.findByRole('menuitem', { name: 'Disable' }, { timeout: 10_000 }))
    // Not at once: a download that takes a moment does not flash a spinner.
    expect(more.getAttribute('aria-busy')).toBeNull()

    await vi.waitFor(() => expect(more.getAttribute('aria-busy')).toBe('true'), { timeout: 2_000 })
    expect(more.querySelector('.spinner')).not.toBeNull()
    // Still operable: choosing another action replaces this one.
    expect(more.hasAttribute('disabled')).toBe(false)
    expect(screen.getByText('Opening…').closest('[role="status"]')).not.toBeNull()

    arrival.arrive()
    expect(await screen.findByRole('alertdialog', {}, { timeout: 10_000 })).toBeTruthy()
    expect(more.getAttribute('aria-busy')).toBeNull()
    expect(screen.queryByText('Opening…')).toBeNull()
  })
})
