import type { EmailDeliveryPage, EmailDeliveryView } from '@tokens/core'
import { within } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { byLabel, choose, renderWithConsole, waitFor } from '../../test-support/render-console'

const refused: EmailDeliveryView = {
  id: 'ntd_1',
  eventId: 'nev_1',
  eventType: 'token.expiring',
  status: 'failed',
  attempts: 1,
  lastResponseStatus: 550,
  lastError: 'smtp_rejected',
  expired: false,
  createdAt: '2026-03-15T12:00:00.000Z',
  lastAttemptAt: '2026-03-15T12:00:05.000Z',
  nextAttemptAt: null,
  deliveredAt: null,
  recipient: 'gone@example.test',
  token: { id: 'tok_1', name: 'Billing sync', kind: 'scoped' },
}
const retrying: EmailDeliveryView = {
  ...refused,
  id: 'ntd_2',
  status: 'pending',
  lastResponseStatus: 451,
  lastError: 'smtp_failed',
  nextAttemptAt: '2026-03-15T12:10:00.000Z',
  recipient: 'busy@example.test',
  token: null,
}

const page = (items: EmailDeliveryView[], nextCursor: string | null = null): EmailDeliveryPage => ({
  items,
  nextCursor,
})

async function open(api = fakeAdminApi()) {
  const view = await renderWithConsole(api, '/settings/webhooks')
  await view.findByRole('heading', { level: 1, name: 'Webhooks' })
  return { api, ...view }
}

/** `refused` as another manager's resend left it: pending again. */
const resentMeanwhile: EmailDeliveryView = {
  ...refused,
  status: 'pending',
  lastError: null,
  lastResponseStatus: null,
  nextAttemptAt: refused.createdAt,
}

const section = () => within(document.querySelector<HTMLElement>('.email-deliveries') as HTMLElement)
const row = (id: string) =>
  within(document.querySelector<HTMLElement>(`[data-delivery-id="${id}"]`) as HTMLElement)

/** The page over `list` with its second page loaded, every resend refused as pending: `refused`'s Resend. */
async function openWithMoreLoadedRefusingResend(list: (cursor?: string) => Promise<EmailDeliveryPage>) {
  const resend = vi.fn(async () => {
    throw new ApiError(409, 'DeliveryPending')
  })
  const { user } = await open(fakeAdminApi({ emailDeliveries: { list, resend } }))
  await user.click(await section().findByRole('button', { name: 'Load more' }))
  const button = await waitFor(() => row('ntd_1').getByRole<HTMLButtonElement>('button', { name: 'Resend' }))
  return { user, button }
}

