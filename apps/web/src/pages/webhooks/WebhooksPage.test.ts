import {
  WEBHOOKS_PER_ACCOUNT_MAX,
  type DeliveryView,
  type UpdateWebhookInput,
  type WebhookView,
} from '@tokens/core'
import { within } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { byLabel, choose, renderWithConsole, waitFor } from '../../test-support/render-console'

const webhook: WebhookView = {
  id: 'whk_1',
  url: 'https://hooks.example.test/in',
  description: 'Ops',
  eventTypes: ['token.leaked'],
  enabled: true,
  createdAt: '2026-03-15T12:00:00.000Z',
  updatedAt: '2026-03-15T12:00:00.000Z',
}

const delivery: DeliveryView = {
  id: 'dlv_1',
  eventId: 'msg_1',
  eventType: 'token.leaked',
  status: 'failed',
  attempts: 18,
  lastResponseStatus: 500,
  lastError: 'http_status',
  expired: true,
  createdAt: '2026-03-15T12:00:00.000Z',
  lastAttemptAt: '2026-03-16T12:00:00.000Z',
  nextAttemptAt: null,
  deliveredAt: null,
}

async function open(api = fakeAdminApi()) {
  const view = await renderWithConsole(api, '/settings/webhooks')
  await view.findByRole('heading', { level: 1, name: 'Webhooks' })
  return { api, ...view }
}

type OpenedPage = Awaited<ReturnType<typeof open>>

/** Opens the add form, types `address` as the endpoint URL and submits; answers the URL field. */
async function addWithUrl(view: OpenedPage, address: string): Promise<HTMLElement> {
  await view.user.click(await view.findByRole('button', { name: 'Add webhook' }))
  const url = view.getByLabelText('Endpoint URL')
  await view.user.type(url, address)
  await view.user.click(view.getByRole('button', { name: 'Add webhook' }))
  return url
}

const listing = (items: WebhookView[]) => vi.fn(async () => ({ items, emailConfigured: true }))

