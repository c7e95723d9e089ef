import { within } from '@testing-library/vue'
import type { TokenWithCredentials } from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeCatalog, makeToken, makeUsers, NEW_CREDENTIALS } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { expectCountsAndKeepsLongPaste } from '../../test-support/limited-field-expectations'
import {
  button,
  byLabel,
  choose,
  click,
  renderWithConsole,
  settle,
  type,
  waitFor,
} from '../../test-support/render-console'

function currentStep(): string {
  return document.querySelector('[aria-current="step"]')?.textContent?.trim() ?? ''
}

function wizardApi() {
  return fakeAdminApi({
    users: { list: vi.fn(async () => makeUsers()) },
    catalog: vi.fn(async (apiVersion?: string) => makeCatalog(apiVersion)),
    tokens: {
      create: vi.fn(async () => ({
        token: makeToken({ name: 'Nightly export' }),
        credentials: NEW_CREDENTIALS,
      })),
    },
  })
}

async function openWizard(api = wizardApi()) {
  const view = await renderWithConsole(api, '/settings/api/new')
  await view.findByRole('textbox', { name: 'Token Name' })
  return view
}

async function pickPrimaryContact(userId: string): Promise<void> {
  await choose(document.getElementById('wizard-contact') as HTMLSelectElement, userId)
}

async function fillSetupAndContact(): Promise<void> {
  await type(document.getElementById('wizard-name') as HTMLInputElement, 'Nightly export')
  await click(button('Next'))
  await waitFor(() => expect(document.getElementById('wizard-contact')).not.toBeNull())
  await pickPrimaryContact('usr_impl')
  await click(button('Next'))
  await waitFor(() => expect(currentStep()).toContain('API Scopes'))
}

/** The developer e-mails field's text box, where an address is typed before Add. */
function emailInput(): HTMLInputElement {
  return document.querySelector<HTMLInputElement>('.developer-emails input') as HTMLInputElement
}

