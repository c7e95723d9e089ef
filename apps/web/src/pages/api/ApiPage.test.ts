import { screen, within } from '@testing-library/vue'
import type { TokenView } from '@tokens/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TokenListQuery } from '../../api/admin-api'
import {
  makeEnabledLegacy,
  makeSession,
  makeToken,
  NEW_CREDENTIALS,
} from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import {
  button,
  byLabel,
  choose,
  click,
  press,
  renderWithConsole,
  settle,
  type,
  waitFor,
} from '../../test-support/render-console'

afterEach(() => vi.useRealTimers())

/** A token's card: the article its heading names. */
function card(name: string): HTMLElement | undefined {
  return screen
    .queryAllByRole('article')
    .find((article) => within(article).queryByRole('heading', { name }) !== null)
}

async function openApiPage(api: ReturnType<typeof fakeAdminApi>, path = '/settings/api') {
  const view = await renderWithConsole(api, path)
  await view.findByRole('heading', { level: 1, name: 'API' })
  return view
}

async function openMoreMenu(name: string): Promise<string[]> {
  const found = card(name)
  await press(found && within(found).getByRole('button', { name: 'More' }), 'Enter')
  const items = await screen.findAllByRole('menuitem')
  return items.map((item) => item.textContent?.trim() ?? '')
}

function menuItem(label: string): HTMLElement | undefined {
  return screen.queryByRole('menuitem', { name: label }) ?? undefined
}

/** The confirmation dialog, once it has opened. */
function confirmDialog(): Promise<HTMLElement> {
  return waitFor(() => {
    const found = document.querySelector<HTMLElement>('[role="alertdialog"]')
    expect(found).not.toBeNull()
    return found as HTMLElement
  })
}

/**
 * Opens the API page listing only `token`, the tokens API answering with `actions`, and chooses
 * `item` from the token's More menu; answers the confirmation dialog that opens.
 */
async function chooseForOnlyToken(
  token: TokenView,
  actions: Omit<NonNullable<Parameters<typeof fakeAdminApi>[0]>['tokens'], 'list'>,
  item: string,
): Promise<HTMLElement> {
  const list = vi.fn(async () => ({ items: [token], nextCursor: null }))
  await openApiPage(fakeAdminApi({ tokens: { list, ...actions } }))
  await openMoreMenu(token.name)
  await click(menuItem(item))
  return confirmDialog()
}

