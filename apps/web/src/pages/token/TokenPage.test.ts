import { screen, within } from '@testing-library/vue'
import { DEFAULT_ACCOUNT_POLICY, type TokenView } from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeCatalog, makeToken, makeUsers, NEW_CREDENTIALS } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { expectCountsAndKeepsLongPaste } from '../../test-support/limited-field-expectations'
import { openTokenPage } from '../../test-support/open-token-page'
import {
  button,
  byLabel,
  choose,
  click,
  press,
  descriptionOf,
  renderWithConsole,
  settle,
  type,
  waitFor,
} from '../../test-support/render-console'

/** The section marked current in the token page's left-hand section menu. */
function currentSection(): string | undefined {
  const menu = within(screen.getByRole('navigation', { name: 'Token sections' }))
  return menu.queryByRole('link', { current: 'page' })?.textContent?.trim()
}

/** The fake API's token calls a test may answer itself. */
type TokenCalls = NonNullable<NonNullable<Parameters<typeof fakeAdminApi>[0]>['tokens']>

/** The token page of `token`, its token calls answered by `tokenCalls` where given. */
function openToken(
  token = makeToken({ name: 'Nightly export', description: 'Exports reports.' }),
  tokenCalls: TokenCalls = {},
  query = '',
) {
  return openTokenPage(token, { tokens: tokenCalls }, query)
}

/** The developer e-mails field's text box, where an address is typed before Add. */
function emailInput(): HTMLInputElement {
  return document.querySelector<HTMLInputElement>('.developer-emails input') as HTMLInputElement
}

