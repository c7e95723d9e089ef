import { screen, within } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { makeEnabledLegacy, makeToken } from '../../test-support/console-fixtures'
import { openApiPageCard } from '../../test-support/open-api-page'
import { click, press } from '../../test-support/render-console'

// The legacy reset dialog's code cannot be downloaded, as when the connection drops after the page.
vi.mock('../../components/legacy-tokens/LegacyResetDialog.vue', () => {
  throw new TypeError('Failed to fetch dynamically imported module: /assets/LegacyResetDialog.js')
})

const legacy = makeEnabledLegacy()

describe('a legacy reset whose dialog cannot be downloaded', () => {
  it('names the reset chosen in the error and in Retry’s name', async () => {
    await openApiPageCard(makeToken({ name: 'Finance import' }), {
      legacy: { get: vi.fn(async () => legacy) },
    })
    const section = await screen.findByRole('region', { name: 'Legacy Account Tokens' })
    await press(within(section).getByRole('button', { name: 'More' }), 'Enter')
    await click(await screen.findByRole('menuitem', { name: 'Reset (Read-Only)' }))

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not open Reset (Read-Only)')
    expect(within(alert).getByRole('button', { name: 'Retry opening Reset (Read-Only)' })).toBeTruthy()
  })
})