describe('the API page filters', () => {
  it('reads the filters from the URL, so a shared link shows the same view', async () => {
    const list = vi.fn(async (_query: TokenListQuery) => ({
      items: [makeToken({ name: 'Finance import', state: 'disabled' })],
      nextCursor: null,
    }))
    await openApiPage(
      fakeAdminApi({ tokens: { list } }),
      '/settings/api?name=finance&created=older30&state=disabled',
    )

    expect(list).toHaveBeenLastCalledWith(
      expect.objectContaining({ name: 'finance', created: 'older30', state: 'disabled' }),
      expect.anything(),
    )
    expect((byLabel('Search by Name') as HTMLInputElement).value).toBe('finance')
    expect((byLabel('Created On') as HTMLSelectElement).value).toBe('older30')
    expect((byLabel('State') as HTMLSelectElement).value).toBe('disabled')
  })

  it('writes a changed filter into the URL and reloads the list for it', async () => {
    const list = vi.fn(async () => ({ items: [makeToken()], nextCursor: null }))
    const view = await openApiPage(fakeAdminApi({ tokens: { list } }))

    await choose(byLabel<HTMLSelectElement>('State'), 'enabled')
    await waitFor(() => expect(view.router.currentRoute.value.query).toEqual({ state: 'enabled' }))
    await choose(byLabel<HTMLSelectElement>('Created On'), 'last7')
    await waitFor(() =>
      expect(view.router.currentRoute.value.query).toEqual({ state: 'enabled', created: 'last7' }),
    )
    await type(byLabel<HTMLInputElement>('Search by Name') as HTMLInputElement, 'Report')
    await waitFor(() => expect(view.router.currentRoute.value.query['name']).toBe('Report'))
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        expect.objectContaining({ name: 'Report', created: 'last7', state: 'enabled' }),
        expect.anything(),
      ),
    )
  })

  it('waits until typing pauses before searching', async () => {
    const list = vi.fn(async () => ({ items: [makeToken()], nextCursor: null }))
    const view = await openApiPage(fakeAdminApi({ tokens: { list } }))
    const callsBefore = list.mock.calls.length
    const search = byLabel<HTMLInputElement>('Search by Name') as HTMLInputElement

    search.value = 'Rep'
    search.dispatchEvent(new Event('input', { bubbles: true }))
    search.value = 'Repo'
    search.dispatchEvent(new Event('input', { bubbles: true }))
    expect(view.router.currentRoute.value.query['name']).toBeUndefined()
    await waitFor(() => expect(view.router.currentRoute.value.query['name']).toBe('Repo'))
    expect(list.mock.calls.length).toBe(callsBefore + 1)
  })

  it('Clear All resets every filter and removes them from the URL', async () => {
    const view = await openApiPage(
      fakeAdminApi({ tokens: { list: vi.fn(async () => ({ items: [makeToken()], nextCursor: null })) } }),
      '/settings/api?name=report&created=last30&state=enabled',
    )
    await click(button('Clear All'))
    await waitFor(() => expect(view.router.currentRoute.value.query).toEqual({}))
    expect((byLabel('Search by Name') as HTMLInputElement).value).toBe('')
    expect((byLabel('State') as HTMLSelectElement).value).toBe('any')
  })

  it('tells "no tokens yet" apart from "nothing matches these filters"', async () => {
    const empty = await openApiPage(fakeAdminApi())
    expect(document.body.textContent).toContain('No access tokens yet')
    empty.unmount()

    await openApiPage(fakeAdminApi(), '/settings/api?state=disabled')
    expect(document.body.textContent).toContain('No tokens match these filters')
    expect(button('Clear all filters')).toBeDefined()
  })

  it('shows the count on arrival without saying it, then says in the same live region how many tokens a filter shows, none included', async () => {
    const list = vi.fn(async (query: TokenListQuery) => ({
      items: query.state === 'disabled' ? [] : [makeToken({ name: 'Order sync' })],
      nextCursor: null,
    }))
    await openApiPage(fakeAdminApi({ tokens: { list } }))
    const tokens = screen.getByRole('region', { name: 'Access tokens' })
    const live = tokens.querySelector('[aria-live]')
    await waitFor(() => expect(card('Order sync')).toBeDefined())
    await settle()
    expect(live?.textContent?.trim()).toBe('1 token shown')
    expect(live?.getAttribute('aria-live')).toBe('off')

    await choose(byLabel<HTMLSelectElement>('State'), 'enabled')
    await waitFor(() => expect(live?.getAttribute('aria-live')).toBe('polite'))
    expect(live?.textContent?.trim()).toBe('1 token shown')
    await choose(byLabel<HTMLSelectElement>('State'), 'disabled')
    await waitFor(() => expect(live?.textContent?.trim()).toBe('0 tokens shown'))
    expect(live?.isConnected).toBe(true)
    expect(document.body.textContent).toContain('No tokens match these filters')
  })

  it('offers Retry when the list cannot be loaded, and shows the tokens once it can', async () => {
    const list = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('offline'))
      .mockResolvedValue({ items: [makeToken({ name: 'Back online' })], nextCursor: null })
    await openApiPage(fakeAdminApi({ tokens: { list } }))
    expect(document.querySelector('[role="alert"]')?.textContent).toContain(
      'Access tokens could not be loaded',
    )
    await click(button('Retry'))
    await waitFor(() => expect(card('Back online')).toBeDefined())
  })

  it('holds no legacy place while loading for an account without legacy tokens, so the list never jumps', async () => {
    let answer: (view: { enabled: false }) => void = () => {}
    const legacyGet = vi.fn(() => new Promise<{ enabled: false }>((resolve) => (answer = resolve)))
    const list = vi.fn(async () => ({ items: [makeToken({ name: 'Listed' })], nextCursor: null }))
    await openApiPage(fakeAdminApi({ tokens: { list }, legacy: { get: legacyGet } }))
    await waitFor(() => expect(card('Listed')).toBeDefined())
    expect(screen.queryByRole('region', { name: 'Legacy Account Tokens' })).toBeNull()
    answer({ enabled: false })
    await waitFor(() => expect(screen.getByRole('button', { name: 'Enable Legacy Tokens' })).toBeDefined())
    expect(screen.queryByRole('region', { name: 'Legacy Account Tokens' })).toBeNull()
  })

  it('holds the legacy card’s place with a busy skeleton while the legacy tokens load', async () => {
    let answer: (view: ReturnType<typeof makeEnabledLegacy>) => void = () => {}
    const legacyGet = vi.fn(
      () => new Promise<ReturnType<typeof makeEnabledLegacy>>((resolve) => (answer = resolve)),
    )
    const list = vi.fn(async () => ({ items: [makeToken({ name: 'Listed' })], nextCursor: null }))
    const withLegacy = makeSession()
    withLegacy.account.legacyEnabledAt = '2026-01-01T00:00:00.000Z'
    await openApiPage(
      fakeAdminApi({
        session: { get: async () => withLegacy },
        tokens: { list },
        legacy: { get: legacyGet },
      }),
    )
    await waitFor(() => expect(card('Listed')).toBeDefined())

    const section = screen.getByRole('region', { name: 'Legacy Account Tokens' })
    expect(section.querySelector('[aria-busy="true"]')).not.toBeNull()
    expect(within(section).getByRole('status').textContent).toBe('Loading…')

    answer(makeEnabledLegacy())
    await waitFor(() => expect(card('Legacy Account Tokens')).toBeDefined())
    expect(
      screen.getByRole('region', { name: 'Legacy Account Tokens' }).querySelector('[aria-busy]'),
    ).toBeNull()
  })

  it('names the part that failed when the legacy tokens cannot be loaded, and retries only that part', async () => {
    const legacyGet = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('offline'))
      .mockResolvedValue({ enabled: false })
    const list = vi.fn(async () => ({ items: [makeToken({ name: 'Still listed' })], nextCursor: null }))
    await openApiPage(fakeAdminApi({ tokens: { list }, legacy: { get: legacyGet } }))
    await waitFor(() => expect(card('Still listed')).toBeDefined())

    const alerts = [...document.querySelectorAll('[role="alert"]')]
    expect(alerts).toHaveLength(1)
    expect(alerts[0]?.textContent).toContain('Legacy Account Tokens could not be loaded')
    expect(button('Enable Legacy Tokens')).toBeUndefined()

    await click(button('Retry'))
    await waitFor(() => expect(button('Enable Legacy Tokens')).toBeDefined())
    expect(document.querySelector('[role="alert"]')).toBeNull()
    expect(list).toHaveBeenCalledTimes(1)
  })

  it('loads the next page with the keyset cursor', async () => {
    const list = vi
      .fn()
      .mockResolvedValueOnce({ items: [makeToken({ name: 'First page' })], nextCursor: 'cursor-2' })
      .mockResolvedValueOnce({ items: [makeToken({ name: 'Second page' })], nextCursor: null })
    await openApiPage(fakeAdminApi({ tokens: { list } }))
    await click(button('Load more'))
    await waitFor(() => expect(card('Second page')).toBeDefined())
    expect(list).toHaveBeenLastCalledWith(
      expect.objectContaining({ cursor: 'cursor-2' }),
      expect.any(AbortSignal),
    )
    expect(card('First page')).toBeDefined()
    expect(button('Load more')).toBeUndefined()
  })
})