describe('the token page', () => {
  it('asks before Update, then sends only what changed; the save bar shows only while there is something to save', async () => {
    const { update, token } = await openToken()
    expect(button('Update')).toBeUndefined()
    expect(button('Discard changes')).toBeUndefined()

    await type(
      document.getElementById('token-description') as HTMLTextAreaElement,
      'Exports reports nightly.',
    )
    expect(document.body.textContent).toContain('1 unsaved change')
    await click(button('Update'))
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    expect(dialog.textContent).toContain('Description')
    expect(update).not.toHaveBeenCalled()

    await click(button('Update', dialog))
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(token.id, { description: 'Exports reports nightly.' }),
    )
    await waitFor(() => expect(button('Update')).toBeUndefined())
    expect(document.body.textContent).not.toContain('unsaved change')
  })

  it('counts the name and description, keeps a paste longer than the limit whole, and says it is too long', async () => {
    const { update, view } = await openToken()
    const { user, getByRole, queryByRole } = view
    const name = getByRole<HTMLInputElement>('textbox', { name: 'Token Name' })
    await expectCountsAndKeepsLongPaste(user, name, { counted: '14 / 100 characters', max: 100, paste: 200 })
    await user.click(getByRole('button', { name: 'Update' }))
    expect(queryByRole('alertdialog')).toBeNull()
    expect(update).not.toHaveBeenCalled()

    const description = getByRole<HTMLTextAreaElement>('textbox', { name: 'Description' })
    await expectCountsAndKeepsLongPaste(user, description, {
      counted: '16 / 500 characters',
      max: 500,
      paste: 501,
    })
    await type(name, 'n'.repeat(100))
    expect(name.hasAttribute('aria-invalid')).toBe(false)
    expect(descriptionOf(name)).toEqual(['100 / 100 characters'])
  })

  it('keeps the user on the page with the reason when the server cannot save the change', async () => {
    const refuse = vi.fn(async () => {
      throw new ApiError(507, 'StorageFull')
    })
    await openToken(undefined, { update: refuse })
    await type(document.getElementById('token-name') as HTMLInputElement, 'Order sync')
    await click(button('Update'))
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    await click(button('Update', dialog))
    await waitFor(() =>
      expect(dialog.textContent).toContain('The change could not be saved because storage is full.'),
    )
    expect(refuse).toHaveBeenCalledTimes(1)
    expect(document.querySelector('[role="alertdialog"]')).not.toBeNull()
  })

  it('opens the API Scopes section from the address and marks an emptied scope list before sending', async () => {
    const token = makeToken({ name: 'Reports reader', scopes: ['GET /Reports'] })
    const { update } = await openToken(token, {}, '?tab=scopes')
    expect(currentSection()).toBe('API Scopes')
    await waitFor(() =>
      expect(document.querySelector('[role="checkbox"][aria-label="GET /Reports"]')).not.toBeNull(),
    )

    await click(button('Clear All'))
    await click(button('Update'))
    expect(document.querySelector('[role="alertdialog"]')).toBeNull()
    expect(document.getElementById('token-scopes-error')?.textContent).toBe('Choose at least one scope.')
    expect(update).not.toHaveBeenCalled()
  })

  it('selects every scope of a category switched on, and sends them on Update', async () => {
    const token = makeToken({ name: 'Account reader', scopes: ['GET /Account'] })
    const { update } = await openToken(token, {}, '?tab=scopes')
    await waitFor(() =>
      expect(document.querySelector('[role="switch"][aria-labelledby$="-reports"]')).not.toBeNull(),
    )
    await click(document.querySelector('[role="switch"][aria-labelledby$="-reports"]'))
    // All three at once, so one unticked scope does not hide another.
    const ticked = (scope: string) =>
      screen.getByRole('checkbox', { name: scope }).getAttribute('aria-checked')
    expect(['GET /Reports', 'GET /Reports/{Id}', 'DELETE /Reports/{Id}'].map(ticked)).toEqual([
      'true',
      'true',
      'true',
    ])
    await click(button('Update'))
    await click(
      button('Update', await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)),
    )
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(token.id, {
        scopes: ['GET /Account', 'GET /Reports', 'GET /Reports/{Id}', 'DELETE /Reports/{Id}'],
      }),
    )
  })

  it('opens the section of a refused field from another section, shows why, and drops the message once it is fixed', async () => {
    const token = makeToken({ name: 'Reports reader', scopes: ['GET /Reports'] })
    const { view } = await openToken(token, {}, '?tab=scopes')
    await waitFor(() =>
      expect(document.querySelector('[role="checkbox"][aria-label="GET /Reports"]')).not.toBeNull(),
    )
    await click(button('Clear All'))
    await view.router.replace({ query: {} })
    await waitFor(() => expect(currentSection()).toBe('Overview'))

    await click(button('Update'))
    await waitFor(() => expect(currentSection()).toBe('API Scopes'))
    const error = await waitFor(() => document.getElementById('token-scopes-error') as HTMLElement)
    await waitFor(() => expect(document.activeElement).toBe(error))

    await click(document.querySelector('[role="switch"][aria-labelledby$="-reports"]'))
    expect(document.getElementById('token-scopes-error')).toBeNull()
  })

  it('words a refused field again in the language chosen after the refusal', async () => {
    const { update, view } = await openToken()
    const { user } = view
    await user.clear(view.getByRole('textbox', { name: 'Token Name' }))
    await user.click(view.getByRole('button', { name: 'Update' }))
    await waitFor(() =>
      expect(document.getElementById('token-name-error')?.textContent).toContain('This field is required.'),
    )

    await user.selectOptions(view.getByRole('combobox', { name: 'Language' }), 'zh-CN')
    await waitFor(() => expect(view.getByRole('combobox', { name: '语言' })).toBeTruthy())
    expect(document.getElementById('token-name-error')?.textContent).toContain('此字段为必填项。')
    expect(update).not.toHaveBeenCalled()
  })

  it('counts a developer e-mail typed but not added as an unsaved change, and Update adds it as Add would', async () => {
    const token = makeToken({ name: 'Nightly export', developerEmails: ['ops@partner.example'] })
    const { update } = await openToken(token, {}, '?tab=credentials')
    expect(button('Update')).toBeUndefined()

    await type(emailInput(), ' Dev@Partner.example ')
    expect(document.body.textContent).toContain('1 unsaved change')
    await click(button('Update'))
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    expect(dialog.textContent).toContain('Developer e-mail addresses')
    expect(document.querySelector('.developer-emails__list')?.textContent).toContain('dev@partner.example')
    expect(emailInput().value).toBe('')

    await click(button('Update', dialog))
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(token.id, {
        developerEmails: ['ops@partner.example', 'dev@partner.example'],
      }),
    )
  })

  it('stops Update at a typed developer e-mail that is not an address, in its section, with the reason at the field', async () => {
    const { update, view } = await openToken(undefined, {}, '?tab=credentials')
    await type(emailInput(), 'not-an-address')
    await view.router.replace({ query: {} })
    await waitFor(() => expect(currentSection()).toBe('Overview'))
    expect(document.body.textContent).toContain('1 unsaved change')

    await click(button('Update'))
    await waitFor(() => expect(currentSection()).toBe('API Credentials'))
    await waitFor(() => expect(document.activeElement).toBe(emailInput()))
    expect(emailInput().value).toBe('not-an-address')
    expect(emailInput().getAttribute('aria-invalid')).toBe('true')
    expect(descriptionOf(emailInput())).toContain('Enter a valid e-mail address.')
    expect(document.querySelector('[role="alertdialog"]')).toBeNull()
    expect(update).not.toHaveBeenCalled()
  })

  it('says so when the token no longer exists', async () => {
    const api = fakeAdminApi({
      tokens: {
        get: vi.fn(async () => {
          throw new ApiError(404, 'TokenNotFound')
        }),
      },
      users: { list: vi.fn(async () => []) },
    })
    const view = await renderWithConsole(api, '/settings/api/tokens/tok_gone')
    await view.findByText('This token no longer exists', { exact: false })
    expect(view.queryByRole('button', { name: 'Retry' })).toBeNull()
  })
})

