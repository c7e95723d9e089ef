import { within } from '@testing-library/vue'
import { DEFAULT_ACCOUNT_POLICY, type AccountPolicy, type UpdatePolicyInput } from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeSession } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { renderWithConsole, waitFor } from '../../test-support/render-console'

async function openPolicies(api = fakeAdminApi()) {
  const view = await renderWithConsole(api, '/settings/policies')
  return { api, ...view }
}

describe('the token policies page', () => {
  it('loads the policy, and saves the changes with PUT', async () => {
    const update = vi.fn(async (input: object) => ({ ...DEFAULT_ACCOUNT_POLICY, ...input }))
    // No token unused that long: nothing to name, so the save is not held by a question.
    const previewUnused = vi.fn(async () => ({ days: 180, total: 0, items: [] }))
    const { api, user, ...view } = await openPolicies(fakeAdminApi({ policies: { update, previewUnused } }))
    const require = await view.findByRole('checkbox', { name: 'Require an expiry on new tokens' })
    expect((require as HTMLInputElement).checked).toBe(false)
    const unused = view.getByRole<HTMLSelectElement>('combobox', { name: 'Disable tokens unused for' })
    expect(unused.value).toBe('off')
    expect(view.getByText(/Checked every hour/)).toBeTruthy()
    expect(view.getByText(/Applied when secret scanning/)).toBeTruthy()

    await user.click(require)
    await user.type(view.getByRole('textbox', { name: 'Maximum lifetime (days)' }), '90')
    await user.selectOptions(unused, '180')
    await user.click(view.getByRole('radio', { name: 'Notify only' }))
    await user.click(view.getByRole('button', { name: 'Save policies' }))
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

  it('names the tokens a stricter unused-token policy disables within the hour, and saves only once confirmed', async () => {
    const items = [
      'Forgotten export',
      'Old sync',
      'Nightly report',
      'Backfill',
      'Staging probe',
      'Test key',
    ].map((name, index) => ({
      id: `tok_${index}`,
      name,
      lastUsedAt: null,
      createdAt: '2026-01-05T10:00:00.000Z',
    }))
    const previewUnused = vi.fn(async (days?: number) => ({ days: days ?? null, total: 7, items }))
    const update = vi.fn(async (input: object) => ({ ...DEFAULT_ACCOUNT_POLICY, ...input }))
    const { user, ...view } = await openPolicies(fakeAdminApi({ policies: { update, previewUnused } }))
    await user.selectOptions(await view.findByRole('combobox', { name: 'Disable tokens unused for' }), '90')
    await user.click(view.getByRole('button', { name: 'Save policies' }))

    const dialog = await view.findByRole('alertdialog', { name: 'Save the unused-token policy?' })
    expect(previewUnused).toHaveBeenCalledWith(90)
    expect(dialog.textContent).toContain(
      '7 tokens will be disabled within the hour, unused for 90 days or more.',
    )
    const named = within(dialog)
      .getAllByRole('listitem')
      .map((item) => item.textContent?.trim())
    expect(named).toEqual(['Forgotten export', 'Old sync', 'Nightly report', 'Backfill', 'Staging probe'])
    expect(dialog.textContent).toContain('And 2 more not listed here.')
    expect(update).not.toHaveBeenCalled()

    await user.click(within(dialog).getByRole('button', { name: 'Save and disable' }))
    await waitFor(() => expect(update).toHaveBeenCalledWith({ disableUnusedAfterDays: 90 }))
    expect(await view.findByText('Token policies saved.')).toBeTruthy()
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())
  })

  it('sends nothing when the disabling is cancelled, the days chosen kept unsaved', async () => {
    const items = [{ id: 'tok_1', name: 'Old sync', lastUsedAt: null, createdAt: '2026-01-05T10:00:00.000Z' }]
    const previewUnused = vi.fn(async () => ({ days: 30, total: 1, items }))
    const update = vi.fn(async (input: object) => ({ ...DEFAULT_ACCOUNT_POLICY, ...input }))
    const { user, ...view } = await openPolicies(fakeAdminApi({ policies: { update, previewUnused } }))
    const select = await view.findByRole<HTMLSelectElement>('combobox', { name: 'Disable tokens unused for' })
    await user.selectOptions(select, '30')
    await user.click(view.getByRole('button', { name: 'Save policies' }))
    const dialog = await view.findByRole('alertdialog')
    expect(dialog.textContent).toContain(
      '1 token will be disabled within the hour, unused for 30 days or more.',
    )
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())
    expect(update).not.toHaveBeenCalled()
    expect(select.value).toBe('30')
  })

  it('asks when the days become fewer, and saves more days without asking', async () => {
    const stored = { ...DEFAULT_ACCOUNT_POLICY, disableUnusedAfterDays: 90 }
    const items = [{ id: 'tok_1', name: 'Old sync', lastUsedAt: null, createdAt: '2026-01-05T10:00:00.000Z' }]
    const previewUnused = vi.fn(async () => ({ days: 60, total: 1, items }))
    const update = vi.fn(async (input: object) => ({ ...stored, ...input }))
    const { user, ...view } = await openPolicies(
      fakeAdminApi({ policies: { get: vi.fn(async () => stored), update, previewUnused } }),
    )
    const select = await view.findByRole('combobox', { name: 'Disable tokens unused for' })
    await user.selectOptions(select, '60')
    await user.click(view.getByRole('button', { name: 'Save policies' }))
    await user.click(within(await view.findByRole('alertdialog')).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())

    await user.selectOptions(select, '180')
    await user.click(view.getByRole('button', { name: 'Save policies' }))
    await waitFor(() => expect(update).toHaveBeenCalledWith({ disableUnusedAfterDays: 180 }))
    expect(previewUnused).toHaveBeenCalledTimes(1)
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('saves nothing when the tokens it would disable cannot be read, and says why', async () => {
    const previewUnused = vi.fn(async () => {
      throw new ApiError(0, 'NetworkUnavailable')
    })
    const update = vi.fn(async (input: object) => ({ ...DEFAULT_ACCOUNT_POLICY, ...input }))
    const { user, ...view } = await openPolicies(fakeAdminApi({ policies: { update, previewUnused } }))
    await user.selectOptions(await view.findByRole('combobox', { name: 'Disable tokens unused for' }), '30')
    await user.click(view.getByRole('button', { name: 'Save policies' }))
    expect(await view.findByRole('alert')).toBeTruthy()
    expect(update).not.toHaveBeenCalled()
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('keeps a change made while the save was under way, still to be saved', async () => {
    let answer: () => void = () => undefined
    const update = vi.fn(
      (input: UpdatePolicyInput) =>
        new Promise<AccountPolicy>(
          (resolve) => (answer = () => resolve({ ...DEFAULT_ACCOUNT_POLICY, ...input } as AccountPolicy)),
        ),
    )
    const { user, router, ...view } = await openPolicies(fakeAdminApi({ policies: { update } }))
    await user.click(await view.findByRole('checkbox', { name: 'Require an expiry on new tokens' }))
    await user.click(view.getByRole('button', { name: 'Save policies' }))
    const notify = view.getByRole<HTMLInputElement>('radio', { name: 'Notify only' })
    await user.click(notify)
    answer()

    await view.findByText('Token policies saved.')
    expect(
      view.getByRole<HTMLInputElement>('checkbox', { name: 'Require an expiry on new tokens' }).checked,
    ).toBe(true)
    expect(notify.checked).toBe(true)
    await user.click(view.getByRole('link', { name: 'Audit trail' }))
    expect(await view.findByRole('alertdialog', { name: 'Leave without saving?' })).toBeTruthy()
    expect(router.currentRoute.value.name).toBe('policies')
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
    const { user, ...view } = await openPolicies(fakeAdminApi({ policies: { previewUnused } }))
    const select = await view.findByRole('combobox', { name: 'Disable tokens unused for' })
    const preview = view.getByRole<HTMLButtonElement>('button', { name: 'Preview' })
    expect(preview.disabled).toBe(true)
    await user.selectOptions(select, '90')
    await user.click(preview)
    expect(await view.findByText('2 tokens would be disabled now, unused for 90 days or more:')).toBeTruthy()
    expect(previewUnused).toHaveBeenCalledWith(90)
    const never = view.getByRole('link', { name: 'Forgotten export' })
    expect(never.getAttribute('href')).toContain('/tokens/tok_never')
    expect(within(never.closest('li') as HTMLElement).getByText('Never')).toBeTruthy()
    const old = view.getByRole('link', { name: 'Old sync' }).closest('li') as HTMLElement
    expect(old.querySelector('time')?.getAttribute('datetime')).toBe('2026-02-01T10:00:00.000Z')

    await user.selectOptions(select, '180')
    await waitFor(() => expect(view.queryByRole('link', { name: 'Forgotten export' })).toBeNull())
  })

  it('writes the preview’s figures in the language shown', async () => {
    const items = [{ id: 'tok_1', name: 'Old sync', lastUsedAt: null, createdAt: '2026-01-05T10:00:00.000Z' }]
    const previewUnused = vi.fn(async () => ({ days: 30, total: 1250, items }))
    const { user, ...view } = await openPolicies(fakeAdminApi({ policies: { previewUnused } }))
    await user.selectOptions(await view.findByRole('combobox', { name: 'Disable tokens unused for' }), '30')
    await user.click(view.getByRole('button', { name: 'Preview' }))
    expect(
      await view.findByText('1,250 tokens would be disabled now, unused for 30 days or more:'),
    ).toBeTruthy()
    expect(view.getByText('And 1,249 more not listed here.')).toBeTruthy()
  })

  it('says when no token would be disabled, and offers Retry when the preview fails, focus moving to its group', async () => {
    const previewUnused = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(0, 'NetworkUnavailable'))
      .mockResolvedValueOnce({ days: 30, total: 0, items: [] })
    const { user, ...view } = await openPolicies(fakeAdminApi({ policies: { previewUnused } }))
    await user.selectOptions(await view.findByRole('combobox', { name: 'Disable tokens unused for' }), '30')
    await user.click(view.getByRole('button', { name: 'Preview' }))
    expect((await view.findByRole('alert')).textContent).toContain('The preview could not be loaded')
    await user.click(view.getByRole('button', { name: 'Retry' }))
    expect(
      await view.findByText('No token has gone unused for 30 days: none would be disabled now.'),
    ).toBeTruthy()
    expect(previewUnused).toHaveBeenCalledTimes(2)
    // Where the failure was, not the top of the page: the keyboard goes on from the unused tokens.
    await waitFor(() =>
      expect(document.activeElement).toBe(view.getByText('Unused tokens', { selector: 'legend' })),
    )
  })

  it('refuses a maximum lifetime out of range at its field and sends nothing', async () => {
    const { api, user, ...view } = await openPolicies()
    const max = await view.findByRole('textbox', { name: 'Maximum lifetime (days)' })
    await user.type(max, '0')
    await user.click(view.getByRole('button', { name: 'Save policies' }))
    await waitFor(() => expect(max.getAttribute('aria-invalid')).toBe('true'))
    expect(max.getAttribute('aria-describedby')).toContain(view.getByText(/from 1 to 3650/).id)
    expect(api.policies.update).not.toHaveBeenCalled()
  })
  it('words a refused maximum lifetime and a failed save again in the language chosen after them', async () => {
    const update = vi.fn(async () => {
      throw new ApiError(503, 'Busy')
    })
    const { user, ...view } = await openPolicies(fakeAdminApi({ policies: { update } }))
    await user.click(await view.findByRole('button', { name: 'Save policies' }))
    expect((await view.findByRole('alert')).textContent).toBe('The service is busy. Try again in a moment.')
    const max = view.getByRole('textbox', { name: 'Maximum lifetime (days)' })
    await user.type(max, '0')
    await user.click(view.getByRole('button', { name: 'Save policies' }))
    await waitFor(() => expect(max.getAttribute('aria-invalid')).toBe('true'))

    await user.selectOptions(view.getByRole('combobox', { name: 'Language' }), 'zh-CN')
    await view.findByRole('heading', { level: 1, name: '令牌策略' })
    expect(view.getByText('请输入 1 到 3650 之间的整数天数，或留空。')).toBeTruthy()

    await user.clear(max)
    await user.click(view.getByRole('button', { name: '保存策略' }))
    expect((await view.findByRole('alert')).textContent).toBe('服务繁忙。请稍后重试。')
    await user.selectOptions(view.getByRole('combobox', { name: '语言' }), 'en')
    await view.findByRole('heading', { level: 1, name: 'Token policies' })
    expect(view.getByRole('alert').textContent).toBe('The service is busy. Try again in a moment.')
  })

  it('says why the policy could not be loaded, and loads it again on Retry, focus on the page heading', async () => {
    const get = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(0, 'NetworkUnavailable'))
      .mockResolvedValueOnce({ ...DEFAULT_ACCOUNT_POLICY })
    const { user, ...view } = await openPolicies(fakeAdminApi({ policies: { get } }))
    await user.click(await view.findByRole('button', { name: 'Retry' }))
    expect(await view.findByRole('checkbox', { name: 'Require an expiry on new tokens' })).toBeTruthy()
    // Retry went with the failure: focus continues at the page's heading, not at the document's start.
    await waitFor(() =>
      expect(document.activeElement).toBe(view.getByRole('heading', { level: 1, name: 'Token policies' })),
    )
  })

  it('asks before leaving unsaved changes, keeps them when the user stays, and leaves once confirmed', async () => {
    const { user, router, ...view } = await openPolicies()
    const require = await view.findByRole<HTMLInputElement>('checkbox', {
      name: 'Require an expiry on new tokens',
    })
    await user.click(require)

    await user.click(view.getByRole('link', { name: 'Audit trail' }))
    const dialog = await view.findByRole('alertdialog', { name: 'Leave without saving?' })
    expect(dialog.textContent).toContain(
      'You have unsaved changes to the token policies. Leave without saving them?',
    )
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())
    expect(router.currentRoute.value.name).toBe('policies')
    expect(require.checked).toBe(true)

    await user.click(view.getByRole('link', { name: 'Audit trail' }))
    const again = await view.findByRole('alertdialog', { name: 'Leave without saving?' })
    await user.click(within(again).getByRole('button', { name: 'Leave without saving' }))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('audit'))
  })

  it('has the browser ask before a reload or closing the tab only while there are unsaved changes', async () => {
    const { user, ...view } = await openPolicies()
    const unload = () => {
      const event = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(event)
      return event.defaultPrevented
    }
    const require = await view.findByRole('checkbox', { name: 'Require an expiry on new tokens' })
    expect(unload()).toBe(false)
    await user.click(require)
    expect(unload()).toBe(true)
    await user.click(require)
    expect(unload()).toBe(false)
    await user.click(require)
    view.unmount()
    expect(unload()).toBe(false)
  })

  it('sends the user to sign in when the session ends, unsaved changes or not', async () => {
    const { api, user, router, ...view } = await openPolicies()
    await user.click(await view.findByRole('checkbox', { name: 'Require an expiry on new tokens' }))

    vi.mocked(api.onSessionLost).mock.calls[0]?.[0]?.()
    await waitFor(() => expect(router.currentRoute.value.name).toBe('login'))
    expect(await view.findByRole('heading', { level: 1, name: 'Sign in' })).toBeTruthy()
  })

  it('leaves without asking once the changes are saved, or when nothing was changed', async () => {
    const update = vi.fn(async (input: object) => ({ ...DEFAULT_ACCOUNT_POLICY, ...input }))
    const api = fakeAdminApi({
      policies: { update },
      auditEvents: { list: vi.fn(async () => ({ items: [], nextCursor: null })) },
    })
    const { user, router, ...view } = await openPolicies(api)
    await user.click(await view.findByRole('radio', { name: 'Notify only' }))
    await user.click(view.getByRole('button', { name: 'Save policies' }))
    await waitFor(() => expect(update).toHaveBeenCalledTimes(1))

    await user.click(view.getByRole('link', { name: 'Audit trail' }))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('audit'))
    await user.click(view.getByRole('link', { name: 'Token policies' }))
    await view.findByRole('radio', { name: 'Notify only' })
    await user.click(view.getByRole('link', { name: 'Audit trail' }))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('audit'))
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('is not offered to an Analyst, who gets the no-access page at its address', async () => {
    const api = fakeAdminApi({ session: { get: vi.fn(async () => makeSession({ role: 'analyst' })) } })
    const view = await openPolicies(api)
    await view.findByRole('heading', { level: 1, name: 'No access' })
    expect(view.queryByText('Token policies')).toBeNull()
    expect(api.policies.get).not.toHaveBeenCalled()
  })
})