describe('the [More] menu of a token card', () => {
  it('offers Upgrade Version only for a token that is not on the latest version', async () => {
    const tokens = [
      makeToken({ name: 'Old version', apiVersion: 'v13' }),
      makeToken({ name: 'Latest', apiVersion: 'v14' }),
    ]
    await openApiPage(
      fakeAdminApi({ tokens: { list: vi.fn(async () => ({ items: tokens, nextCursor: null })) } }),
    )

    expect(await openMoreMenu('Old version')).toEqual([
      'Duplicate',
      'Reset',
      'Upgrade Version',
      'Disable',
      'Delete',
    ])
    await press(document.querySelector('[role="menu"]'), 'Escape')
    await waitFor(() => expect(document.querySelector('[role="menu"]')).toBeNull())
    expect(await openMoreMenu('Latest')).toEqual(['Duplicate', 'Reset', 'Disable', 'Delete'])
  })

  it('offers Enable for a disabled token and enables it without asking', async () => {
    const disabled = makeToken({ name: 'Paused', state: 'disabled' })
    const enable = vi.fn(async () => ({ ...disabled, state: 'enabled' as const, disabled: false }))
    await openApiPage(
      fakeAdminApi({
        tokens: { list: vi.fn(async () => ({ items: [disabled], nextCursor: null })), enable },
      }),
    )
    expect(await openMoreMenu('Paused')).toEqual(['Duplicate', 'Reset', 'Enable', 'Delete'])
    await click(menuItem('Enable'))
    await waitFor(() => expect(enable).toHaveBeenCalledWith(disabled.id))
    await waitFor(() => expect(card('Paused')?.textContent).toContain('Enabled'))
  })

  it('keeps each card busy while its own Enable runs, whichever answers first', async () => {
    const first = makeToken({ name: 'Paused one', state: 'disabled' })
    const second = makeToken({ name: 'Paused two', state: 'disabled' })
    const answers = new Map<string, () => void>()
    const enable = vi.fn(
      (id: string) =>
        new Promise<TokenView>((resolve) => {
          const token = id === first.id ? first : second
          answers.set(id, () => resolve({ ...token, state: 'enabled', disabled: false }))
        }),
    )
    await openApiPage(
      fakeAdminApi({
        tokens: { list: vi.fn(async () => ({ items: [first, second], nextCursor: null })), enable },
      }),
    )
    const more = (name: string) => within(card(name) as HTMLElement).getByRole('button', { name: 'More' })
    await openMoreMenu('Paused one')
    await click(menuItem('Enable'))
    await waitFor(() => expect(enable).toHaveBeenCalledTimes(1))
    await openMoreMenu('Paused two')
    await click(menuItem('Enable'))
    await waitFor(() => expect(enable).toHaveBeenCalledTimes(2))

    answers.get(first.id)?.()
    await waitFor(() => expect(card('Paused one')?.textContent).toContain('Enabled'))
    // The first answer does not end the second's wait.
    expect(more('Paused two').getAttribute('aria-busy')).toBe('true')
    answers.get(second.id)?.()
    await waitFor(() => expect(more('Paused two').getAttribute('aria-busy')).toBeNull())
  })

  it('asks before disabling, saying what will happen, and marks the card disabled once confirmed', async () => {
    const token = makeToken({ name: 'CRM bridge' })
    const disable = vi.fn(async () => ({ ...token, state: 'disabled' as const, disabled: true }))
    const dialog = await chooseForOnlyToken(token, { disable }, 'Disable')
    expect(dialog.textContent).toContain('Integrations using “CRM bridge” will be refused at once')
    expect(disable).not.toHaveBeenCalled()
    await click(button('Disable', dialog))
    await waitFor(() => expect(disable).toHaveBeenCalledWith(token.id))
    await waitFor(() => expect(card('CRM bridge')?.textContent).toContain('Disabled'))
  })

  it('returns keyboard focus to the [More] button when its dialog is cancelled', async () => {
    const token = makeToken({ name: 'CRM bridge' })
    const disable = vi.fn()
    const dialog = await chooseForOnlyToken(token, { disable }, 'Disable')

    await click(button('Cancel', dialog))
    await waitFor(() => expect(document.querySelector('[role="alertdialog"]')).toBeNull())
    await waitFor(() =>
      expect(document.activeElement).toBe(card('CRM bridge')?.querySelector('button[aria-label="More"]')),
    )
    expect(disable).not.toHaveBeenCalled()
  })

  it('deletes only after the exact token name is typed', async () => {
    const token = makeToken({ name: 'Catalog feed' })
    const remove = vi.fn(async () => undefined)
    const dialog = await chooseForOnlyToken(token, { remove }, 'Delete')
    const confirm = button('Delete', dialog) as HTMLButtonElement
    const typed = dialog.querySelector('input') as HTMLInputElement

    expect(confirm.disabled).toBe(true)
    await type(typed, 'Catalog fee')
    expect(confirm.disabled).toBe(true)
    await type(typed, 'catalog feed')
    expect(confirm.disabled).toBe(true)
    await type(typed, 'Catalog feed')
    expect(confirm.disabled).toBe(false)

    await click(confirm)
    await waitFor(() => expect(remove).toHaveBeenCalledWith(token.id))
    await waitFor(() => expect(card('Catalog feed')).toBeUndefined())
  })

  it('starts Delete in the name field, shows the name on its own, and confirms with Enter once it matches', async () => {
    const token = makeToken({ name: 'Catalog feed' })
    const remove = vi.fn(async () => undefined)
    const dialog = await chooseForOnlyToken(token, { remove }, 'Delete')
    const typed = dialog.querySelector('input') as HTMLInputElement
    await waitFor(() => expect(document.activeElement).toBe(typed))
    expect(dialog.querySelector('.dialog__typed-name')?.textContent).toBe('Catalog feed')

    await type(typed, 'Catalog fee')
    await press(typed, 'Enter')
    expect(remove).not.toHaveBeenCalled()
    await type(typed, 'Catalog feed')
    await press(typed, 'Enter')
    await waitFor(() => expect(remove).toHaveBeenCalledWith(token.id))
  })

  it('shows the new credentials on the page after a confirmed Reset', async () => {
    const token = makeToken({ name: 'Order sync' })
    const reset = vi.fn(async () => ({ token, credentials: NEW_CREDENTIALS }))
    const dialog = await chooseForOnlyToken(token, { reset }, 'Reset')
    await click(button('Reset', dialog))
    await settle()

    expect(reset).toHaveBeenCalledWith(token.id)
    await waitFor(() => expect(document.body.textContent).toContain('New credentials for “Order sync”'))
    expect(document.body.textContent).toContain(NEW_CREDENTIALS.authToken)
  })
})

