import type { TokenUsage, UpgradePreview, UsageRange } from '@tokens/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeCatalog, makeToken, makeUsers } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { button, byText, click, renderConsole, waitFor } from '../../test-support/render-console'

// jsdom has no canvas (getContext answers null), so uPlot cannot draw here: it is replaced by a
// stand-in that only takes the calls, and the chart is drawn for real in the browser test
// (e2e/tests/usage.spec.ts), under the API's CSP.
vi.mock('uplot', () => ({
  default: class {
    static paths = { bars: () => () => null }
    setSize(): void {}
    setData(): void {}
    destroy(): void {}
  },
}))

let unmount: (() => void) | undefined
afterEach(() => unmount?.())

const NONE = { ok: 0, clientError: 0, refused: 0, rateLimited: 0, serverError: 0 }
const now = Date.now()
const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString()

function usageOf(tokenId: string, range: UsageRange, overrides: Partial<TokenUsage> = {}): TokenUsage {
  return {
    tokenId,
    range,
    bucket: 'hour',
    from: hoursAgo(2),
    to: hoursAgo(0),
    totals: { ...NONE, ok: 1200, refused: 7 },
    series: [
      { start: hoursAgo(2), counts: { ...NONE, ok: 200, refused: 3 } },
      { start: hoursAgo(1), counts: { ...NONE, ok: 1000, refused: 4 } },
    ],
    scopes: [
      { scope: 'GET /Reports', total: 1200, counts: { ...NONE, ok: 1200 }, lastCallAt: hoursAgo(1) },
      { scope: 'GET /Account', total: 7, counts: { ...NONE, refused: 7 }, lastCallAt: hoursAgo(50) },
    ],
    refusals: [{ scope: 'GET /Account', count: 7, lastAt: hoursAgo(50) }],
    recentAddresses: [{ value: '198.51.100.23', lastSeenAt: hoursAgo(1) }],
    recentUserAgents: [{ value: 'recon.py/0.8', lastSeenAt: hoursAgo(1) }],
    lastCalls: [
      { scope: 'GET /Reports', lastCallAt: hoursAgo(1) },
      { scope: 'DELETE /Reports/{Id}', lastCallAt: hoursAgo(24 * 20 + 1) },
    ],
    leastPrivilege: null,
    ...overrides,
  }
}

async function openToken(query: string, overrides: Parameters<typeof fakeAdminApi>[0] = {}) {
  const token = makeToken({
    name: 'Reconciliation script',
    apiVersion: 'v12',
    scopes: ['GET /Reports', 'GET /Reports/{Id}', 'DELETE /Reports/{Id}'],
    createdAt: '2025-04-22T15:10:00.000Z',
  })
  const update = vi.fn(async (_id: string, input: object) => ({ ...token, ...input }))
  const api = fakeAdminApi({
    ...overrides,
    tokens: { get: vi.fn(async () => token), update, ...overrides.tokens },
    users: { list: vi.fn(async () => makeUsers()) },
    catalog: vi.fn(async (apiVersion?: string) => makeCatalog(apiVersion)),
  })
  const view = await renderConsole(api, `/settings/api/tokens/${token.id}${query}`)
  unmount = view.unmount
  await waitFor(() => expect(document.querySelector('h1')?.textContent).toBe(token.name))
  return { api, update, token }
}