describe('the token page sections and actions', () => {
  function sectionLink(label: string): HTMLAnchorElement | undefined {
    const menu = within(screen.getByRole('navigation', { name: 'Token sections' }))
    return menu.queryByRole<HTMLAnchorElement>('link', { name: label }) ?? undefined
  }

  async function chooseFromMore(label: string): Promise<void> {
    await press(document.querySelector('main button[aria-label="More"], button[aria-label="More"]'), 'Enter')
    const item = await waitFor(() => {
      const found = [...document.querySelectorAll<HTMLElement>('[role="menuitem"]')].find(
        (candidate) => candidate.textContent?.trim() === label,
      )
      expect(found).toBeDefined()
      return found
    })
    await click(item)
  }

  const dialog = () => waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)

  it('lists Overview, API Credentials and API Scopes in a left-hand menu that links each section by ?tab=', async () => {
    const { view } = await openToken()
    expect(currentSection()).toBe('Overview')
    expect(sectionLink('API Credentials')?.getAttribute('href')).toMatch(/\?tab=credentials$/)
    await click(sectionLink('API Credentials'))
    await waitFor(() => expect(currentSection()).toBe('API Credentials'))
    expect(view.router.currentRoute.value.query).toEqual({ tab: 'credentials' })
    expect(document.querySelector('h2')?.textContent).toBe('API Credentials')
    expect(document.querySelector('a[href="/api/docs"]')?.textContent).toContain(
      'Open the Integrations Portal',
    )
  })

  it('offers the card’s [More] actions, and Duplicate asks first with the copy’s state as a choice', async () => {
    const token = makeToken({ name: 'Paused export', state: 'disabled' })
    const copy = makeToken({ id: 'tok_copy', name: 'Paused export (2)', state: 'disabled' })
    const duplicate = vi.fn(async () => ({ token: copy, credentials: NEW_CREDENTIALS }))
    await openToken(token, { duplicate })

    await chooseFromMore('Duplicate')
    const asked = await dialog()
    expect(asked.textContent).toContain('Primary Contact and developer e-mail addresses')
    expect(asked.textContent).toContain('The copy starts disabled')
    const enableCopy = asked.querySelector<HTMLInputElement>('input[type="checkbox"]')
    expect(enableCopy?.checked).toBe(false)
    expect(duplicate).not.toHaveBeenCalled()

    await click(button('Duplicate', asked))
    await waitFor(() => expect(duplicate).toHaveBeenCalledWith(token.id, { enabled: false }))
    await waitFor(() => expect(document.body.textContent).toContain('Credentials of “Paused export (2)”'))
    const open = [...document.querySelectorAll('a')].find(
      (link) => link.textContent?.trim() === 'Open “Paused export (2)”',
    )
    expect(open?.getAttribute('href')).toBe('/settings/api/tokens/tok_copy')
  })

  it('sends the user’s choice when they tick "Enable the copy"', async () => {
    const token = makeToken({ name: 'Paused export', state: 'disabled' })
    const duplicate = vi.fn(async () => ({
      token: makeToken({ name: 'Paused export (2)' }),
      credentials: NEW_CREDENTIALS,
    }))
    await openToken(token, { duplicate })
    await chooseFromMore('Duplicate')
    const asked = await dialog()
    const enableCopy = asked.querySelector<HTMLInputElement>('input[type="checkbox"]') as HTMLInputElement
    enableCopy.click()
    await settle()
    expect(asked.textContent).toContain('The copy can be used for authentication as soon as it is created.')
    await click(button('Duplicate', asked))
    await waitFor(() => expect(duplicate).toHaveBeenCalledWith(token.id, { enabled: true }))
  })

  /** The token page of `token` under the account's `policy`, with its Duplicate dialog open. */
  async function openDuplicateUnder(
    policy: typeof DEFAULT_ACCOUNT_POLICY,
    token: ReturnType<typeof makeToken>,
    duplicate: NonNullable<
      NonNullable<NonNullable<Parameters<typeof fakeAdminApi>[0]>['tokens']>['duplicate']
    >,
  ) {
    const { api } = await openTokenPage(token, {
      tokens: { duplicate },
      policies: { get: vi.fn(async () => policy) },
    })
    await waitFor(() => expect(api.policies.get).toHaveBeenCalled())
    await settle()
    await chooseFromMore('Duplicate')
    return dialog()
  }

  /** A never-expiring token's Duplicate dialog under a policy requiring an expiry within 30 days. */
  async function openDuplicateOfForeverFeed() {
    const token = makeToken({ name: 'Forever feed', expiresAt: null })
    const duplicate = vi.fn(async () => ({
      token: makeToken({ id: 'tok_copy', name: 'Forever feed (2)' }),
      credentials: NEW_CREDENTIALS,
    }))
    const policy = { ...DEFAULT_ACCOUNT_POLICY, requireExpiry: true, maxLifetimeDays: 30 }
    return { token, duplicate, asked: await openDuplicateUnder(policy, token, duplicate) }
  }

  /** Chooses a custom expiry, sends Duplicate without a date, and expects the refusal at the date's field. */
  async function refuseEmptyCustomDate(asked: HTMLElement): Promise<HTMLInputElement> {
    await choose(byLabel<HTMLSelectElement>('Expiry'), 'custom')
    await click(button('Duplicate', asked))
    expect(asked.querySelector('.field__error')?.textContent).toBe('Choose an expiry date.')
    return byLabel<HTMLInputElement>('Expiry date') as HTMLInputElement
  }

  it('asks for the copy’s expiry when the policy requires one, pre-filled with the longest preset, and sends it', async () => {
    const { token, duplicate, asked } = await openDuplicateOfForeverFeed()
    // The field's code loads with the first dialog that asks for it.
    const expiry = await waitFor(() => {
      const found = byLabel<HTMLSelectElement>('Expiry')
      expect(found).toBeDefined()
      return found as HTMLSelectElement
    })
    expect(asked.contains(expiry)).toBe(true)
    expect(expiry.value).toBe('30')
    expect([...expiry.options].map((option) => option.value)).toEqual(['30', 'custom'])
    await click(button('Duplicate', asked))
    await waitFor(() => expect(duplicate).toHaveBeenCalledTimes(1))
    const sent = duplicate.mock.calls[0] as unknown as [string, { enabled: boolean; expiresAt: string }]
    expect(sent[0]).toBe(token.id)
    expect(sent[1].enabled).toBe(true)
    const days = (Date.parse(sent[1].expiresAt) - Date.now()) / 86_400_000
    expect(Math.round(days)).toBe(30)
  })

  it('asks for the copy’s expiry when the source’s lies beyond a maximum lowered since', async () => {
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()
    const policy = { ...DEFAULT_ACCOUNT_POLICY, maxLifetimeDays: 90 }
    const duplicate = vi.fn(async () => ({
      token: makeToken({ id: 'tok_copy' }),
      credentials: NEW_CREDENTIALS,
    }))
    const token = makeToken({ name: 'Long feed', expiresAt: inDays(300) })
    const asked = await openDuplicateUnder(policy, token, duplicate)
    await choose(byLabel<HTMLSelectElement>('Expiry'), '30')
    await click(button('Duplicate', asked))
    await waitFor(() => expect(duplicate).toHaveBeenCalledTimes(1))
    const sent = duplicate.mock.calls[0] as unknown as [string, { expiresAt: string }]
    expect(Math.round((Date.parse(sent[1].expiresAt) - Date.now()) / 86_400_000)).toBe(30)
  })

  /** The token page of `token` whose policy answers `policies` in turn, with its Duplicate dialog open. */
  async function openDuplicateAnswering(
    policies: (() => Promise<typeof DEFAULT_ACCOUNT_POLICY>)[],
    token: ReturnType<typeof makeToken>,
    duplicate: NonNullable<TokenCalls['duplicate']>,
  ) {
    const get = vi.fn(async () => (policies.length > 1 ? policies.shift() : policies[0])!())
    const { api } = await openTokenPage(token, { tokens: { duplicate }, policies: { get } })
    await waitFor(() => expect(api.policies.get).toHaveBeenCalled())
    await settle()
    await chooseFromMore('Duplicate')
    return { asked: await dialog(), get }
  }

  const refusedOnce = (code: 'ExpiryRequired') => {
    let refused = false
    return vi.fn(async () => {
      if (!refused) {
        refused = true
        throw new ApiError(422, code)
      }
      return { token: makeToken({ id: 'tok_copy', name: 'Forever feed (2)' }), credentials: NEW_CREDENTIALS }
    })
  }

  it('asks for the copy’s expiry with the server’s refusal when the policy it had was stale, and sends it next', async () => {
    const token = makeToken({ name: 'Forever feed', expiresAt: null })
    const duplicate = refusedOnce('ExpiryRequired')
    const fresh = { ...DEFAULT_ACCOUNT_POLICY, requireExpiry: true, maxLifetimeDays: 30 }
    const { asked, get } = await openDuplicateAnswering(
      [async () => ({ ...DEFAULT_ACCOUNT_POLICY, requireExpiry: false }), async () => fresh],
      token,
      duplicate,
    )
    expect(byLabel('Expiry')).toBeUndefined()
    await click(button('Duplicate', asked))
    await waitFor(() => expect(byLabel<HTMLSelectElement>('Expiry')?.value).toBe('30'))
    expect(get).toHaveBeenCalledTimes(2)
    expect(asked.querySelector('.field__error')?.textContent).toBe(
      "This account's policy requires every new token to have an expiry date.",
    )
    expect(asked.querySelector('[role="alert"]')).toBeNull()
    await click(button('Duplicate', asked))
    await waitFor(() => expect(duplicate).toHaveBeenCalledTimes(2))
    const sent = duplicate.mock.calls[1] as unknown as [string, { enabled: boolean; expiresAt: string }]
    expect(Math.round((Date.parse(sent[1].expiresAt) - Date.now()) / 86_400_000)).toBe(30)
  })

  it('asks for the copy’s expiry on the server’s refusal when the policy could not be loaded', async () => {
    const token = makeToken({ name: 'Forever feed', expiresAt: null })
    const duplicate = refusedOnce('ExpiryRequired')
    const { asked } = await openDuplicateAnswering(
      [
        async () => {
          throw new ApiError(503, 'Internal')
        },
      ],
      token,
      duplicate,
    )
    await click(button('Duplicate', asked))
    await waitFor(() => expect(byLabel<HTMLSelectElement>('Expiry')).toBeDefined())
    expect(asked.querySelector('.field__error')?.textContent).toBe(
      "This account's policy requires every new token to have an expiry date.",
    )
    await click(button('Duplicate', asked))
    await waitFor(() => expect(duplicate).toHaveBeenCalledTimes(2))
    const sent = duplicate.mock.calls[1] as unknown as [string, { expiresAt: string }]
    expect(Date.parse(sent[1].expiresAt)).toBeGreaterThan(Date.now())
  })

  it('puts focus on the expiry’s control when it refuses the copy’s expiry, where the refusal is said', async () => {
    const { duplicate, asked } = await openDuplicateOfForeverFeed()
    const date = await refuseEmptyCustomDate(asked)
    expect(date.getAttribute('aria-describedby')).toContain(asked.querySelector('.field__error')?.id)
    expect(document.activeElement).toBe(date)
    expect(duplicate).not.toHaveBeenCalled()
  })

  it('words the refusal of the copy’s expiry again in the language chosen after it', async () => {
    const { asked } = await openDuplicateOfForeverFeed()
    await refuseEmptyCustomDate(asked)
    // The dialog is modal: the language is switched behind it.
    await choose(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Language', hidden: true }), 'zh-CN')
    await waitFor(() => expect(document.documentElement.lang).toBe('zh-CN'))
    expect(asked.querySelector('.field__error')?.textContent).toBe('请选择过期日期。')
  })

  it('refuses an empty custom date at its field, and once a date is chosen shows no alert until Duplicate sends it', async () => {
    const { duplicate, asked } = await openDuplicateOfForeverFeed()
    const date = await refuseEmptyCustomDate(asked)
    const inTenDays = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    await type(date, inTenDays)
    expect(asked.querySelector('[role="alert"]')).toBeNull()
    expect(duplicate).not.toHaveBeenCalled()
    await click(button('Duplicate', asked))
    await waitFor(() => expect(duplicate).toHaveBeenCalledTimes(1))
    const sent = duplicate.mock.calls[0] as unknown as [string, { expiresAt: string }]
    expect(sent[1].expiresAt.slice(0, 10)).toBe(inTenDays)
  })

  it('goes back to the list with a toast once the token is deleted from its page', async () => {
    const token = makeToken({ name: 'Old feed' })
    const remove = vi.fn(async () => undefined)
    const { view } = await openToken(token, { remove })
    await chooseFromMore('Delete')
    const asked = await dialog()
    await type(asked.querySelector('input') as HTMLInputElement, 'Old feed')
    await click(button('Delete', asked))
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('api'))
    expect(remove).toHaveBeenCalledWith(token.id)
    await waitFor(() => expect(document.body.textContent).toContain('“Old feed” was deleted.'))
  })

  it('puts focus on the token’s name once the user is done with the new credentials', async () => {
    const token = makeToken({ name: 'CRM bridge' })
    const reset = vi.fn(async () => ({ token, credentials: NEW_CREDENTIALS }))
    await openToken(token, { reset })
    await chooseFromMore('Reset')
    await click(button('Reset', await dialog()))
    await waitFor(() => expect(document.body.textContent).toContain(NEW_CREDENTIALS.authToken))
    await click(await waitFor(() => button('Done')))
    await waitFor(() => expect(document.body.textContent).not.toContain(NEW_CREDENTIALS.authToken))
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: 'CRM bridge' })),
    )
  })

  it('says Disable keeps an expired token refused after a renewal, not that it is refused at once', async () => {
    const token = makeToken({ name: 'Old feed', state: 'expired', expiresAt: '2026-11-30T00:00:00.000Z' })
    await openToken(token)
    await chooseFromMore('Disable')
    const asked = await dialog()
    expect(asked.textContent).toContain(
      '“Old feed” has expired: its auth token is already refused. Disabled, it stays refused after a renewal, until you enable the token again.',
    )
    expect(asked.textContent).not.toContain('refused at once')
  })

  it('disables after a confirmation and shows the new state in the header', async () => {
    const token = makeToken({ name: 'CRM bridge' })
    const disable = vi.fn(async () => ({ ...token, state: 'disabled' as const, disabled: true }))
    await openToken(token, { disable })
    await chooseFromMore('Disable')
    await click(button('Disable', await dialog()))
    await waitFor(() => expect(disable).toHaveBeenCalledWith(token.id))
    await waitFor(() =>
      expect(document.querySelector('main .page-header')?.textContent).toContain('Disabled'),
    )
  })
})