describe('the webhooks page', () => {
  it('says when there are none, and that e-mails are held for 24 hours without an SMTP server', async () => {
    const view = await open(
      fakeAdminApi({ webhooks: { list: vi.fn(async () => ({ items: [], emailConfigured: false })) } }),
    )
    expect(await view.findByText(/^No webhooks yet/)).toBeTruthy()
    expect(view.getByText(/e-mail notifications are held for 24 hours/)).toBeTruthy()
  })

  it('adds a webhook with the chosen events and shows its signing secret once', async () => {
    const create = vi.fn(async () => ({ webhook, secret: 'whsec_c2VjcmV0' }))
    const { api, user, ...view } = await open(fakeAdminApi({ webhooks: { create } }))
    await user.click(await view.findByRole('button', { name: 'Add webhook' }))
    await user.type(view.getByLabelText('Endpoint URL'), 'https://hooks.example.test/in')
    for (const label of [
      'Token expiring',
      'Token expired',
      'Rotation started',
      'Rotation completed',
      'Disabled for disuse',
    ])
      await user.click(view.getByLabelText(label))
    await user.click(view.getByRole('button', { name: 'Add webhook' }))
    await waitFor(() =>
      expect(create).toHaveBeenCalledWith({
        url: 'https://hooks.example.test/in',
        description: '',
        eventTypes: ['token.leaked'],
      }),
    )
    expect(await view.findByText('whsec_c2VjcmV0')).toBeTruthy()
    await user.click(view.getByRole('button', { name: 'Done' }))
    expect(view.queryByText('whsec_c2VjcmV0')).toBeNull()
    expect(api.webhooks.list).toHaveBeenCalledTimes(1)
  })

  it('puts focus on the signing secret once the webhook is added, and on Add after Done or Cancel', async () => {
    const create = vi.fn(async () => ({ webhook, secret: 'whsec_c2VjcmV0' }))
    const { user, ...view } = await open(fakeAdminApi({ webhooks: { create } }))
    await user.click(await view.findByRole('button', { name: 'Add webhook' }))
    await user.click(view.getByRole('button', { name: 'Cancel' }))
    await waitFor(() =>
      expect(document.activeElement).toBe(view.getByRole('button', { name: 'Add webhook' })),
    )

    await user.click(view.getByRole('button', { name: 'Add webhook' }))
    await user.type(view.getByLabelText('Endpoint URL'), 'https://hooks.example.test/in')
    await user.click(view.getByRole('button', { name: 'Add webhook' }))
    const secret = await view.findByRole('region', { name: 'Signing secret' })
    await waitFor(() => expect(document.activeElement).toBe(within(secret).getByRole('heading')))
    await user.click(within(secret).getByRole('button', { name: 'Done' }))
    await waitFor(() =>
      expect(document.activeElement).toBe(view.getByRole('button', { name: 'Add webhook' })),
    )
  })

  it('asks before leaving a webhook half added, and leaves an untouched form without asking', async () => {
    const { user, router, ...view } = await open()
    await user.click(await view.findByRole('button', { name: 'Add webhook' }))
    await user.type(view.getByLabelText('Endpoint URL'), 'https://hooks.example.test/in')
    await user.click(view.getByRole('link', { name: 'Token policies' }))
    const dialog = await view.findByRole('alertdialog', { name: 'Leave without saving?' })
    expect(dialog.textContent).toContain('The webhook you were adding has not been added.')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())
    expect(router.currentRoute.value.name).toBe('webhooks')
    expect(view.getByLabelText<HTMLInputElement>('Endpoint URL').value).toBe('https://hooks.example.test/in')

    await user.clear(view.getByLabelText('Endpoint URL'))
    await user.click(view.getByRole('link', { name: 'Token policies' }))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('policies'))
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('asks before leaving while the signing secret of a webhook just added is shown, and leaves without asking once Done', async () => {
    const create = vi.fn(async () => ({ webhook, secret: 'whsec_c2VjcmV0' }))
    const page = await open(fakeAdminApi({ webhooks: { create } }))
    const { user, router, ...view } = page
    await addWithUrl(page, 'https://hooks.example.test/in')
    const secret = await view.findByRole('region', { name: 'Signing secret' })

    await user.click(view.getByRole('link', { name: 'Token policies' }))
    const dialog = await view.findByRole('alertdialog', { name: 'Leave without saving?' })
    expect(dialog.textContent).toContain('The signing secret of the webhook you added is not shown again.')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())
    expect(router.currentRoute.value.name).toBe('webhooks')
    expect(secret.textContent).toContain('whsec_c2VjcmV0')

    await user.click(within(secret).getByRole('button', { name: 'Done' }))
    await user.click(view.getByRole('link', { name: 'Token policies' }))
    await waitFor(() => expect(router.currentRoute.value.name).toBe('policies'))
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('refuses a URL that is no web address at its field and sends nothing', async () => {
    const view = await open()
    const url = await addWithUrl(view, 'hooks.example.test')
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'))
    expect(url.getAttribute('aria-describedby')).toContain(
      view.getByText('Enter a full https:// URL, without a user name or password in it.').id,
    )
    expect(view.api.webhooks.create).not.toHaveBeenCalled()
  })

  it('shows the server’s refusal of the URL (https only) at the URL field, not as a form-wide error', async () => {
    const create = vi.fn(async () => {
      throw new ApiError(400, 'ValidationFailed', 'Some fields are not valid.', {}, ['url'])
    })
    const view = await open(fakeAdminApi({ webhooks: { create } }))
    const url = await addWithUrl(view, 'http://hooks.example.test/in')
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'))
    expect(url.getAttribute('aria-describedby')).toContain(
      view.getByText('Enter a full https:// URL, without a user name or password in it.').id,
    )
    expect(document.body.textContent).not.toContain('Some fields are not valid.')
    await waitFor(() => expect(document.activeElement).toBe(url))
  })

  it('disables Add at ten webhooks and says why, in both languages', async () => {
    const ten = Array.from({ length: WEBHOOKS_PER_ACCOUNT_MAX }, (_, n) => ({
      ...webhook,
      id: `whk_${n}`,
      url: `https://hooks.example.test/${n}`,
    }))
    const view = await open(fakeAdminApi({ webhooks: { list: listing(ten) } }))
    const add = await view.findByRole('button', { name: 'Add webhook' })
    expect((add as HTMLButtonElement).disabled).toBe(true)
    const hint = view.getByText(
      'This account has the maximum of 10 webhooks. Delete one before adding another.',
    )
    expect(add.getAttribute('aria-describedby')).toBe(hint.id)
    await choose(byLabel<HTMLSelectElement>('Language'), 'zh-CN')
    expect(
      await view.findByText('此账户已有 10 个 Webhook，已达上限。请先删除一个，再添加新的。'),
    ).toBeTruthy()
  })

  it('shows the server’s refusal when the account reached its webhook limit meanwhile', async () => {
    const create = vi.fn(async () => {
      throw new ApiError(409, 'WebhookLimitReached', '', { max: WEBHOOKS_PER_ACCOUNT_MAX })
    })
    const view = await open(fakeAdminApi({ webhooks: { list: listing([webhook]), create } }))
    await addWithUrl(view, 'https://hooks.example.test/more')
    expect((await view.findByRole('alert')).textContent).toContain(
      'This account has the maximum of 10 webhooks. Delete one before adding another.',
    )
  })

  it('names each open delivery log by its webhook, and tells each webhook’s buttons apart by its URL', async () => {
    const other: WebhookView = { ...webhook, id: 'whk_2', url: 'https://hooks.example.test/other' }
    const { user, ...view } = await open(fakeAdminApi({ webhooks: { list: listing([webhook, other]) } }))
    for (const show of await view.findAllByRole('button', { name: 'Show delivery log' }))
      await user.click(show)

    for (const url of [webhook.url, other.url]) {
      // The webhook's heading (h2 under the page's h1), then its log's (h3).
      expect(view.getByRole('heading', { level: 2, name: url })).toBeTruthy()
      const log = await view.findByRole('region', { name: `Delivery log ${url}` })
      expect(within(log).getByRole('heading', { level: 3, name: 'Delivery log' })).toBeTruthy()
      expect(within(log).getByRole('button', { name: 'Refresh', description: url })).toBeTruthy()
      for (const name of ['Hide delivery log', 'Disable', 'Delete'])
        expect(view.getByRole('button', { name, description: url })).toBeTruthy()
    }
  })

  it('asks before deleting a webhook, and removes it from the list once deleted', async () => {
    const remove = vi.fn(async () => undefined)
    const { user, ...view } = await open(fakeAdminApi({ webhooks: { list: listing([webhook]), remove } }))
    await user.click(await view.findByRole('button', { name: 'Delete' }))
    const dialog = await view.findByRole('alertdialog')
    expect(dialog.textContent).toContain(webhook.url)
    expect(remove).not.toHaveBeenCalled()
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(remove).toHaveBeenCalledWith('whk_1'))
    await waitFor(() => expect(view.queryByText(webhook.url)).toBeNull())
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('drops a webhook someone else deleted meanwhile: Delete closes as done, Disable says why', async () => {
    const other: WebhookView = { ...webhook, id: 'whk_2', url: 'https://hooks.example.test/other' }
    const gone = async () => {
      throw new ApiError(404, 'NotFound')
    }
    const { user, ...view } = await open(
      fakeAdminApi({
        webhooks: { list: listing([webhook, other]), remove: vi.fn(gone), update: vi.fn(gone) },
      }),
    )
    const row = (id: string) =>
      within(document.querySelector<HTMLElement>(`[data-webhook-id="${id}"]`) as HTMLElement)
    await view.findAllByRole('button', { name: 'Delete' })
    await user.click(row('whk_1').getByRole('button', { name: 'Delete' }))
    await user.click(within(await view.findByRole('alertdialog')).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(view.queryByText(webhook.url)).toBeNull())
    expect(view.queryByRole('alertdialog')).toBeNull()

    await user.click(row('whk_2').getByRole('button', { name: 'Disable' }))
    await user.click(within(await view.findByRole('alertdialog')).getByRole('button', { name: 'Disable' }))
    await waitFor(() => expect(view.queryByText(other.url)).toBeNull())
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('asks before disabling a webhook, saying deliveries wait and expire unsent after 24 hours; Cancel sends nothing', async () => {
    const update = vi.fn(async () => ({ ...webhook, enabled: false }))
    const { user, ...view } = await open(fakeAdminApi({ webhooks: { list: listing([webhook]), update } }))
    await user.click(await view.findByRole('button', { name: 'Disable' }))
    const dialog = await view.findByRole('alertdialog')
    expect(within(dialog).getByRole('heading').textContent).toContain(webhook.url)
    expect(dialog.textContent).toContain('a delivery not made within 24 hours expires unsent')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())
    expect(update).not.toHaveBeenCalled()
    expect(view.getByRole('button', { name: 'Disable' })).toBeTruthy()
  })

  it('disables a webhook once confirmed and says so, and enables it again without asking', async () => {
    const update = vi.fn(async (_id: string, input: UpdateWebhookInput) => ({
      ...webhook,
      enabled: input.enabled ?? true,
    }))
    const { user, ...view } = await open(fakeAdminApi({ webhooks: { list: listing([webhook]), update } }))
    await user.click(await view.findByRole('button', { name: 'Disable' }))
    const dialog = await view.findByRole('alertdialog')
    expect(update).not.toHaveBeenCalled()
    await user.click(within(dialog).getByRole('button', { name: 'Disable' }))
    await waitFor(() => expect(update).toHaveBeenCalledWith('whk_1', { enabled: false }))
    expect(await within(document.body).findByText('Webhook disabled.')).toBeTruthy()
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())
    expect(within(document.body).queryByText('Webhook saved.')).toBeNull()

    await user.click(await view.findByRole('button', { name: 'Enable' }))
    await waitFor(() => expect(update).toHaveBeenLastCalledWith('whk_1', { enabled: true }))
    expect(await within(document.body).findByText('Webhook enabled.')).toBeTruthy()
    expect(view.queryByRole('alertdialog')).toBeNull()
  })

  it('edits a webhook’s URL, description and events in the same form, and keeps the edits when the save fails', async () => {
    const update = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(503, 'Busy'))
      .mockImplementation(async (_id: string, input: object) => ({ ...webhook, ...input }))
    const { user, ...view } = await open(fakeAdminApi({ webhooks: { list: listing([webhook]), update } }))
    await user.click(await view.findByRole('button', { name: 'Edit' }))
    const url = view.getByRole<HTMLInputElement>('textbox', { name: 'Endpoint URL' })
    expect(url.value).toBe(webhook.url)
    expect(document.activeElement).toBe(url)
    const description = view.getByRole<HTMLInputElement>('textbox', { name: 'Description' })
    await user.clear(description)
    await user.type(description, 'Pager')
    await user.click(view.getByRole('checkbox', { name: 'Rotation started' }))

    await user.click(view.getByRole('button', { name: 'Save changes' }))
    expect((await view.findByRole('alert')).textContent).toBe('The service is busy. Try again in a moment.')
    expect(description.value).toBe('Pager')
    await user.click(view.getByRole('button', { name: 'Save changes' }))
    await waitFor(() =>
      // Only what changed: another manager's save of the URL meanwhile would stand.
      expect(update).toHaveBeenLastCalledWith('whk_1', {
        description: 'Pager',
        eventTypes: ['token.leaked', 'token.rotation_started'],
      }),
    )
    await waitFor(() => expect(view.queryByRole('button', { name: 'Save changes' })).toBeNull())
    expect(view.getByText('Pager')).toBeTruthy()
    await waitFor(() => expect(document.activeElement).toBe(view.getByRole('button', { name: 'Edit' })))
  })

  it('asks before leaving an edit with changes, and drops a webhook deleted meanwhile when its edit is saved', async () => {
    const update = vi.fn(async () => {
      throw new ApiError(404, 'NotFound')
    })
    const { user, router, ...view } = await open(
      fakeAdminApi({ webhooks: { list: listing([webhook]), update } }),
    )
    await user.click(await view.findByRole('button', { name: 'Edit' }))
    await user.type(view.getByRole('textbox', { name: 'Description' }), ' team')
    await user.click(view.getByRole('link', { name: 'Audit trail' }))
    const dialog = await view.findByRole('alertdialog', { name: 'Leave without saving?' })
    expect(dialog.textContent).toContain('Your changes to this webhook have not been saved.')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(router.currentRoute.value.name).not.toBe('audit')

    await user.click(view.getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(view.queryByText(webhook.url)).toBeNull())
    expect(view.queryByRole('button', { name: 'Save changes' })).toBeNull()
  })

  it('closes the edit of a webhook deleted from its own row, Add offered again', async () => {
    const remove = vi.fn(async () => undefined)
    const { user, ...view } = await open(fakeAdminApi({ webhooks: { list: listing([webhook]), remove } }))
    await user.click(await view.findByRole('button', { name: 'Edit' }))
    await user.click(view.getByRole('button', { name: 'Delete' }))
    await user.click(within(await view.findByRole('alertdialog')).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(view.queryByText(webhook.url)).toBeNull())
    expect(view.queryByRole('button', { name: 'Save changes' })).toBeNull()
    expect(view.getByRole('button', { name: 'Add webhook' })).toBeTruthy()
  })

  it('shows the delivery log with status and resends a delivery', async () => {
    const resend = vi.fn(async () => ({ ...delivery, status: 'pending' as const }))
    const deliveries = vi.fn(async () => [delivery])
    const { user, ...view } = await open(
      fakeAdminApi({ webhooks: { list: listing([webhook]), deliveries, resend } }),
    )
    await user.click(await view.findByRole('button', { name: 'Show delivery log' }))
    expect(await view.findByText('Failed')).toBeTruthy()
    expect(view.getByText(/500 · Error status/)).toBeTruthy()
    await user.click(view.getByRole('button', { name: 'Resend' }))
    await waitFor(() => expect(resend).toHaveBeenCalledWith('whk_1', 'dlv_1'))
    expect(deliveries).toHaveBeenCalledTimes(2)
  })

  it('reads the log again when a resend is refused, so that the row shows the delivery pending, with the error said and focus kept in the row', async () => {
    const deliveries = vi
      .fn<() => Promise<DeliveryView[]>>()
      .mockResolvedValueOnce([delivery])
      // Another manager resent it meanwhile.
      .mockResolvedValue([{ ...delivery, status: 'pending', nextAttemptAt: '2026-03-17T12:00:00.000Z' }])
    const resend = vi.fn(async () => {
      throw new ApiError(409, 'DeliveryPending')
    })
    const { user, ...view } = await open(
      fakeAdminApi({ webhooks: { list: listing([webhook]), deliveries, resend } }),
    )
    await user.click(await view.findByRole('button', { name: 'Show delivery log' }))
    expect(await view.findByText('Failed')).toBeTruthy()
    const button = view.getByRole<HTMLButtonElement>('button', { name: 'Resend' })
    await user.click(button)

    const pending = await view.findByText('Pending')
    expect(deliveries).toHaveBeenCalledTimes(2)
    expect(button.disabled).toBe(true)
    expect(view.getByText(/This delivery is still pending and will be attempted automatically/)).toBeTruthy()
    expect(document.activeElement).toBe(pending)
  })

  it('keeps each webhook’s Enable busy until its own request answers, whichever answers first', async () => {
    const first: WebhookView = { ...webhook, enabled: false }
    const other: WebhookView = { ...first, id: 'whk_2', url: 'https://hooks.example.test/other' }
    const answers = new Map<string, (changed: WebhookView) => void>()
    const update = vi.fn((id: string) => new Promise<WebhookView>((resolve) => answers.set(id, resolve)))
    const { user, ...view } = await open(
      fakeAdminApi({ webhooks: { list: listing([first, other]), update } }),
    )
    const row = (id: string) =>
      within(document.querySelector<HTMLElement>(`[data-webhook-id="${id}"]`) as HTMLElement)
    const enable = (id: string) => row(id).getByRole<HTMLButtonElement>('button', { name: 'Enable' })
    await view.findAllByRole('button', { name: 'Enable' })

    await user.click(enable('whk_1'))
    await user.click(enable('whk_2'))
    // The first is still under way: it stays busy (focusable, aria-disabled), and a second press sends nothing.
    expect(enable('whk_1').getAttribute('aria-disabled')).toBe('true')
    expect(enable('whk_2').getAttribute('aria-disabled')).toBe('true')
    await user.click(enable('whk_1'))
    expect(update).toHaveBeenCalledTimes(2)

    answers.get('whk_1')?.({ ...first, enabled: true })
    await waitFor(() => expect(row('whk_1').getByRole('button', { name: 'Disable' })).toBeTruthy())
    expect(enable('whk_2').getAttribute('aria-disabled')).toBe('true')
    expect(enable('whk_2').getAttribute('aria-busy')).toBe('true')
    answers.get('whk_2')?.({ ...other, enabled: true })
    await waitFor(() => expect(row('whk_2').getByRole('button', { name: 'Disable' })).toBeTruthy())
  })

  it('shows the newest read of the delivery log when an older one answers after it, Refresh busy meanwhile', async () => {
    const answers: Array<(items: DeliveryView[]) => void> = []
    const deliveries = vi.fn(() => new Promise<DeliveryView[]>((resolve) => answers.push(resolve)))
    const resend = vi.fn(async () => ({ ...delivery, status: 'pending' as const }))
    const { user, ...view } = await open(
      fakeAdminApi({ webhooks: { list: listing([webhook]), deliveries, resend } }),
    )
    await user.click(await view.findByRole('button', { name: 'Show delivery log' }))
    await waitFor(() => expect(deliveries).toHaveBeenCalledTimes(1))
    answers[0]?.([delivery])
    expect(await view.findByText('Failed')).toBeTruthy()

    const refresh = view.getByRole<HTMLButtonElement>('button', { name: 'Refresh' })
    await user.click(refresh)
    await waitFor(() => expect(refresh.getAttribute('aria-busy')).toBe('true'))
    expect(refresh.getAttribute('aria-disabled')).toBe('true')
    // Resend reads the log again while Refresh's read is still under way; the newer read answers first.
    await user.click(view.getByRole('button', { name: 'Resend' }))
    await waitFor(() => expect(deliveries).toHaveBeenCalledTimes(3))
    answers[2]?.([{ ...delivery, status: 'delivered', deliveredAt: '2026-03-17T12:00:00.000Z' }])
    expect(await view.findByText('Delivered')).toBeTruthy()
    answers[1]?.([delivery])
    await waitFor(() => expect(refresh.getAttribute('aria-disabled')).toBeNull())
    expect(view.getByText('Delivered')).toBeTruthy()
    expect(view.queryByText('Failed')).toBeNull()
  })

  it('shows the last error beside the expiry of a delivery that gave up after its retries, in each language', async () => {
    const timedOut: DeliveryView = {
      ...delivery,
      id: 'dlv_2',
      lastResponseStatus: null,
      lastError: 'timeout',
    }
    const unsent: DeliveryView = {
      ...delivery,
      id: 'dlv_3',
      attempts: 0,
      lastResponseStatus: null,
      lastError: 'expired',
      lastAttemptAt: null,
    }
    const deliveries = vi.fn(async () => [delivery, timedOut, unsent])
    const { user, ...view } = await open(fakeAdminApi({ webhooks: { list: listing([webhook]), deliveries } }))
    await user.click(await view.findByRole('button', { name: 'Show delivery log' }))
    // The Response column of the delivery's row.
    const response = (id: string) =>
      within(document.querySelector<HTMLElement>(`[data-delivery-id="${id}"]`) as HTMLElement)
        .getAllByRole('cell')[3]
        ?.textContent?.trim()
    await waitFor(() =>
      expect(response('dlv_1')).toBe('Expired after 24 hours of retries. Last error: 500 · Error status'),
    )
    expect(response('dlv_2')).toBe('Expired after 24 hours of retries. Last error: Timed out')
    expect(response('dlv_3')).toBe('Expired, not sent')

    await choose(byLabel<HTMLSelectElement>('Language'), 'zh-CN')
    await waitFor(() =>
      expect(response('dlv_1')).toBe('重试 24 小时后已过期。最后一次错误：500 · 错误状态码'),
    )
    expect(response('dlv_2')).toBe('重试 24 小时后已过期。最后一次错误：超时')
    expect(response('dlv_3')).toBe('已过期，未发送')
  })

  it('says when the next attempt is due in the words of each language', async () => {
    const pending: DeliveryView = {
      ...delivery,
      status: 'pending',
      nextAttemptAt: '2026-03-16T13:00:00.000Z',
    }
    const { user, ...view } = await open(
      fakeAdminApi({ webhooks: { list: listing([webhook]), deliveries: vi.fn(async () => [pending]) } }),
    )
    await user.click(await view.findByRole('button', { name: 'Show delivery log' }))
    const next = await waitFor(() => document.querySelector('.deliveries__next') as HTMLElement)
    expect(next.textContent?.trim()).toMatch(/^Next attempt: \S/)

    await choose(byLabel<HTMLSelectElement>('Language'), 'zh-CN')
    await waitFor(() => expect(next.textContent?.trim()).toMatch(/^下次尝试：\S/))
  })
})

describe('a webhook’s delivery log read again', () => {
  const queued: DeliveryView = { ...delivery, status: 'pending', nextAttemptAt: '2026-03-17T12:00:00.000Z' }
  const unreachable = () => new ApiError(0, 'NetworkUnavailable')
  const log = () => within(document.querySelector<HTMLElement>('.deliveries') as HTMLElement)

  async function openLog(deliveries: () => Promise<DeliveryView[]>, resend = vi.fn(async () => queued)) {
    const view = await open(
      fakeAdminApi({ webhooks: { list: listing([webhook]), deliveries: vi.fn(deliveries), resend } }),
    )
    await view.user.click(await view.findByRole('button', { name: 'Show delivery log' }))
    expect(await log().findByText('Failed')).toBeTruthy()
    return view
  }

  it('keeps the rows and focus on Resend when the read after a refused resend fails, saying so beside the log with Retry and keeping the refusal', async () => {
    let reads = 0
    const { user } = await openLog(
      async () => {
        if (++reads > 1) throw unreachable()
        return [delivery]
      },
      vi.fn(async () => {
        throw new ApiError(409, 'DeliveryPending')
      }),
    )
    const button = log().getByRole<HTMLButtonElement>('button', { name: 'Resend' })
    await user.click(button)

    const alert = await log().findByRole('alert')
    expect(alert.textContent).toContain('The delivery log could not be brought up to date')
    expect(alert.textContent).toContain('The server cannot be reached.')
    expect(
      within(alert).getByRole('button', { name: 'Retry bringing the delivery log up to date' }),
    ).toBeTruthy()
    expect(log().getByText('Failed')).toBeTruthy()
    expect(
      within(document.body).getByText(/This delivery is still pending and will be attempted automatically/),
    ).toBeTruthy()
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBeNull())
    expect(button.disabled).toBe(false)
    expect(document.activeElement).toBe(button)
  })

  it('shows a queued resend pending in its row when the read after it fails, focus on the row’s status and the toast kept', async () => {
    let reads = 0
    const { user } = await openLog(async () => {
      if (++reads > 1) throw new ApiError(503, 'Busy')
      return [delivery]
    })
    await user.click(log().getByRole('button', { name: 'Resend' }))

    const alert = await log().findByRole('alert')
    expect(alert.textContent).toContain('The service is busy.')
    const pending = log().getByText('Pending')
    expect(log().getByRole<HTMLButtonElement>('button', { name: 'Resend' }).disabled).toBe(true)
    expect(document.activeElement).toBe(pending)
    expect(within(document.body).getByText('Delivery queued again.')).toBeTruthy()
  })

  it('brings the log up to date on Retry, the notice going and focus moving to the log’s heading', async () => {
    let reads = 0
    const { user } = await openLog(async () => {
      reads++
      if (reads === 2) throw unreachable()
      return reads === 1 ? [delivery] : [{ ...delivery, status: 'delivered' as const }]
    })
    await user.click(log().getByRole('button', { name: 'Refresh' }))
    const retry = await log().findByRole('button', { name: 'Retry bringing the delivery log up to date' })
    expect(log().getByText('Failed')).toBeTruthy()

    await user.click(retry)
    expect(await log().findByText('Delivered')).toBeTruthy()
    // The notice goes, and focus moves, once the read has settled: a render or two after the rows.
    await waitFor(() => expect(log().queryByRole('alert')).toBeNull())
    await waitFor(() =>
      expect(document.activeElement).toBe(log().getByRole('heading', { name: 'Delivery log' })),
    )
  })

  it('lets neither the rows nor the failure of an older read overwrite those of a newer one that answered first', async () => {
    const answers: Array<{ resolve: (items: DeliveryView[]) => void; reject: (failure: unknown) => void }> =
      []
    const { user } = await openLog(
      async () =>
        answers.length === 0
          ? (answers.push({ resolve: () => {}, reject: () => {} }), [delivery])
          : new Promise<DeliveryView[]>((resolve, reject) => answers.push({ resolve, reject })),
      vi.fn(async () => {
        throw new ApiError(409, 'DeliveryPending')
      }),
    )
    // Refresh's read is under way when the read after a refused resend starts.
    await user.click(log().getByRole('button', { name: 'Refresh' }))
    await user.click(log().getByRole('button', { name: 'Resend' }))
    await waitFor(() => expect(answers).toHaveLength(3))

    // The newer read fails first: the rows stay as they were, and the older read's answer is dropped.
    answers[2]?.reject(unreachable())
    expect(await log().findByRole('alert')).toBeTruthy()
    answers[1]?.resolve([{ ...delivery, status: 'delivered' }])
    await new Promise((settle) => setTimeout(settle, 20))
    expect(log().getByText('Failed')).toBeTruthy()
    expect(log().queryByText('Delivered')).toBeNull()
    expect(log().getByRole('alert')).toBeTruthy()
  })

  it('still shows the load error with Retry when the first read fails', async () => {
    const deliveries = vi
      .fn<() => Promise<DeliveryView[]>>()
      .mockRejectedValueOnce(unreachable())
      .mockResolvedValueOnce([delivery])
    const { user, ...view } = await open(fakeAdminApi({ webhooks: { list: listing([webhook]), deliveries } }))
    await user.click(await view.findByRole('button', { name: 'Show delivery log' }))
    const alert = await log().findByRole('alert')
    expect(alert.textContent).not.toContain('brought up to date')
    expect(log().queryByRole('table')).toBeNull()
    await user.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await log().findByText('Failed')).toBeTruthy()
  })
})
