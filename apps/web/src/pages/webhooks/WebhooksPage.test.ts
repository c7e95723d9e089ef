import type { DeliveryView, WebhookView } from '@tokens/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { button, byLabel, click, renderConsole, type, waitFor } from '../../test-support/render-console'

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

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
  createdAt: '2026-03-15T12:00:00.000Z',
  lastAttemptAt: '2026-03-16T12:00:00.000Z',
  nextAttemptAt: null,
  deliveredAt: null,
}

async function open(api = fakeAdminApi()) {
  const view = await renderConsole(api, '/settings/webhooks')
  unmount = view.unmount
  return api
}

describe('the webhooks page', () => {
  it('says when there are none, and that e-mails stay queued without an SMTP server', async () => {
    await open(
      fakeAdminApi({ webhooks: { list: vi.fn(async () => ({ items: [], emailConfigured: false })) } }),
    )
    await waitFor(() => expect(document.body.textContent).toContain('No webhooks yet'))
    expect(document.body.textContent).toContain('e-mail notifications stay queued')
  })

  it('adds a webhook with the chosen events and shows its signing secret once', async () => {
    const create = vi.fn(async () => ({ webhook, secret: 'whsec_c2VjcmV0' }))
    const api = await open(fakeAdminApi({ webhooks: { create } }))
    await click(await waitFor(() => button('Add webhook') as HTMLButtonElement))
    await type(byLabel<HTMLInputElement>('Endpoint URL') as HTMLInputElement, 'https://hooks.example.test/in')
    for (const label of [
      'Token expiring',
      'Token expired',
      'Rotation started',
      'Rotation completed',
      'Disabled for disuse',
    ])
      await click(byLabel(label))
    const submit = [...document.querySelectorAll('form button[type="submit"]')][0]
    await click(submit)
    await waitFor(() =>
      expect(create).toHaveBeenCalledWith({
        url: 'https://hooks.example.test/in',
        description: '',
        eventTypes: ['token.leaked'],
      }),
    )
    await waitFor(() => expect(document.body.textContent).toContain('whsec_c2VjcmV0'))
    await click(button('Done'))
    expect(document.body.textContent).not.toContain('whsec_c2VjcmV0')
    expect(api.webhooks.list).toHaveBeenCalledTimes(1)
  })

  it('refuses a URL that is no web address at its field and sends nothing', async () => {
    const api = await open()
    await click(await waitFor(() => button('Add webhook') as HTMLButtonElement))
    const url = byLabel<HTMLInputElement>('Endpoint URL') as HTMLInputElement
    await type(url, 'hooks.example.test')
    await click([...document.querySelectorAll('form button[type="submit"]')][0])
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'))
    expect(api.webhooks.create).not.toHaveBeenCalled()
  })

  it('shows the delivery log with status and resends a delivery', async () => {
    const resend = vi.fn(async () => ({ ...delivery, status: 'pending' as const }))
    const deliveries = vi.fn(async () => [delivery])
    await open(
      fakeAdminApi({
        webhooks: {
          list: vi.fn(async () => ({ items: [webhook], emailConfigured: true })),
          deliveries,
          resend,
        },
      }),
    )
    await click(await waitFor(() => button('Delivery log') as HTMLButtonElement))
    await waitFor(() => expect(document.body.textContent).toContain('Failed'))
    expect(document.body.textContent).toContain('500 · Error status')
    await click(button('Resend'))
    await waitFor(() => expect(resend).toHaveBeenCalledWith('whk_1', 'dlv_1'))
    expect(deliveries).toHaveBeenCalledTimes(2)
  })
})