describe('returning from the token page to the API list', () => {
  /** Opens the API page at `/settings/api?state=disabled`, then the card of `token` from it. */
  async function openFromFilteredList(token: TokenView, tokenCalls: TokenCalls = {}) {
    const api = fakeAdminApi({
      tokens: {
        list: vi.fn(async () => ({ items: [token], nextCursor: null })),
        get: vi.fn(async () => token),
        ...tokenCalls,
      },
      users: { list: vi.fn(async () => makeUsers()) },
      catalog: vi.fn(async (apiVersion?: string) => makeCatalog(apiVersion)),
    })
    const view = await renderWithConsole(api, '/settings/api?state=disabled')
    await click(await view.findByRole('link', { name: token.name }))
    await view.findByRole('heading', { level: 1, name: token.name })
    return view
  }

  const disabled = () => makeToken({ name: 'Old feed', state: 'disabled', disabled: true })

  it('links Back to API to the list with the filters it had when the token was opened', async () => {
    const view = await openFromFilteredList(disabled())
    const back = view.getByRole('link', { name: 'Back to API' })
    expect(back.getAttribute('href')).toBe('/settings/api?state=disabled')
  })

  it('goes back to the filtered list once the token is deleted', async () => {
    const token = disabled()
    const view = await openFromFilteredList(token, { remove: vi.fn(async () => undefined) })
    await click(view.getByRole('button', { name: 'More' }))
    await click(await view.findByRole('menuitem', { name: 'Delete' }))
    const asked = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    await type(asked.querySelector('input') as HTMLInputElement, token.name)
    await click(button('Delete', asked))
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('api'))
    expect(view.router.currentRoute.value.query).toEqual({ state: 'disabled' })
  })

  it('links Back to API to the plain list when the token was opened from a link', async () => {
    const { view } = await openToken()
    expect(view.getByRole('link', { name: 'Back to API' }).getAttribute('href')).toBe('/settings/api')
  })
})