describe('the new credentials panel on the API page', () => {
  /** Resets the only token, "Order sync", through its menu and waits for its new credentials. */
  async function resetOrderSync(actions: Parameters<typeof chooseForOnlyToken>[1] = {}) {
    const token = makeToken({ name: 'Order sync' })
    const reset = vi.fn(async () => ({ token, credentials: NEW_CREDENTIALS }))
    await click(button('Reset', await chooseForOnlyToken(token, { reset, ...actions }, 'Reset')))
    await waitFor(() => expect(document.body.textContent).toContain(NEW_CREDENTIALS.authToken))
    return token
  }

  /** Deletes a token through its menu, typing its name as the dialog asks. */
  async function deleteToken(name: string) {
    await openMoreMenu(name)
    await click(menuItem('Delete'))
    const dialog = await confirmDialog()
    await type(dialog.querySelector('input') as HTMLInputElement, name)
    await click(button('Delete', dialog))
  }

  it('keeps following the language after it appeared', async () => {
    await resetOrderSync()
    expect(document.body.textContent).toContain('New credentials for “Order sync”')

    await choose(byLabel<HTMLSelectElement>('Language'), 'zh-CN')
    await waitFor(() => expect(document.body.textContent).toContain('“Order sync”的新凭证'))
    expect(document.body.textContent).not.toContain('New credentials for “Order sync”')
    expect(document.body.textContent).toContain(NEW_CREDENTIALS.authToken)
  })

  it('goes when the token whose credentials it shows is deleted', async () => {
    const remove = vi.fn(async () => undefined)
    const token = await resetOrderSync({ remove })
    await deleteToken('Order sync')
    await waitFor(() => expect(remove).toHaveBeenCalledWith(token.id))
    await waitFor(() => expect(document.body.textContent).not.toContain(NEW_CREDENTIALS.authToken))
    expect(document.body.textContent).not.toContain('New credentials for “Order sync”')
  })

  it('gives focus to the card of the reset token once the user is done', async () => {
    await resetOrderSync()
    await click(button('Done'))
    await waitFor(() => expect(document.body.textContent).not.toContain(NEW_CREDENTIALS.authToken))
    const title = within(card('Order sync') as HTMLElement).getByRole('link', { name: 'Order sync' })
    await waitFor(() => expect(document.activeElement).toBe(title))
  })

  it('stays when another token is deleted', async () => {
    const token = makeToken({ name: 'Order sync' })
    const other = makeToken({ name: 'Catalog feed' })
    const list = vi.fn(async () => ({ items: [token, other], nextCursor: null }))
    const reset = vi.fn(async () => ({ token, credentials: NEW_CREDENTIALS }))
    const remove = vi.fn(async () => undefined)
    await openApiPage(fakeAdminApi({ tokens: { list, reset, remove } }))
    await openMoreMenu('Order sync')
    await click(menuItem('Reset'))
    await click(button('Reset', await confirmDialog()))
    await waitFor(() => expect(document.body.textContent).toContain(NEW_CREDENTIALS.authToken))

    await deleteToken('Catalog feed')
    await waitFor(() => expect(card('Catalog feed')).toBeUndefined())
    expect(document.body.textContent).toContain(NEW_CREDENTIALS.authToken)
  })
})

