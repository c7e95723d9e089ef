import { DEFAULT_ACCOUNT_POLICY } from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeToken } from '../../test-support/console-fixtures'
import { openTokenPage } from '../../test-support/open-token-page'
import { button, byLabel, choose, click, descriptionOf, waitFor } from '../../test-support/render-console'

const dialog = () => waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
const noDialog = () => waitFor(() => expect(document.querySelector('[role="alertdialog"]')).toBeNull())

describe('the lifecycle dialogs', () => {
  it('shows why a rotation failed after a renewal was refused for its expiry', async () => {
    const token = makeToken({ name: 'CRM bridge' })
    const rotate = vi.fn(async () => {
      throw new ApiError(503, 'Busy')
    })
    const { view } = await openTokenPage(token, { tokens: { rotate } })

    // A custom expiry without a date is refused at the field, not under the dialog.
    await waitFor(() => expect(button('Renew')?.disabled).toBe(false))
    await click(button('Renew'))
    const renewDialog = await dialog()
    await choose(byLabel<HTMLSelectElement>('Expiry'), 'custom')
    await click(button('Renew', renewDialog))
    await waitFor(() => expect(renewDialog.textContent).toContain('Choose an expiry date.'))
    await click(button('Cancel', renewDialog))
    await noDialog()

    await view.router.push({ query: { tab: 'credentials' } })
    await click(await waitFor(() => button('Rotate Auth Token')))
    const rotateDialog = await dialog()
    await click(button('Rotate', rotateDialog))
    await waitFor(() => expect(rotate).toHaveBeenCalledTimes(1))
    await waitFor(() =>
      expect(rotateDialog.textContent).toContain('The service is busy. Try again in a moment.'),
    )
  })

  it('puts focus on the expiry date a renewal was refused for, which it is described by', async () => {
    await openTokenPage(makeToken({ name: 'CRM bridge' }))
    await waitFor(() => expect(button('Renew')?.disabled).toBe(false))
    await click(button('Renew'))
    const renewDialog = await dialog()
    await choose(byLabel<HTMLSelectElement>('Expiry'), 'custom')
    const renew = button('Renew', renewDialog)
    renew?.focus()
    await click(renew)

    const date = await waitFor(() => {
      const field = byLabel<HTMLInputElement>('Expiry date')
      expect(document.activeElement).toBe(field)
      return field as HTMLInputElement
    })
    expect(date.getAttribute('aria-invalid')).toBe('true')
    expect(descriptionOf(date)).toContain('Choose an expiry date.')
  })

  it('says that an expired token which is also disabled stays disabled after a renewal, beside both badges', async () => {
    const expiresAt = '2026-01-01T00:00:00.000Z'
    await openTokenPage(makeToken({ name: 'CRM bridge', state: 'expired', disabled: true, expiresAt }))
    await waitFor(() => expect(button('Renew')?.disabled).toBe(false))
    const badges = [...document.querySelectorAll('main .badge')].map((badge) => badge.textContent?.trim())
    expect(badges).toEqual(expect.arrayContaining(['Expired', 'Disabled']))
    expect(document.querySelector('main')?.textContent).toContain(
      'the auth token is refused until the token is renewed and enabled.',
    )
    await click(button('Renew'))
    const renewDialog = await dialog()
    expect(renewDialog.textContent).toContain(
      'it stays disabled, and its auth token refused, until you enable it.',
    )
    expect(renewDialog.textContent).not.toContain('an expired token works again')
  })

  it('promises an expired token that is not disabled that it works again once renewed, without a Disabled badge', async () => {
    const expiresAt = '2026-01-01T00:00:00.000Z'
    await openTokenPage(makeToken({ name: 'CRM bridge', state: 'expired', disabled: false, expiresAt }))
    await waitFor(() => expect(button('Renew')?.disabled).toBe(false))
    const badges = [...document.querySelectorAll('main .badge')].map((badge) => badge.textContent?.trim())
    expect(badges).toContain('Expired')
    expect(badges).not.toContain('Disabled')
    await click(button('Renew'))
    const renewDialog = await dialog()
    expect(renewDialog.textContent).toContain('an expired token works again')
  })

  it('writes the days the account policy allows in the language shown', async () => {
    const policy = { ...DEFAULT_ACCOUNT_POLICY, maxLifetimeDays: 3650 }
    await openTokenPage(makeToken({ name: 'CRM bridge' }), { policies: { get: vi.fn(async () => policy) } })
    await waitFor(() => expect(button('Renew')?.disabled).toBe(false))
    await click(button('Renew'))
    const renewDialog = await dialog()
    expect(renewDialog.textContent).toContain("This account's policy allows at most 3,650 days.")
  })
})