describe('opening a copy from the token page', () => {
  /** The console's own confirmation (not the browser's confirm(), which the page must not use). */
  function leaveDialog(): Promise<HTMLElement> {
    return waitFor(() => {
      const dialog = document.querySelector<HTMLElement>('[role="alertdialog"]')
      expect(dialog?.textContent).toContain('Leave without saving?')
      return dialog as HTMLElement
    })
  }

  it('asks in its own dialog before leaving unsaved changes for the copy, and stays when the user says no', async () => {
    const token = makeToken({ name: 'Nightly export' })
    const copy = makeToken({ id: 'tok_copy', name: 'Nightly export (2)' })
    const { view } = await openToken(token)
    await type(document.getElementById('token-name') as HTMLInputElement, 'Renamed export')
    const navigation = view.router.push({ name: 'token', params: { id: copy.id } })
    const dialog = await leaveDialog()
    expect(dialog.textContent).toContain('Leave without saving?')
    expect(dialog.textContent).toContain('You have unsaved changes to this token. Leave without saving them?')
    await click(button('Cancel', dialog))
    await navigation
    expect(view.router.currentRoute.value.params['id']).toBe(token.id)
    expect((document.getElementById('token-name') as HTMLInputElement).value).toBe('Renamed export')
  })

  it('leaves, changes unsaved, once the user confirms in the dialog', async () => {
    const token = makeToken({ name: 'Nightly export' })
    const { view } = await openToken(token)
    await type(document.getElementById('token-name') as HTMLInputElement, 'Renamed export')

    const navigation = view.router.push({ name: 'api' })
    await click(button('Leave without saving', await leaveDialog()))
    await navigation
    expect(view.router.currentRoute.value.name).toBe('api')
  })

  it('asks before leaving with a developer e-mail typed but not added', async () => {
    const { view } = await openToken(undefined, {}, '?tab=credentials')
    await type(emailInput(), 'dev@partner.example')

    const navigation = view.router.push({ name: 'api' })
    await click(button('Cancel', await leaveDialog()))
    await navigation
    expect(view.router.currentRoute.value.name).toBe('token')
    expect(emailInput().value).toBe('dev@partner.example')
  })

  it('sends the user to sign in when the session ends, unsaved changes or not (nothing is left to ask)', async () => {
    const token = makeToken({ name: 'Nightly export' })
    const { api, view } = await openToken(token)
    await type(document.getElementById('token-name') as HTMLInputElement, 'Renamed export')

    vi.mocked(api.onSessionLost).mock.calls[0]?.[0]?.()
    await waitFor(() => expect(view.router.currentRoute.value.name).toBe('login'))
    expect(view.router.currentRoute.value.query['redirect']).toBe(`/settings/api/tokens/${token.id}`)
  })
})