describe("the token page's Usage section", () => {
  it('shows the totals by outcome, the figures as a table, requests by scope and the recent clients', async () => {
    const usage = vi.fn(async (id: string, range: UsageRange) => usageOf(id, range))
    await openToken('?tab=usage', { usage: { token: usage } })
    await waitFor(() => expect(document.body.textContent).toContain('198.51.100.23'))
    expect(usage).toHaveBeenCalledWith(expect.any(String), '7d', expect.any(AbortSignal))
    expect(document.body.textContent).toContain('1,207')
    expect(document.body.textContent).toContain('Refused (missing scope)')
    expect(document.body.textContent).toContain('recon.py/0.8')

    const toggle = button('Show figures as a table')
    expect(toggle?.getAttribute('aria-expanded')).toBe('false')
    await click(toggle)
    const series = document.getElementById(toggle!.getAttribute('aria-controls')!) as HTMLElement
    expect(series.style.display).not.toBe('none')
    expect(series.querySelector('caption')?.textContent).toContain('Requests per hour in the last 7 days')
    expect(
      [...series.querySelectorAll('tbody tr')].map((row) =>
        row.querySelectorAll('td')[0]?.textContent?.trim(),
      ),
    ).toEqual(['203', '1,004'])

    const scopes = byText<HTMLTableCaptionElement>(
      'caption',
      'Requests by scope in the last 7 days',
    )!.closest('table')!
    const rows = [...scopes.querySelectorAll('tbody tr')].map((row) =>
      row.textContent?.replace(/\s+/g, ' ').trim(),
    )
    expect(rows[1]).toContain('GET /Account')
    expect(rows[1]).toContain('Not granted: refused')
    expect(rows[2]).toContain('GET /Reports/{Id}')
    expect(rows[2]).toContain('No answered call in 90 days')
    expect(rows[3]).toContain('DELETE /Reports/{Id}')
    expect(rows[3]).toContain('Unused for 20 days')
  })

  it('asks again for another range, and says when nothing called in it', async () => {
    const usage = vi.fn(async (id: string, range: UsageRange) =>
      range === '90d'
        ? usageOf(id, range, {
            totals: NONE,
            series: [],
            scopes: [],
            recentAddresses: [],
            recentUserAgents: [],
          })
        : usageOf(id, range),
    )
    await openToken('?tab=usage', { usage: { token: usage } })
    await waitFor(() => expect(document.body.textContent).toContain('198.51.100.23'))
    const ninety = document.querySelector<HTMLInputElement>('input[type="radio"][value="90d"]')!
    ninety.checked = true
    ninety.dispatchEvent(new Event('change', { bubbles: true }))
    await waitFor(() => expect(document.body.textContent).toContain('No requests in this period'))
    expect(usage).toHaveBeenLastCalledWith(expect.any(String), '90d', expect.any(AbortSignal))
  })

  it('says why the usage could not load, and loads it on Retry', async () => {
    let fail = true
    const usage = vi.fn(async (id: string, range: UsageRange) => {
      if (fail) throw new ApiError(503, 'Busy')
      return usageOf(id, range)
    })
    await openToken('?tab=usage', { usage: { token: usage } })
    const alert = await waitFor(() => document.querySelector('[role="alert"]') as HTMLElement)
    expect(alert.textContent).toContain('Could not load the usage')
    fail = false
    await click(button('Retry', alert))
    await waitFor(() => expect(document.body.textContent).toContain('198.51.100.23'))
  })
})

describe('least privilege in the API Scopes section', () => {
  const leastPrivilege = {
    eligible: true,
    days: 30,
    grantedCount: 3,
    unusedScopes: ['GET /Reports/{Id}', 'DELETE /Reports/{Id}'],
    missingScopes: [{ scope: 'GET /Account', count: 7, lastAt: hoursAgo(50) }],
  }

  it('removes the unused scopes in one click after a confirmation listing them, then asks again', async () => {
    const usage = vi.fn(async (id: string, range: UsageRange) => usageOf(id, range, { leastPrivilege }))
    const { update, token } = await openToken('?tab=scopes', { usage: { token: usage } })
    await waitFor(() => expect(document.body.textContent).toContain('2 of 3 scopes unused in 30 days'))
    expect(usage).toHaveBeenCalledWith(token.id, '30d')
    await click(button('Remove the 2 unused scopes'))
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    expect(dialog.textContent).toContain('DELETE /Reports/{Id}')
    expect(update).not.toHaveBeenCalled()
    await click(button('Remove scopes', dialog))
    await waitFor(() => expect(update).toHaveBeenCalledWith(token.id, { scopes: ['GET /Reports'] }))
    await waitFor(() => expect(usage).toHaveBeenCalledTimes(2))
  })

  it('says which scope was refused and how often, and adds it after a confirmation', async () => {
    const usage = vi.fn(async (id: string, range: UsageRange) => usageOf(id, range, { leastPrivilege }))
    const { update, token } = await openToken('?tab=scopes', { usage: { token: usage } })
    await waitFor(() => expect(document.body.textContent).toContain('refused 7 times'))
    await click(button('Add GET /Account'))
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    await click(button('Add scope', dialog))
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(token.id, { scopes: [...token.scopes, 'GET /Account'] }),
    )
  })
})