describe('the Create Access Token wizard', () => {
  it('counts the name as it is typed, keeps a 200-character paste whole and refuses it with the counter over the limit', async () => {
    const { user, getByRole } = await openWizard()
    await expectCountsAndKeepsLongPaste(
      user,
      getByRole<HTMLInputElement>('textbox', { name: 'Token Name' }),
      {
        counted: '0 / 100 characters',
        max: 100,
        paste: 200,
      },
    )
    await user.click(getByRole('button', { name: 'Next' }))
    expect(currentStep()).toContain('Setup')

    const description = getByRole<HTMLTextAreaElement>('textbox', { name: 'Description' })
    await expectCountsAndKeepsLongPaste(user, description, {
      counted: '0 / 500 characters',
      max: 500,
      paste: 505,
    })
  })

  it('keeps the user on Setup, with the Token Name marked invalid, until a name is given', async () => {
    await openWizard()
    expect(currentStep()).toContain('Setup')

    await click(button('Next'))
    const name = document.getElementById('wizard-name') as HTMLInputElement
    expect(name.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById('wizard-name-error')?.textContent).toContain('This field is required.')
    expect(currentStep()).toContain('Setup')

    await type(name, '   ')
    await click(button('Next'))
    expect(currentStep()).toContain('Setup')

    await type(name, 'Nightly export')
    await click(button('Next'))
    expect(currentStep()).toContain('Contact Information')
  })

  it('words a refused field again in the language chosen after the refusal', async () => {
    const { user, ...view } = await openWizard()
    await click(button('Next'))
    expect(document.getElementById('wizard-name-error')?.textContent).toContain('This field is required.')

    await user.selectOptions(view.getByRole('combobox', { name: 'Language' }), 'zh-CN')
    await waitFor(() => expect(view.getByRole('combobox', { name: '语言' })).toBeTruthy())
    expect(document.getElementById('wizard-name-error')?.textContent).toContain('此字段为必填项。')
  })

  it('words an expiry refusal and a failed Create again in the language chosen after them', async () => {
    const api = wizardApi()
    api.tokens.create = vi.fn(async () => {
      throw new ApiError(503, 'Busy')
    })
    const { user, ...view } = await openWizard(api)
    await choose(await waitFor(() => byLabel<HTMLSelectElement>('Expiry') as HTMLSelectElement), 'custom')
    await click(button('Next'))
    await waitFor(() => expect(document.body.textContent).toContain('Choose an expiry date.'))
    await user.selectOptions(view.getByRole('combobox', { name: 'Language' }), 'zh-CN')
    await waitFor(() => expect(view.getByRole('combobox', { name: '语言' })).toBeTruthy())
    expect(document.body.textContent).toContain('请选择过期日期。')
    await user.selectOptions(view.getByRole('combobox', { name: '语言' }), 'en')
    await waitFor(() => expect(view.getByRole('combobox', { name: 'Language' })).toBeTruthy())

    await choose(byLabel<HTMLSelectElement>('Expiry') as HTMLSelectElement, 'none')
    await fillSetupAndContact()
    await waitFor(() => expect(document.querySelector('[role="switch"]')).not.toBeNull())
    await click(document.querySelector('[role="switch"][aria-labelledby$="-account"]'))
    await click(button('Next'))
    await click(button('Create'))
    expect((await view.findByRole('alert')).textContent).toBe('The service is busy. Try again in a moment.')
    await user.selectOptions(view.getByRole('combobox', { name: 'Language' }), 'zh-CN')
    await waitFor(() => expect(view.getByRole('alert').textContent).toBe('服务繁忙。请稍后重试。'))
  })

  it('defaults the API Version to the latest version of the account kind', async () => {
    await openWizard()
    const version = document.getElementById('wizard-version') as HTMLSelectElement
    expect(version.value).toBe('v14')
    expect([...version.options].map((option) => option.value)).toEqual(['v14', 'v13', 'v12'])
  })

  it('requires a Primary Contact and refuses a malformed developer e-mail', async () => {
    await openWizard()
    await type(document.getElementById('wizard-name') as HTMLInputElement, 'Nightly export')
    await click(button('Next'))
    await waitFor(() => expect(document.getElementById('wizard-contact')).not.toBeNull())

    await click(button('Next'))
    expect(currentStep()).toContain('Contact Information')
    expect(document.getElementById('wizard-contact')?.getAttribute('aria-invalid')).toBe('true')

    const email = document.querySelector<HTMLInputElement>('.developer-emails input')
    await type(email as HTMLInputElement, 'not-an-address')
    await click(button('Add'))
    expect(document.body.textContent).toContain('Enter a valid e-mail address.')
    await type(email as HTMLInputElement, 'dev@partner.example')
    await click(button('Add'))
    expect(document.querySelector('.developer-emails__list')?.textContent).toContain('dev@partner.example')
  })

  it('takes a developer e-mail typed but not added on Next, as Add would', async () => {
    await openWizard()
    await type(document.getElementById('wizard-name') as HTMLInputElement, 'Nightly export')
    await click(button('Next'))
    await waitFor(() => expect(document.getElementById('wizard-contact')).not.toBeNull())
    await pickPrimaryContact('usr_impl')
    await type(emailInput(), ' Dev@Partner.example ')

    await click(button('Next'))
    await waitFor(() => expect(currentStep()).toContain('API Scopes'))
    await click(button('Back'))
    expect(document.querySelector('.developer-emails__list')?.textContent).toContain('dev@partner.example')
    expect(emailInput().value).toBe('')
  })

  it('keeps the user on Contact Information when the developer e-mail typed but not added is not an address', async () => {
    await openWizard()
    await type(document.getElementById('wizard-name') as HTMLInputElement, 'Nightly export')
    await click(button('Next'))
    await waitFor(() => expect(document.getElementById('wizard-contact')).not.toBeNull())
    await pickPrimaryContact('usr_impl')
    await type(emailInput(), 'not-an-address')

    await click(button('Next'))
    expect(currentStep()).toContain('Contact Information')
    expect(emailInput().value).toBe('not-an-address')
    expect(emailInput().getAttribute('aria-invalid')).toBe('true')
    expect(document.querySelector('.developer-emails')?.textContent).toContain(
      'Enter a valid e-mail address.',
    )
    expect(document.activeElement).toBe(emailInput())
  })

  it('words a refused developer e-mail again in the language chosen after the refusal', async () => {
    const { user, ...view } = await openWizard()
    await type(document.getElementById('wizard-name') as HTMLInputElement, 'Nightly export')
    await click(button('Next'))
    await waitFor(() => expect(document.querySelector('.developer-emails input')).not.toBeNull())
    await type(
      document.querySelector<HTMLInputElement>('.developer-emails input') as HTMLInputElement,
      'not-an-address',
    )
    await click(button('Add'))
    expect(document.querySelector('.developer-emails')?.textContent).toContain(
      'Enter a valid e-mail address.',
    )

    await user.selectOptions(view.getByRole('combobox', { name: 'Language' }), 'zh-CN')
    await waitFor(() => expect(view.getByRole('combobox', { name: '语言' })).toBeTruthy())
    expect(document.querySelector('.developer-emails')?.textContent).toContain('请输入有效的电子邮件地址。')
  })

  it('goes Back to the previous step with what was entered still there', async () => {
    await openWizard()
    await fillSetupAndContact()
    await click(button('Back'))
    expect(currentStep()).toContain('Contact Information')
    await click(button('Back'))
    expect(currentStep()).toContain('Setup')
    expect((document.getElementById('wizard-name') as HTMLInputElement).value).toBe('Nightly export')
  })

  it('links the API Scopes step to the API reference, in a new tab', async () => {
    await openWizard()
    await fillSetupAndContact()
    const docs = document.querySelector<HTMLAnchorElement>('a[href="/api/docs"]')
    expect(docs?.textContent).toContain('Open the Integrations Portal')
    expect(docs?.target).toBe('_blank')
    expect(docs?.rel).toBe('noopener')
  })

  it('refuses to leave API Scopes without at least one scope', async () => {
    await openWizard()
    await fillSetupAndContact()
    await waitFor(() => expect(document.querySelector('[role="switch"]')).not.toBeNull())

    await click(button('Next'))
    expect(currentStep()).toContain('API Scopes')
    const error = document.getElementById('wizard-scopes-error')
    expect(error?.textContent).toBe('Choose at least one scope.')
    // Next sits below a long list: focus brings the reason into view (and to a screen reader).
    expect(document.activeElement).toBe(error)
  })

  it('takes a message away once its field changes, instead of leaving it over a corrected value', async () => {
    await openWizard()
    await fillSetupAndContact()
    await waitFor(() => expect(document.querySelector('[role="switch"]')).not.toBeNull())
    await click(button('Next'))
    expect(document.getElementById('wizard-scopes-error')).not.toBeNull()
    expect(document.querySelector('.scope-picker')?.hasAttribute('data-invalid')).toBe(true)

    await click(document.querySelector('[role="switch"][aria-labelledby$="-account"]'))
    expect(document.getElementById('wizard-scopes-error')).toBeNull()
    expect(document.querySelector('.scope-picker')?.hasAttribute('data-invalid')).toBe(false)
  })

  it('creates the token with the chosen settings and shows its credentials with copy buttons', async () => {
    const api = wizardApi()
    await openWizard(api)
    await fillSetupAndContact()
    await waitFor(() => expect(document.querySelector('[role="switch"]')).not.toBeNull())

    await click(document.querySelector('[role="switch"][aria-labelledby$="-account"]'))
    await click(button('Next'))
    expect(currentStep()).toContain('Create')
    expect(document.querySelector('.review')?.textContent).toContain('GET /Account')

    await click(button('Create'))
    await settle()
    expect(api.tokens.create).toHaveBeenCalledWith({
      name: 'Nightly export',
      apiVersion: 'v14',
      primaryContactUserId: 'usr_impl',
      developerEmails: [],
      scopes: ['GET /Account'],
    })
    await waitFor(() => expect(document.body.textContent).toContain('Access token created'))
    // Every step is done once the token exists; none is still "current".
    expect(document.querySelector('[aria-current="step"]')).toBeNull()
    expect(document.querySelectorAll('.steps__item--done')).toHaveLength(4)
    expect(document.body.textContent).toContain(NEW_CREDENTIALS.accountSid)
    expect(document.body.textContent).toContain(NEW_CREDENTIALS.authToken)
    expect(button('Copy Account SID')).toBeDefined()
    expect(button('Copy Auth Token')).toBeDefined()
    expect(document.body.textContent).toContain('Store the auth token somewhere safe')
  })

  it('sends the expiry chosen on Setup and shows it on the review', async () => {
    const api = wizardApi()
    await openWizard(api)
    await waitFor(() => expect(byLabel('Expiry')).toBeDefined())
    await choose(byLabel<HTMLSelectElement>('Expiry'), '30')
    await fillSetupAndContact()
    await waitFor(() => expect(document.querySelector('[role="switch"]')).not.toBeNull())
    await click(document.querySelector('[role="switch"][aria-labelledby$="-account"]'))
    await click(button('Next'))
    expect(document.querySelector('.review')?.textContent).toContain('in 30 days')

    const before = Date.now()
    await click(button('Create'))
    await settle()
    const input = vi.mocked(api.tokens.create).mock.calls[0]?.[0]
    const sent = new Date(input?.expiresAt ?? 0).getTime() - before
    expect(sent).toBeGreaterThan(30 * 86_400_000 - 60_000)
    expect(sent).toBeLessThan(30 * 86_400_000 + 60_000)
  })

  it('offers no "No expiry" when the policy requires one, and refuses a custom date past its maximum', async () => {
    const api = wizardApi()
    api.policies.get = vi.fn(async () => ({
      requireExpiry: true,
      maxLifetimeDays: 60,
      disableUnusedAfterDays: null,
      leakResponse: 'disable' as const,
    }))
    await openWizard(api)
    const expiry = await waitFor(() => byLabel<HTMLSelectElement>('Expiry') as HTMLSelectElement)
    expect([...expiry.options].map((option) => option.textContent?.trim())).toEqual([
      '30 days',
      'Custom date',
    ])
    await choose(expiry, 'custom')
    await type(document.getElementById('wizard-name') as HTMLInputElement, 'Nightly export')
    await type(byLabel<HTMLInputElement>('Expiry date') as HTMLInputElement, '2999-01-01')
    await click(button('Next'))
    await waitFor(() => expect(document.body.textContent).toContain('at most 60 days from now'))
    expect(currentStep()).toContain('Setup')
  })

  it('holds Next on Setup, busy, until the token policy is known, then moves on', async () => {
    const api = wizardApi()
    let answerPolicy: () => void = () => {}
    const policy = {
      requireExpiry: false,
      maxLifetimeDays: null,
      disableUnusedAfterDays: null,
      leakResponse: 'disable' as const,
    }
    api.policies.get = vi.fn(
      () => new Promise<typeof policy>((resolve) => (answerPolicy = () => resolve(policy))),
    )
    await openWizard(api)
    await type(document.getElementById('wizard-name') as HTMLInputElement, 'Nightly export')
    // Busy, not disabled: it keeps keyboard focus, and a press is ignored (AppButton).
    expect(button('Next')?.getAttribute('aria-disabled')).toBe('true')
    expect(button('Next')?.getAttribute('aria-busy')).toBe('true')

    answerPolicy()
    await waitFor(() => expect(button('Next')?.getAttribute('aria-disabled')).toBeNull())
    await click(button('Next'))
    await waitFor(() => expect(currentStep()).toContain('Contact Information'))
  })

  it('asks before leaving a token half made, keeps it when the user stays, and leaves once confirmed', async () => {
    const { user, router, ...view } = await openWizard()
    // Untouched: Cancel leaves at once.
    await user.click(view.getByRole('link', { name: 'Cancel' }))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('api'))

    await router.push('/settings/api/new')
    await user.type(await view.findByRole('textbox', { name: 'Token Name' }), 'Nightly export')
    await user.click(view.getByRole('link', { name: 'Cancel' }))
    const dialog = await view.findByRole('alertdialog', { name: 'Leave without saving?' })
    expect(dialog.textContent).toContain(
      'The token you were creating has not been created. Leave without creating it?',
    )
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())
    expect(router.currentRoute.value.name).toBe('token-new')
    expect(view.getByRole<HTMLInputElement>('textbox', { name: 'Token Name' }).value).toBe('Nightly export')

    await user.click(view.getByRole('link', { name: 'Cancel' }))
    const again = await view.findByRole('alertdialog', { name: 'Leave without saving?' })
    await user.click(within(again).getByRole('button', { name: 'Leave without saving' }))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('api'))
  })

  it('returns Cancel, Back to API and Done to the list with the filters it had when the wizard was opened', async () => {
    const api = wizardApi()
    const { router, ...view } = await renderWithConsole(api, '/settings/api?state=disabled&name=shop')
    await router.push('/settings/api/new')
    await view.findByRole('textbox', { name: 'Token Name' })
    const filtered = '/settings/api?name=shop&state=disabled'
    expect(view.getByRole('link', { name: 'Cancel' }).getAttribute('href')).toBe(filtered)
    expect(view.getByRole('link', { name: 'Back to API' }).getAttribute('href')).toBe(filtered)

    await fillSetupAndContact()
    await waitFor(() => expect(document.querySelector('[role="switch"]')).not.toBeNull())
    await click(document.querySelector('[role="switch"][aria-labelledby$="-account"]'))
    await click(button('Next'))
    await click(button('Create'))
    await click(await waitFor(() => button('Done')))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('api'))
    expect(router.currentRoute.value.query).toEqual({ state: 'disabled', name: 'shop' })
  })

  it('holds a leave while Create is in flight, without claiming nothing was created, and then shows the credentials', async () => {
    const api = wizardApi()
    let answerCreate: () => void = () => {}
    api.tokens.create = vi.fn(
      () =>
        new Promise<TokenWithCredentials>(
          (resolve) =>
            (answerCreate = () =>
              resolve({ token: makeToken({ name: 'Nightly export' }), credentials: NEW_CREDENTIALS })),
        ),
    )
    const { router, ...view } = await openWizard(api)
    await fillSetupAndContact()
    await waitFor(() => expect(document.querySelector('[role="switch"]')).not.toBeNull())
    await click(document.querySelector('[role="switch"][aria-labelledby$="-account"]'))
    await click(button('Next'))
    await click(button('Create'))
    expect(api.tokens.create).toHaveBeenCalledOnce()

    // Leaving (a link, browser Back) waits for the token; Cancel is out of reach meanwhile.
    void router.push({ name: 'api' })
    await settle()
    expect(document.body.textContent).not.toContain('has not been created')
    expect(view.queryByRole('alertdialog')).toBeNull()
    expect(view.queryByRole('link', { name: 'Cancel' })).toBeNull()
    expect(view.getByRole<HTMLButtonElement>('button', { name: 'Cancel' }).disabled).toBe(true)

    answerCreate()
    await view.findByRole('heading', { level: 2, name: 'Access token created' })
    expect(router.currentRoute.value.name).toBe('token-new')
    expect(document.body.textContent).toContain(NEW_CREDENTIALS.authToken)
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('leaves without asking once the token is created', async () => {
    const { user, router, ...view } = await openWizard()
    await fillSetupAndContact()
    await waitFor(() => expect(document.querySelector('[role="switch"]')).not.toBeNull())
    await click(document.querySelector('[role="switch"][aria-labelledby$="-account"]'))
    await click(button('Next'))
    await click(button('Create'))
    await view.findByRole('heading', { level: 2, name: 'Access token created' })
    await user.click(view.getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('api'))
    expect(view.queryByRole('alertdialog')).toBeNull()
  })
})