describe('legacy tokens on the API page', () => {
  it('asks before enabling legacy tokens, then shows their card in place of the button', async () => {
    const enabledView = makeEnabledLegacy()
    const enable = vi.fn(async () => enabledView)
    await openApiPage(fakeAdminApi({ legacy: { enable } }))

    await click(button('Enable Legacy Tokens'))
    const dialog = await confirmDialog()
    expect(enable).not.toHaveBeenCalled()
    await click(button('Enable Legacy Tokens', dialog))

    await waitFor(() => expect(card('Legacy Account Tokens')).toBeDefined())
    expect(button('Enable Legacy Tokens')).toBeUndefined()
    expect(await openMoreMenu('Legacy Account Tokens')).toEqual(['Reset (Read/Write)', 'Reset (Read-Only)'])
  })

  it('shows each legacy credential’s state and last use on the card', async () => {
    const used = new Date(Date.now() - 2 * 3_600_000).toISOString()
    const view = makeEnabledLegacy({ readWrite: { lastUsedAt: used }, readOnly: { lastUsedAt: null } })
    await openApiPage(fakeAdminApi({ legacy: { get: vi.fn(async () => view) } }))
    const legacy = await waitFor(() => card('Legacy Account Tokens') as HTMLElement)
    const facts = [...legacy.querySelectorAll('section')].map((section) => section.textContent ?? '')
    expect(facts[0]).toContain('Read/Write')
    expect(facts[0]).toContain('Enabled')
    expect(facts[0]).toMatch(/Last used\s*2 hours ago/)
    expect(facts[1]).toMatch(/Last used\s*Never/)
  })
})