describe('the upgrade preview', () => {
  it('shows in the Upgrade dialog what changes for the endpoints the token called', async () => {
    const preview: UpgradePreview = {
      tokenId: 'x',
      fromVersion: 'v12',
      toVersion: 'v14',
      days: 30,
      endpoints: [
        {
          scope: 'GET /Account',
          calls: 420,
          shape: 'changed',
          envelope: null,
          renamed: [{ from: 'Id', to: 'id' }],
          added: [],
          removed: [],
        },
        {
          scope: 'GET /Reports',
          calls: 12,
          shape: 'notDescribed',
          envelope: null,
          renamed: [],
          added: [],
          removed: [],
        },
      ],
      newEndpoints: ['GET /Deals'],
    }
    const upgradePreview = vi.fn(async () => preview)
    const { token } = await openToken('', { usage: { upgradePreview } })
    await waitFor(() => expect(button('Upgrade Version')).toBeDefined())
    await click(button('Upgrade Version'))
    const dialog = await waitFor(() => document.querySelector('[role="alertdialog"]') as HTMLElement)
    await waitFor(() => expect(dialog.textContent).toContain('What changes with v14'))
    await waitFor(() => expect(dialog.textContent).toContain('420 calls'))
    expect(upgradePreview).toHaveBeenCalledWith(token.id, 'v14')
    expect(dialog.textContent).toContain('Renamed: Id → id')
    expect(dialog.textContent).toContain('GET /Deals')
  })
})

describe('the token cards on the API page', () => {
  it('show requests in the last 7 days from one GET /api/usage, none for a token it does not list', async () => {
    const busy = makeToken({ name: 'Order sync' })
    const quiet = makeToken({ name: 'Quiet export' })
    const account = vi.fn(async (range: UsageRange) => ({
      range,
      bucket: 'hour' as const,
      from: hoursAgo(168),
      to: hoursAgo(0),
      totals: { ...NONE, ok: 9412 },
      series: [],
      tokens: [
        {
          tokenId: busy.id,
          kind: 'scoped' as const,
          name: busy.name,
          total: 9412,
          counts: NONE,
          lastCallAt: hoursAgo(1),
        },
      ],
    }))
    const token = vi.fn()
    const api = fakeAdminApi({
      tokens: { list: vi.fn(async () => ({ items: [busy, quiet], nextCursor: null })) },
      usage: { account, token },
    })
    const view = await renderConsole(api, '/settings/api')
    unmount = view.unmount
    const figureOf = (name: string) =>
      [...document.querySelectorAll('article')]
        .find((article) => article.querySelector('h3')?.textContent?.trim() === name)
        ?.textContent?.replace(/\s+/g, ' ')
    await waitFor(() => expect(figureOf('Order sync')).toContain('Requests (7 days)9,412'))
    expect(figureOf('Quiet export')).toContain('Requests (7 days)0')
    expect(account).toHaveBeenCalledTimes(1)
    expect(account).toHaveBeenCalledWith('7d')
    expect(token).not.toHaveBeenCalled()
  })

  it("show each legacy credential's requests in the last 7 days on the legacy card, from the same answer", async () => {
    const readWrite = makeToken({ kind: 'legacy_read_write', name: 'Read/Write' })
    const readOnly = makeToken({ kind: 'legacy_read_only', name: 'Read-Only' })
    const account = vi.fn(async (range: UsageRange) => ({
      range,
      bucket: 'hour' as const,
      from: hoursAgo(168),
      to: hoursAgo(0),
      totals: { ...NONE, ok: 1234 },
      series: [],
      tokens: [
        {
          tokenId: readWrite.id,
          kind: 'legacy_read_write' as const,
          name: readWrite.name,
          total: 1234,
          counts: NONE,
          lastCallAt: hoursAgo(1),
        },
      ],
    }))
    const api = fakeAdminApi({
      tokens: { list: vi.fn(async () => ({ items: [], nextCursor: null })) },
      legacy: {
        get: vi.fn(async () => ({
          enabled: true as const,
          apiVersion: 'v12',
          enabledAt: hoursAgo(24 * 400),
          readWrite,
          readOnly,
        })),
      },
      usage: { account },
    })
    const view = await renderConsole(api, '/settings/api')
    unmount = view.unmount
    const factsOf = (heading: string) =>
      [...document.querySelectorAll('.legacy-card section')]
        .find((section) => section.querySelector('h3')?.textContent?.trim() === heading)
        ?.textContent?.replace(/\s+/g, ' ')
    await waitFor(() => expect(factsOf('Read/Write')).toContain('Requests (7 days)1,234'))
    expect(factsOf('Read-Only')).toContain('Requests (7 days)0')
    expect(account).toHaveBeenCalledTimes(1)
  })
})
