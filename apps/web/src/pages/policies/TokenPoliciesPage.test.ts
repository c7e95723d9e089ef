import { DEFAULT_ACCOUNT_POLICY } from '@tokens/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeSession } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import {
  button,
  byLabel,
  choose,
  click,
  renderConsole,
  type,
  waitFor,
} from '../../test-support/render-console'

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

async function openPolicies(api = fakeAdminApi()) {
  const view = await renderConsole(api, '/settings/policies')
  unmount = view.unmount
  return api
}

describe('the token policies page', () => {
  it('loads the policy, and saves the changes with PUT', async () => {
    const update = vi.fn(async (input: object) => ({ ...DEFAULT_ACCOUNT_POLICY, ...input }))
    const api = await openPolicies(fakeAdminApi({ policies: { update } }))
    const require = await waitFor(
      () => byLabel<HTMLInputElement>('Require an expiry on new tokens') as HTMLInputElement,
    )
    expect(require.checked).toBe(false)
    expect(byLabel<HTMLSelectElement>('Disable tokens unused for')?.value).toBe('off')
    expect(document.body.textContent).toContain('Checked every hour')
    expect(document.body.textContent).toContain('Applied when secret scanning')

    await click(require)
    await type(byLabel<HTMLInputElement>('Maximum lifetime (days)') as HTMLInputElement, '90')
    await choose(byLabel<HTMLSelectElement>('Disable tokens unused for'), '180')
    await click(byLabel('Notify only'))
    await click(button('Save policies'))
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith({
        requireExpiry: true,
        maxLifetimeDays: 90,
        disableUnusedAfterDays: 180,
        leakResponse: 'notify',
      }),
    )
    expect(api.policies.get).toHaveBeenCalledTimes(1)
  })

  it('previews the tokens the chosen days would disable, each linking to its token, before saving', async () => {
    const previewUnused = vi.fn(async (days?: number) => ({
      days: days ?? null,
      total: 2,
      items: [
        {
          id: 'tok_never',
          name: 'Forgotten export',
          lastUsedAt: null,
          createdAt: '2026-01-05T10:00:00.000Z',
        },
        {
          id: 'tok_old',
          name: 'Old sync',
          lastUsedAt: '2026-02-01T10:00:00.000Z',
          createdAt: '2025-12-01T10:00:00.000Z',
        },
      ],
    }))
    await openPolicies(fakeAdminApi({ policies: { previewUnused } }))
    const select = await waitFor(
      () => byLabel<HTMLSelectElement>('Disable tokens unused for') as HTMLSelectElement,
    )
    expect(button('Preview')?.disabled).toBe(true)
    await choose(select, '90')
    await click(button('Preview'))
    await waitFor(() =>
      expect(document.body.textContent).toContain('2 tokens would be disabled now, unused for 90 days'),
    )
    expect(previewUnused).toHaveBeenCalledWith(90)
    const never = [...document.querySelectorAll('a')].find((a) => a.textContent === 'Forgotten export')
    expect(never?.getAttribute('href')).toContain('/tokens/tok_never')
    expect(never?.closest('li')?.textContent).toContain('Never')
    const old = [...document.querySelectorAll('a')].find((a) => a.textContent === 'Old sync')
    expect(old?.closest('li')?.querySelector('time')?.getAttribute('datetime')).toBe(
      '2026-02-01T10:00:00.000Z',
    )

    await choose(select, '180')
    await waitFor(() => expect(document.body.textContent).not.toContain('Forgotten export'))
  })

  it('says when no token would be disabled, and offers Retry when the preview fails', async () => {
    const previewUnused = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(0, 'NetworkUnavailable'))
      .mockResolvedValueOnce({ days: 30, total: 0, items: [] })
    await openPolicies(fakeAdminApi({ policies: { previewUnused } }))
    await choose(
      await waitFor(() => byLabel<HTMLSelectElement>('Disable tokens unused for') as HTMLSelectElement),
      '30',
    )
    await click(button('Preview'))
    await waitFor(() => expect(document.body.textContent).toContain('The preview could not be loaded'))
    await click(button('Retry'))
    await waitFor(() => expect(document.body.textContent).toContain('No token has gone unused for 30 days'))
    expect(previewUnused).toHaveBeenCalledTimes(2)
  })

  it('refuses a maximum lifetime out of range at its field and sends nothing', async () => {
    const api = await openPolicies()
    const max = await waitFor(() => byLabel<HTMLInputElement>('Maximum lifetime (days)') as HTMLInputElement)
    await type(max, '0')
    await click(button('Save policies'))
    await waitFor(() => expect(max.getAttribute('aria-invalid')).toBe('true'))
    expect(document.body.textContent).toContain('from 1 to 3650')
    expect(api.policies.update).not.toHaveBeenCalled()
  })

  it('says why the policy could not be loaded, and loads it again on Retry', async () => {
    const get = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(0, 'NetworkUnavailable'))
      .mockResolvedValueOnce({ ...DEFAULT_ACCOUNT_POLICY })
    await openPolicies(fakeAdminApi({ policies: { get } }))
    await click(await waitFor(() => button('Retry') as HTMLButtonElement))
    await waitFor(() => expect(byLabel('Require an expiry on new tokens')).toBeDefined())
  })

  it('is not offered to an Analyst, who gets the no-access page at its address', async () => {
    const api = fakeAdminApi({ session: { get: vi.fn(async () => makeSession({ role: 'analyst' })) } })
    await openPolicies(api)
    await waitFor(() => expect(document.querySelector('h1')?.textContent).toContain('No access'))
    expect(document.body.textContent).not.toContain('Token policies')
    expect(api.policies.get).not.toHaveBeenCalled()
  })
})
