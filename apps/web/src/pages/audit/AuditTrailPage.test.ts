import type { AuditEventView } from '@tokens/core'
import { screen } from '@testing-library/vue'
import { describe, expect, it, vi } from 'vitest'
import type { AuditListQuery } from '../../api/admin-api'
import { makeEnabledLegacy, makeSession, makeToken, makeUsers } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import {
  button,
  byLabel,
  byText,
  choose,
  click,
  renderConsole,
  waitFor,
} from '../../test-support/render-console'

let counter = 0
function makeEvent(overrides: Partial<AuditEventView> = {}): AuditEventView {
  counter += 1
  return {
    id: `evt_${counter}`,
    action: 'token.disable',
    actor: { type: 'user', userId: 'usr_impl' },
    tokenId: 'tok_kept',
    at: '2026-11-20T10:00:00.000Z',
    ip: '203.0.113.7',
    actorName: 'Priya Raman',
    tokenName: 'Reports sync',
    tokenKind: 'scoped',
    details: { name: 'Reports sync' },
    ...overrides,
  }
}

function trailApi(pages: { items: AuditEventView[]; nextCursor: string | null }[], role = makeSession()) {
  const list = vi.fn(
    async (query: AuditListQuery) => pages[query.cursor ? Number(query.cursor) : 0] ?? pages[0]!,
  )
  return fakeAdminApi({
    session: { get: vi.fn(async () => role) },
    users: { list: vi.fn(async () => makeUsers()) },
    tokens: {
      list: vi.fn(async () => ({
        items: [makeToken({ id: 'tok_kept', name: 'Reports sync' })],
        nextCursor: null,
      })),
    },
    auditEvents: { list },
  })
}

function open(api: ReturnType<typeof fakeAdminApi>, path = '/settings/audit-trail') {
  return renderConsole(api, path)
}