describe('expiry and rotation on the token page', () => {
  const dialog = () => waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)

  it('shows the expiry on the Overview and renews it after a confirmation, with the same credentials', async () => {
    const token = makeToken({
      name: 'CRM bridge',
      expiresAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
    })
    const renew = vi.fn(async (_id: string, input: { expiresAt: string | null }) => ({
      ...token,
      expiresAt: input.expiresAt,
    }))
    await openToken(token, { renew })
    await waitFor(() => expect(document.body.textContent).toContain('Expires in 5 days.'))
    await waitFor(() => expect(button('Renew')?.disabled).toBe(false))
    await click(button('Renew'))
    const renewDialog = await dialog()
    await choose(byLabel<HTMLSelectElement>('Expiry'), '90')
    await click(button('Renew', renewDialog))
    await waitFor(() => expect(renew).toHaveBeenCalledTimes(1))
    const sent = new Date(renew.mock.calls[0]?.[1].expiresAt ?? 0).getTime() - Date.now()
    expect(Math.round(sent / 86_400_000)).toBe(90)
    await waitFor(() => expect(document.body.textContent).toContain('in 3 months'))
  })

  it('rotates with the chosen overlap, shows the new credentials and the rotation, and retires the old auth token', async () => {
    const token = makeToken({ name: 'CRM bridge' })
    const now = Date.now()
    const rotating = {
      ...token,
      rotation: {
        startedAt: new Date(now).toISOString(),
        endsAt: new Date(now + 6 * 3_600_000).toISOString(),
        confirmByTraffic: { quietSeconds: 1_800 },
        oldLastUsedAt: new Date(now - 120_000).toISOString(),
        newLastUsedAt: null,
      },
    }
    const rotate = vi.fn(async () => ({ token: rotating, credentials: NEW_CREDENTIALS }))
    const completeRotation = vi.fn(async () => ({ ...token, rotation: null }))
    await openToken(token, { rotate, completeRotation }, '?tab=credentials')
    await click(await waitFor(() => button('Rotate Auth Token')))
    const rotateDialog = await dialog()
    await choose(byLabel<HTMLSelectElement>('Overlap'), '21600')
    await click(byLabel('End when traffic confirms'))
    await choose(byLabel<HTMLSelectElement>('Quiet period'), '1800')
    await click(button('Rotate', rotateDialog))
    await waitFor(() =>
      expect(rotate).toHaveBeenCalledWith(token.id, {
        overlapSeconds: 21_600,
        confirmByTraffic: { quietSeconds: 1_800 },
      }),
    )
    await waitFor(() => expect(document.body.textContent).toContain('New auth token for “CRM bridge”'))
    expect(document.body.textContent).toContain(NEW_CREDENTIALS.authToken)
    const panel = await waitFor(
      () => document.querySelector('section[aria-labelledby^="rotation-"]') as HTMLElement,
    )
    expect(panel.textContent).toContain('Rotation in progress')
    expect(panel.textContent).toContain('2 minutes ago')
    expect(panel.textContent).toContain('in 6 hours')
    expect(panel.textContent).toContain('30 minutes')
    expect(button('Rotate Auth Token')?.disabled).toBe(true)

    await click(button('Retire old auth token now', panel))
    await click(button('Retire old auth token now', await dialog()))
    await waitFor(() => expect(completeRotation).toHaveBeenCalledWith(token.id))
    await waitFor(() => expect(document.body.textContent).not.toContain('Rotation in progress'))
  })
})