describe('help on the API page', () => {
  it('links to the API reference and opens "Keep your access tokens secure" from the header', async () => {
    await openApiPage(fakeAdminApi())
    expect(document.querySelector('a[href="/api/docs"]')?.textContent).toContain(
      'Open the Integrations Portal',
    )
    const toggle = button('Keep your access tokens secure') as HTMLButtonElement
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(document.getElementById('security-guidance')).toBeNull()

    await click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const guidance = document.getElementById('security-guidance') as HTMLElement
    expect(guidance.querySelectorAll('li')).toHaveLength(5)
    expect(guidance.textContent).toContain('Never put credentials in URLs')

    await click(button('Close', guidance))
    expect(document.getElementById('security-guidance')).toBeNull()
    await waitFor(() => expect(document.activeElement).toBe(toggle))
  })
})

describe('token cards and expiry', () => {
  it('say when a token expires, or that it expired, in relative time; a token without expiry says nothing', async () => {
    const day = 86_400_000
    const items = [
      makeToken({
        id: 'tok_soon',
        name: 'Soon',
        expiresAt: new Date(Date.now() + 5 * day + 60_000).toISOString(),
      }),
      makeToken({
        id: 'tok_gone',
        name: 'Gone',
        state: 'expired',
        expiresAt: new Date(Date.now() - 2 * day).toISOString(),
      }),
      makeToken({ id: 'tok_open', name: 'Open-ended' }),
    ]
    await openApiPage(fakeAdminApi({ tokens: { list: vi.fn(async () => ({ items, nextCursor: null })) } }))
    await waitFor(() => expect(card('Soon')?.textContent).toContain('Expires in 5 days'))
    expect(card('Gone')?.textContent).toContain('Expired 2 days ago')
    expect(card('Open-ended')?.textContent).not.toContain('Expire')
  })

  it('offers Expired in the State filter and asks the API for expired tokens', async () => {
    const list = vi.fn(async () => ({ items: [], nextCursor: null }))
    await openApiPage(fakeAdminApi({ tokens: { list } }))
    const state = await waitFor(() => byLabel<HTMLSelectElement>('State') as HTMLSelectElement)
    expect([...state.options].map((option) => option.textContent?.trim())).toContain('Expired')
    await choose(state, 'expired')
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(expect.objectContaining({ state: 'expired' }), expect.anything()),
    )
  })
})

describe('token cards and leaks', () => {
  it('mark a token reported as leaked with a Leaked badge, and only that one', async () => {
    const items = [
      makeToken({
        name: 'Order sync',
        state: 'disabled',
        leak: { reportedAt: '2026-11-29T08:00:00.000Z', url: null, action: 'disabled' },
      }),
      makeToken({ name: 'Nightly export' }),
    ]
    await openApiPage(fakeAdminApi({ tokens: { list: vi.fn(async () => ({ items, nextCursor: null })) } }))
    await waitFor(() =>
      expect(card('Order sync')?.querySelector('.badge--leaked')?.textContent).toContain('Leaked'),
    )
    expect(card('Nightly export')?.textContent).not.toContain('Leaked')
  })
})