describe('the audit trail page', () => {
  it('lists who did what to which token, linking a token that exists and naming a deleted one', async () => {
    const api = trailApi([
      {
        items: [
          makeEvent(),
          makeEvent({
            action: 'token.delete',
            tokenId: 'tok_gone',
            tokenName: null,
            tokenKind: null,
            details: { name: 'Old feed' },
          }),
          makeEvent({
            action: 'session.login',
            tokenId: null,
            tokenName: null,
            tokenKind: null,
            details: {},
            ip: null,
          }),
          makeEvent({ actor: { type: 'system' }, actorName: null, action: 'token.leaked' }),
          // Done by a token over the platform API, deleted since; and by a user removed since.
          makeEvent({ actor: { type: 'token', tokenId: 'tok_deleted' }, actorName: null }),
          makeEvent({ actor: { type: 'user', userId: 'usr_removed' }, actorName: null }),
        ],
        nextCursor: null,
      },
    ])
    await open(api)
    const link = await waitFor(() => byText<HTMLAnchorElement>('a', 'Reports sync') as HTMLAnchorElement)
    expect(link.getAttribute('href')).toBe('/settings/api/tokens/tok_kept')
    const shown = (expected: string) => (document.body.textContent ?? '').includes(expected)
    const expected = [
      'Disabled a token',
      'Priya Raman',
      'Old feed (deleted)',
      'Signed in',
      'Not recorded',
      'System',
      '203.0.113.7',
      'Deleted token (tok_deleted)',
      'Removed user (usr_removed)',
    ]
    // All at once, so one missing text does not hide the others.
    expect(expected.filter((text) => !shown(text))).toEqual([])
    expect(document.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-20T10:00:00.000Z')
    expect(document.querySelector('a[download]')?.getAttribute('href')).toBe('/api/audit-events?format=csv')
    expect(byText('a', 'Audit trail')?.getAttribute('aria-current')).toBe('page')
  })

  it("links a legacy credential's events to the legacy page whatever their action, a scoped token's to its page", async () => {
    const legacy = { tokenId: 'tok_legacy_rw', tokenName: 'Read/Write', tokenKind: 'legacy' } as const
    const system = { actor: { type: 'system' }, actorName: null } as const
    await open(
      trailApi([
        {
          items: [
            makeEvent({ ...system, ...legacy, action: 'token.leaked', details: { url: 'https://x.test' } }),
            makeEvent({ ...legacy, action: 'email.resend', details: { name: 'Read/Write' } }),
            makeEvent({ ...system, action: 'token.leaked' }),
          ],
          nextCursor: null,
        },
      ]),
    )
    await waitFor(() => expect(document.querySelectorAll('tbody a')).toHaveLength(3))
    const targets = [...document.querySelectorAll('tbody a')].map((a) => [
      a.textContent?.trim(),
      a.getAttribute('href'),
    ])
    expect(targets).toEqual([
      ['Read/Write', '/settings/api/legacy'],
      ['Read/Write', '/settings/api/legacy'],
      ['Reports sync', '/settings/api/tokens/tok_kept'],
    ])
  })

  it('names the webhook of a webhook event as its target: its description, else its URL origin', async () => {
    const webhook = { tokenId: null, tokenName: null, tokenKind: null } as const
    await open(
      trailApi([
        {
          items: [
            makeEvent({
              ...webhook,
              action: 'webhook.create',
              details: { webhookId: 'whk_1', url: 'https://hooks.example.test', description: 'Ops pager' },
            }),
            makeEvent({
              ...webhook,
              action: 'webhook.delete',
              details: { webhookId: 'whk_2', url: 'https://other.example.test' },
            }),
          ],
          nextCursor: null,
        },
      ]),
    )
    await waitFor(() => expect(document.querySelectorAll('tbody tr')).toHaveLength(2))
    const targets = [...document.querySelectorAll('tbody td.audit-table__target')].map((td) =>
      td.textContent?.trim(),
    )
    expect(targets).toEqual(['Webhook “Ops pager”', 'Webhook “https://other.example.test”'])
  })

  it('offers the legacy credentials in the token and actor filters and names them in the language shown', async () => {
    const api = trailApi([
      {
        items: [
          makeEvent({
            actor: { type: 'system' },
            actorName: null,
            action: 'token.leaked',
            tokenId: 'tok_legacy_rw',
            tokenName: 'Read/Write',
            tokenKind: 'legacy',
            details: { url: 'https://x.test' },
          }),
          makeEvent({ actor: { type: 'token', tokenId: 'tok_legacy_ro' }, actorName: 'Read-Only' }),
        ],
        nextCursor: null,
      },
    ])
    api.legacy.get = vi.fn(async () =>
      makeEnabledLegacy({ readWrite: { id: 'tok_legacy_rw' }, readOnly: { id: 'tok_legacy_ro' } }),
    )
    await open(api)
    const optionsOf = (label: string) =>
      [...(byLabel<HTMLSelectElement>(label)?.options ?? [])].map((option) => [option.value, option.text])
    await waitFor(() => expect(optionsOf('Token')).toContainEqual(['tok_legacy_rw', 'Read/Write']))
    expect(optionsOf('Token')).toContainEqual(['tok_legacy_ro', 'Read-Only'])
    expect(optionsOf('Actor')).toContainEqual(['tok_legacy_ro', 'Token “Read-Only”'])

    await choose(screen.getByRole<HTMLSelectElement>('combobox', { name: 'Language' }), 'zh-CN')
    await waitFor(() => expect(byText('a', '读/写')?.getAttribute('href')).toBe('/settings/api/legacy'))
    expect(document.querySelector('tbody')?.textContent).toContain('令牌“只读”')
    expect(document.querySelector('tbody')?.textContent).not.toContain('Read')
    expect(optionsOf('令牌')).toContainEqual(['tok_legacy_rw', '读/写'])
  })

  it('has one region named by the table caption: its keyboard-scrollable box (axe landmark-unique)', async () => {
    await open(trailApi([{ items: [makeEvent()], nextCursor: null }]))
    const table = await waitFor(() => screen.getByRole('table', { name: 'Audit events, newest first' }))
    const regions = screen.getAllByRole('region', { name: 'Audit events, newest first' })
    expect(regions).toHaveLength(1)
    expect(regions[0]?.contains(table)).toBe(true)
    expect(regions[0]?.tabIndex).toBe(0)
  })

  it('keeps the filters in the URL, asks the API with them and downloads the same filtered set', async () => {
    const api = trailApi([{ items: [makeEvent()], nextCursor: null }])
    const view = await open(api, '/settings/audit-trail?action=token.disable')
    await waitFor(() => expect(api.auditEvents.list).toHaveBeenCalled())
    expect(vi.mocked(api.auditEvents.list).mock.calls[0]?.[0]).toMatchObject({ action: 'token.disable' })
    await waitFor(() => expect(byLabel<HTMLSelectElement>('Token')?.options.length).toBe(2))
    await choose(byLabel<HTMLSelectElement>('Token'), 'tok_kept')
    await waitFor(() =>
      expect(view.router.currentRoute.value.query).toEqual({ action: 'token.disable', tokenId: 'tok_kept' }),
    )
    await waitFor(() =>
      expect(vi.mocked(api.auditEvents.list).mock.lastCall?.[0]).toMatchObject({
        action: 'token.disable',
        tokenId: 'tok_kept',
      }),
    )
    expect(document.querySelector('a[download]')?.getAttribute('href')).toBe(
      '/api/audit-events?format=csv&tokenId=tok_kept&action=token.disable',
    )
    await choose(byLabel<HTMLSelectElement>('Actor'), 'system')
    await waitFor(() => expect(view.router.currentRoute.value.query['actor']).toBe('system'))
  })

  it('says when no event matches and clears the filters on request', async () => {
    const api = trailApi([{ items: [], nextCursor: null }])
    const view = await open(api, '/settings/audit-trail?actor=usr_impl')
    await waitFor(() => expect(document.body.textContent).toContain('No events match these filters'))
    await click(button('Clear all filters'))
    await waitFor(() => expect(view.router.currentRoute.value.query).toEqual({}))
    await waitFor(() => expect(document.body.textContent).toContain('No events yet'))
  })

  it('loads more with the cursor and moves focus to the first new row when the last page arrives', async () => {
    const first = makeEvent()
    const second = makeEvent({ action: 'token.enable' })
    const api = trailApi([
      { items: [first], nextCursor: '1' },
      { items: [second], nextCursor: null },
    ])
    await open(api)
    await waitFor(() => expect(button('Load more')).toBeDefined())
    await click(button('Load more'))
    await waitFor(() => expect(document.body.textContent).toContain('Enabled a token'))
    expect(vi.mocked(api.auditEvents.list).mock.lastCall?.[0]).toMatchObject({ cursor: '1' })
    expect(button('Load more')).toBeUndefined()
    expect(document.activeElement?.textContent).toContain('Enabled a token')
    expect(document.body.textContent).toContain('2 events shown')
  })

  it('shows a reversed date range as an error at the dates and asks the API nothing', async () => {
    const api = trailApi([{ items: [makeEvent()], nextCursor: null }])
    await open(api, '/settings/audit-trail?from=2026-03-05&to=2026-03-01')
    await waitFor(() =>
      expect(document.body.textContent).toContain('The end date must be on or after the start date.'),
    )
    expect(byLabel<HTMLInputElement>('To')?.getAttribute('aria-invalid')).toBe('true')
    expect(api.auditEvents.list).not.toHaveBeenCalled()
    expect(document.querySelector('a[download]')).toBeNull()
  })

  it('gives an Analyst the no-access page and no navigation entry', async () => {
    const api = trailApi([{ items: [], nextCursor: null }], makeSession({ role: 'analyst' }))
    await open(api)
    await waitFor(() => expect(document.body.textContent).toContain('No access'))
    expect(byText('a', 'Audit trail')).toBeUndefined()
    expect(api.auditEvents.list).not.toHaveBeenCalled()
  })
})