describe('a leaked token on its page', () => {
  const FOUND_AT = 'https://github.com/octo/app/blob/1a2b3c/deploy/.env'
  const leakedToken = (
    action: 'disabled' | 'rotated' | 'none',
    url: string | null = FOUND_AT,
    secret: 'current' | 'previous' = 'current',
  ) =>
    makeToken({
      name: 'Order sync',
      state: action === 'disabled' ? 'disabled' : 'enabled',
      leak: { reportedAt: '2026-11-29T08:30:00.000Z', url, action, secret },
    })
  const banner = () => document.querySelector<HTMLElement>('[role="alert"].leak-banner')

  it('shows a red banner saying where, when and what was done, with the place as a link that shares nothing', async () => {
    await openToken(leakedToken('disabled'))
    const shown = await waitFor(() => banner() as HTMLElement)
    expect(shown.querySelector('h2')?.textContent).toBe('This auth token was found in public')
    const link = shown.querySelector('a') as HTMLAnchorElement
    expect(link.getAttribute('href')).toBe(FOUND_AT)
    expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    expect(shown.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-29T08:30:00.000Z')
    expect(shown.querySelector('time')?.textContent).toBe(
      new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date('2026-11-29T08:30:00.000Z'),
      ),
    )
    expect(shown.textContent).toContain('Disabled at once')
    expect(document.querySelector('main .page-header')?.textContent).toContain('Leaked')
  })

  it.each([
    { action: 'rotated' as const, says: 'Rotated with an overlap' },
    { action: 'none' as const, says: 'Notified only' },
  ])('says what the leak response did: $action', async ({ action, says }) => {
    await openToken(leakedToken(action, null))
    const shown = await waitFor(() => banner() as HTMLElement)
    expect(shown.textContent).toContain(says)
    expect(shown.textContent).toContain('The report did not say where')
    expect(shown.querySelector('a')).toBeNull()
  })

  it('says a rotated current auth token keeps working until the overlap ends and offers Reset now', async () => {
    await openToken(leakedToken('rotated'))
    const shown = await waitFor(() => banner() as HTMLElement)
    expect(shown.textContent).toContain('the leaked one keeps working until the overlap ends')
    expect(shown.textContent).toContain('before the overlap ends, or reset now')
    expect(button('Reset now', shown)).toBeDefined()
  })

  it('says a retired previous auth token no longer works and the current one keeps working, offering no Reset now that would break the integrations already on it', async () => {
    await openToken(leakedToken('rotated', FOUND_AT, 'previous'))
    const shown = await waitFor(() => banner() as HTMLElement)
    expect(shown.textContent).toContain(
      'Retired: the leaked auth token was the previous one of a rotation and no longer works; the current auth token keeps working.',
    )
    expect(shown.textContent).toContain('Integrations on the current auth token need nothing.')
    expect(shown.textContent).not.toContain('keeps working until the overlap ends')
    expect(shown.textContent).not.toContain('a new auth token was issued')
    expect(button('Reset now', shown)).toBeUndefined()
    expect(button('Mark as handled', shown)).toBeDefined()
  })

  it.each(['disabled', 'none'] as const)(
    'says what the %s response did for a leaked previous auth token, which it did not retire',
    async (action) => {
      await openToken(leakedToken(action, FOUND_AT, 'previous'))
      const shown = await waitFor(() => banner() as HTMLElement)
      expect(shown.textContent).toContain(action === 'disabled' ? 'Disabled at once' : 'Notified only')
      expect(shown.textContent).not.toContain('Retired:')
      expect(button('Reset now', shown)).toBeDefined()
    },
  )

  it('tells an expired token the leak response disabled to renew it as well as enable it', async () => {
    const expired = makeToken({
      ...leakedToken('disabled'),
      state: 'expired',
      disabled: true,
      expiresAt: '2026-11-30T00:00:00.000Z',
    })
    await openToken(expired)
    const shown = await waitFor(() => banner() as HTMLElement)
    expect(shown.textContent).toContain(
      'Reset the auth token, give the new one to your integrations, then renew the token (it has expired) and enable it.',
    )
  })

  it('shows no banner for a token without a leak', async () => {
    await openToken(makeToken({ name: 'Quiet token' }))
    expect(banner()).toBeNull()
    expect(document.body.textContent).not.toContain('Leaked')
  })

  it('Reset now runs the reset with its confirmation and shows the new credentials', async () => {
    const token = leakedToken('none')
    const reset = vi.fn(async () => ({ token, credentials: NEW_CREDENTIALS }))
    await openToken(token, { reset })
    await click(button('Reset now', await waitFor(() => banner() as HTMLElement)))
    const asked = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    expect(reset).not.toHaveBeenCalled()
    await click(button('Reset', asked))
    await waitFor(() => expect(reset).toHaveBeenCalledWith(token.id))
    await waitFor(() => expect(document.body.textContent).toContain(NEW_CREDENTIALS.accountSid))
  })

  it('Mark as handled clears the banner and the badge, and puts focus on the page heading', async () => {
    const token = leakedToken('disabled')
    const markLeakHandled = vi.fn(async () => ({ ...token, leak: null }))
    await openToken(token, { markLeakHandled })
    await click(button('Mark as handled', await waitFor(() => banner() as HTMLElement)))
    await waitFor(() => expect(banner()).toBeNull())
    expect(markLeakHandled).toHaveBeenCalledWith(token.id)
    expect(document.querySelector('main .page-header')?.textContent).not.toContain('Leaked')
    await waitFor(() => expect(document.activeElement).toBe(document.querySelector('h1')))
  })

  it('keeps the banner with the reason when the leak cannot be marked as handled', async () => {
    const markLeakHandled = vi.fn(async () => {
      throw new ApiError(507, 'StorageFull')
    })
    await openToken(leakedToken('disabled'), { markLeakHandled })
    await click(button('Mark as handled', await waitFor(() => banner() as HTMLElement)))
    await waitFor(() => expect(banner()?.querySelector('.field__error')?.textContent).toBeTruthy())
    expect(banner()).not.toBeNull()
  })
})
