import { DEFAULT_ACCOUNT_POLICY } from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { makeToken } from '../../test-support/console-fixtures'
import { openTokenPage } from '../../test-support/open-token-page'
import { button, click, press, settle, waitFor } from '../../test-support/render-console'

// The code of a part loaded later never arrives: the Duplicate dialog shows its expiry's skeleton for good.
vi.mock('../lazy-part', async (importOriginal) => {
  const real = await importOriginal<typeof import('../lazy-part')>()
  return { lazyPart: () => real.lazyPart(() => new Promise(() => {})) }
})

describe('the Duplicate dialog while its expiry field loads', () => {
  it('keeps Duplicate disabled, so no expiry the user has not seen is sent', async () => {
    const token = makeToken({ name: 'Forever feed', expiresAt: null })
    const duplicate = vi.fn()
    const policy = { ...DEFAULT_ACCOUNT_POLICY, requireExpiry: true, maxLifetimeDays: 30 }
    const { api } = await openTokenPage(token, {
      tokens: { duplicate },
      policies: { get: vi.fn(async () => policy) },
    })
    await waitFor(() => expect(api.policies.get).toHaveBeenCalled())
    await settle()
    await press(document.querySelector('button[aria-label="More"]'), 'Enter')
    const item = await waitFor(() => {
      const found = [...document.querySelectorAll<HTMLElement>('[role="menuitem"]')].find(
        (candidate) => candidate.textContent?.trim() === 'Duplicate',
      )
      expect(found).toBeDefined()
      return found
    })
    await click(item)
    const asked = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    const confirm = button('Duplicate', asked) as HTMLButtonElement
    expect(confirm.disabled).toBe(true)
    await click(confirm)
    expect(duplicate).not.toHaveBeenCalled()
  })
})