describe('the e-mail deliveries on the webhooks page', () => {
  it('lists each e-mail with its token, recipient, status and the mail server’s reply, in each language', async () => {
    const list = vi.fn(async () => page([refused, retrying]))
    const view = await open(fakeAdminApi({ emailDeliveries: { list } }))
    expect(await view.findByRole('heading', { level: 2, name: 'E-mail deliveries' })).toBeTruthy()
    await waitFor(() => expect(row('ntd_1').getByText('gone@example.test')).toBeTruthy())
    expect(row('ntd_1').getByRole('link', { name: 'Billing sync' })).toBeTruthy()
    expect(row('ntd_1').getByText('550 · Refused by the mail server for good')).toBeTruthy()
    expect(row('ntd_1').getByText('Failed')).toBeTruthy()
    expect(row('ntd_2').getByText('Token deleted')).toBeTruthy()
    expect(row('ntd_2').getByText('451 · Not accepted by the mail server yet')).toBeTruthy()
    expect(row('ntd_2').getByText(/^Next attempt:/)).toBeTruthy()
    // A pending e-mail is retried by itself: its Resend is off.
    expect(row('ntd_2').getByRole<HTMLButtonElement>('button', { name: 'Resend' }).disabled).toBe(true)

    await choose(byLabel<HTMLSelectElement>('Language'), 'zh-CN')
    await waitFor(() => expect(row('ntd_1').getByText('550 · 邮件服务器永久拒绝')).toBeTruthy())
    expect(section().getByRole('heading', { level: 2, name: '电子邮件投递' })).toBeTruthy()
    expect(row('ntd_2').getByText('令牌已删除')).toBeTruthy()
  })

  it('links a token to its page, and a legacy credential, which has no page of its own, to the legacy tokens page', async () => {
    const leaked: EmailDeliveryView = {
      ...refused,
      id: 'ntd_3',
      eventType: 'token.leaked',
      token: { id: 'tok_legacy', name: 'Read/Write', kind: 'legacy_read_write' },
    }
    const list = vi.fn(async () => page([refused, leaked]))
    await open(fakeAdminApi({ emailDeliveries: { list } }))
    const legacyLink = await waitFor(() =>
      row('ntd_3').getByRole<HTMLAnchorElement>('link', { name: 'Read/Write' }),
    )
    expect(new URL(legacyLink.href).pathname).toBe('/settings/api/legacy')
    const tokenLink = row('ntd_1').getByRole<HTMLAnchorElement>('link', { name: 'Billing sync' })
    expect(new URL(tokenLink.href).pathname).toBe('/settings/api/tokens/tok_1')
  })

  it('tells each row’s Resend apart to a screen reader by its event, token and recipient', async () => {
    const list = vi.fn(async () => page([refused, { ...retrying, status: 'failed' }]))
    await open(fakeAdminApi({ emailDeliveries: { list } }))
    await waitFor(() => expect(row('ntd_1').getByText('gone@example.test')).toBeTruthy())
    const description = 'Token expiring Billing sync gone@example.test'
    expect(row('ntd_1').getByRole('button', { name: 'Resend', description })).toBeTruthy()
    expect(
      row('ntd_2').getByRole('button', {
        name: 'Resend',
        description: 'Token expiring Token deleted busy@example.test',
      }),
    ).toBeTruthy()
  })

  it('says when there are none, and offers Retry when the list fails to load', async () => {
    const list = vi.fn().mockRejectedValueOnce(new ApiError(503, 'Busy')).mockResolvedValueOnce(page([]))
    const { user } = await open(fakeAdminApi({ emailDeliveries: { list } }))
    await waitFor(() =>
      expect(section().getByText('The e-mail deliveries could not be loaded.')).toBeTruthy(),
    )
    await user.click(section().getByRole('button', { name: 'Retry' }))
    expect(await section().findByText('No notification e-mails yet.')).toBeTruthy()
  })

  it('loads the next page with the cursor of the last', async () => {
    const list = vi.fn(async (cursor?: string) =>
      cursor === 'c1' ? page([retrying]) : page([refused], 'c1'),
    )
    const { user } = await open(fakeAdminApi({ emailDeliveries: { list } }))
    await user.click(await section().findByRole('button', { name: 'Load more' }))
    await waitFor(() => expect(row('ntd_2').getByText('busy@example.test')).toBeTruthy())
    expect(list).toHaveBeenLastCalledWith('c1', expect.anything())
    expect(section().queryByRole('button', { name: 'Load more' })).toBeNull()
  })

  it('resends a failed e-mail, busy until the answer, and shows it pending again with focus on its status', async () => {
    let answer: (delivery: EmailDeliveryView) => void = () => {}
    const resend = vi.fn(() => new Promise<EmailDeliveryView>((resolve) => (answer = resolve)))
    const { user } = await open(
      fakeAdminApi({ emailDeliveries: { list: vi.fn(async () => page([refused])), resend } }),
    )
    const button = await waitFor(() =>
      row('ntd_1').getByRole<HTMLButtonElement>('button', { name: 'Resend' }),
    )
    await user.click(button)
    expect(resend).toHaveBeenCalledWith('ntd_1')
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('true'))
    await user.click(button)
    expect(resend).toHaveBeenCalledTimes(1)
    answer({
      ...refused,
      status: 'pending',
      lastError: null,
      lastResponseStatus: null,
      nextAttemptAt: refused.createdAt,
    })
    await waitFor(() => expect(row('ntd_1').getByText('Pending')).toBeTruthy())
    expect(row('ntd_1').getByRole<HTMLButtonElement>('button', { name: 'Resend' }).disabled).toBe(true)
    expect(await within(document.body).findByText('Delivery queued again.')).toBeTruthy()
    // Its Resend, disabled now, cannot hold focus: the row's status takes it, not the page's body.
    expect(document.activeElement).toBe(row('ntd_1').getByText('Pending'))
  })

  it('says why a resend was refused', async () => {
    const resend = vi.fn(async () => {
      throw new ApiError(409, 'DeliveryPending')
    })
    const { user } = await open(
      fakeAdminApi({ emailDeliveries: { list: vi.fn(async () => page([refused])), resend } }),
    )
    await user.click(await waitFor(() => row('ntd_1').getByRole('button', { name: 'Resend' })))
    await waitFor(() => expect(resend).toHaveBeenCalled())
    expect(
      await within(document.body).findByText(
        /This delivery is still pending and will be attempted automatically/,
      ),
    ).toBeTruthy()
    expect(row('ntd_1').getByText('Failed')).toBeTruthy()
  })

  it('reads the row’s page again when its resend is refused, so that it shows the e-mail another manager resent as pending, keeping the pages loaded, the error and focus in the row', async () => {
    const newer: EmailDeliveryView = { ...refused, id: 'ntd_0', recipient: 'first@example.test' }
    let current = refused
    const list = vi.fn(async (cursor?: string) => (cursor === 'c1' ? page([current]) : page([newer], 'c1')))
    const { user, button } = await openWithMoreLoadedRefusingResend(list)
    // Another manager resends it meanwhile.
    current = resentMeanwhile

    await user.click(button)
    await waitFor(() => expect(row('ntd_1').getByText('Pending')).toBeTruthy())
    expect(list).toHaveBeenLastCalledWith('c1', expect.anything())
    expect(row('ntd_0').getByText('first@example.test')).toBeTruthy()
    expect(button.disabled).toBe(true)
    expect(
      within(document.body).getByText(/This delivery is still pending and will be attempted automatically/),
    ).toBeTruthy()
    expect(document.activeElement).toBe(row('ntd_1').getByText('Pending'))
  })

  it('shows the current state of a refused row that newer e-mails pushed onto the next page meanwhile', async () => {
    const newer: EmailDeliveryView = { ...refused, id: 'ntd_0', recipient: 'first@example.test' }
    const newest: EmailDeliveryView = { ...refused, id: 'ntd_9', recipient: 'latest@example.test' }
    const older: EmailDeliveryView = { ...refused, id: 'ntd_5', recipient: 'older@example.test' }
    const list = vi.fn(async (cursor?: string) =>
      cursor === 'c1' ? page([older]) : page([newer, refused], 'c1'),
    )
    const { user, button } = await openWithMoreLoadedRefusingResend(list)
    // Another manager resends it, and a newer e-mail takes the first page's first place.
    list.mockImplementation(async (cursor?: string) =>
      cursor === 'c0' ? page([resentMeanwhile, older]) : page([newest, newer], 'c0'),
    )

    await user.click(button)
    await waitFor(() => expect(row('ntd_1').getByText('Pending')).toBeTruthy())
    expect(list).toHaveBeenLastCalledWith('c0', expect.anything())
    expect(
      within(document.body).getByText(/This delivery is still pending and will be attempted automatically/),
    ).toBeTruthy()
  })

  it('keeps an e-mail resent meanwhile pending when the page read again for another row’s refused resend answers after it', async () => {
    const other: EmailDeliveryView = { ...refused, id: 'ntd_3', recipient: 'other@example.test' }
    let answerReread: (value: EmailDeliveryPage) => void = () => {}
    const list = vi
      .fn<(cursor?: string) => Promise<EmailDeliveryPage>>()
      .mockResolvedValueOnce(page([refused, other]))
      // Read before the resend of `other` below committed, answered after it.
      .mockImplementationOnce(() => new Promise((resolve) => (answerReread = resolve)))
    const resend = vi.fn(async (id: string) => {
      if (id === 'ntd_1') throw new ApiError(409, 'DeliveryPending')
      return { ...other, status: 'pending' as const, lastError: null, lastResponseStatus: null }
    })
    const { user } = await open(fakeAdminApi({ emailDeliveries: { list, resend } }))
    await user.click(await waitFor(() => row('ntd_1').getByRole('button', { name: 'Resend' })))
    await waitFor(() => expect(list).toHaveBeenCalledTimes(2))
    await user.click(row('ntd_3').getByRole('button', { name: 'Resend' }))
    await waitFor(() => expect(row('ntd_3').getByText('Pending')).toBeTruthy())

    answerReread(page([{ ...refused, status: 'pending', lastError: null }, other]))
    await waitFor(() => expect(row('ntd_1').getByText('Pending')).toBeTruthy())
    expect(row('ntd_3').getByText('Pending')).toBeTruthy()
    expect(row('ntd_3').getByRole<HTMLButtonElement>('button', { name: 'Resend' }).disabled).toBe(true)
  })
})
