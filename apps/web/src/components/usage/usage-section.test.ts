import { within } from '@testing-library/vue'
import type {
  AccountUsage,
  LegacyAccess,
  TokenUsage,
  TokenView,
  UpgradePreview,
  UsageRange,
} from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/api-error'
import { makeEnabledLegacy, makeToken } from '../../test-support/console-fixtures'
import { fakeAdminApi } from '../../test-support/fake-admin-api'
import { openTokenPage } from '../../test-support/open-token-page'
import { renderConsole, renderWithConsole, waitFor } from '../../test-support/render-console'

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

/** The page of a v12 token with three scopes, a year and a half old, at `query`. */
function openToken(query: string, overrides: Parameters<typeof fakeAdminApi>[0] = {}) {
  const token = makeToken({
    name: 'Reconciliation script',
    apiVersion: 'v12',
    scopes: ['GET /Reports', 'GET /Reports/{Id}', 'DELETE /Reports/{Id}'],
    createdAt: '2025-04-22T15:10:00.000Z',
  })
  return openTokenPage(token, overrides, query)
}

/** The rows of a table, each row's text with its whitespace collapsed. */
const rowsOf = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .map((row) => row.textContent?.replace(/\s+/g, ' ').trim())

describe("the token page's Usage section", () => {
  it('shows the totals by outcome, the figures as a table, requests by scope and the recent clients', async () => {
    const usage = vi.fn(async (id: string, range: UsageRange) => usageOf(id, range))
    const { view } = await openToken('?tab=usage', { usage: { token: usage } })
    expect(await view.findByText('198.51.100.23')).toBeTruthy()
    expect(usage).toHaveBeenCalledWith(expect.any(String), '7d', expect.any(AbortSignal))
    expect(view.getByText('1,207')).toBeTruthy()
    expect(view.getAllByText(/Refused \(missing scope\)/).length).toBeGreaterThan(0)
    expect(view.getByText('recon.py/0.8')).toBeTruthy()

    const toggle = view.getByRole('button', { name: 'Show figures as a table' })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    await view.user.click(toggle)
    const series = view.getByRole('region', { name: /Requests per hour in the last 7 days/ })
    expect(series.id).toBe(toggle.getAttribute('aria-controls'))
    expect(series.style.display).not.toBe('none')
    expect(
      within(series)
        .getAllByRole('row')
        .slice(1)
        .map((row) => within(row).getAllByRole('cell')[0]?.textContent?.trim()),
    ).toEqual(['203', '1,004'])

    const rows = rowsOf(view.getByRole('table', { name: 'Requests by scope in the last 7 days' }))
    expect(rows[2]).toContain('GET /Account')
    expect(rows[2]).toContain('Not granted: refused')
    expect(rows[3]).toContain('GET /Reports/{Id}')
    expect(rows[3]).toContain('No answered call in 90 days')
    expect(rows[4]).toContain('DELETE /Reports/{Id}')
    expect(rows[4]).toContain('Unused for 20 days')
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
    const { view } = await openToken('?tab=usage', { usage: { token: usage } })
    await view.findByText('198.51.100.23')
    await view.user.click(view.getByRole('radio', { name: /90 days/ }))
    expect(await view.findByText('No requests in this period')).toBeTruthy()
    expect(usage).toHaveBeenLastCalledWith(expect.any(String), '90d', expect.any(AbortSignal))
  })

  it('names each period by its visible text first, then in full (label in name)', async () => {
    const usage = vi.fn(async (id: string, range: UsageRange) => usageOf(id, range))
    const { view } = await openToken('?tab=usage', { usage: { token: usage } })
    await view.findByText('198.51.100.23')
    for (const name of [
      '24 h, the last 24 hours',
      '7 d, the last 7 days',
      '30 d, the last 30 days',
      '90 d, the last 90 days',
    ])
      expect(view.getByRole('radio', { name })).toBeTruthy()
  })

  it('says why the usage could not load, and loads it on Retry, focus moving to the panel’s heading', async () => {
    let fail = true
    const usage = vi.fn(async (id: string, range: UsageRange) => {
      if (fail) throw new ApiError(503, 'Busy')
      return usageOf(id, range)
    })
    const { view } = await openToken('?tab=usage', { usage: { token: usage } })
    const alert = await view.findByRole('alert')
    expect(alert.textContent).toContain('Could not load the usage')
    fail = false
    await view.user.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await view.findByText('198.51.100.23')).toBeTruthy()
    // Retry went with the failure: focus continues in the panel, not at the start of the document.
    await waitFor(() =>
      expect(document.activeElement).toBe(view.getByRole('heading', { level: 3, name: 'Requests' })),
    )
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
    const { update, token, view } = await openToken('?tab=scopes', { usage: { token: usage } })
    expect(await view.findByText(/2 of 3 scopes unused in 30 days/)).toBeTruthy()
    expect(usage).toHaveBeenCalledWith(token.id, '30d')
    await view.user.click(view.getByRole('button', { name: 'Remove the 2 unused scopes' }))
    const dialog = await view.findByRole('alertdialog')
    expect(within(dialog).getByText('DELETE /Reports/{Id}')).toBeTruthy()
    expect(update).not.toHaveBeenCalled()
    await view.user.click(within(dialog).getByRole('button', { name: 'Remove scopes' }))
    await waitFor(() => expect(update).toHaveBeenCalledWith(token.id, { scopes: ['GET /Reports'] }))
    await waitFor(() => expect(usage).toHaveBeenCalledTimes(2))
  })

  it('removes only the unused scopes from the token as it is now: a scope another manager added meanwhile stays', async () => {
    const usage = vi.fn(async (id: string, range: UsageRange) => usageOf(id, range, { leastPrivilege }))
    const loaded = makeToken({
      name: 'Reconciliation script',
      scopes: ['GET /Reports', 'GET /Reports/{Id}', 'DELETE /Reports/{Id}'],
    })
    let onServer = loaded
    const { update, view } = await openTokenPage(
      loaded,
      { usage: { token: usage }, tokens: { get: vi.fn(async () => onServer) } },
      '?tab=scopes',
    )
    await view.user.click(await view.findByRole('button', { name: 'Remove the 2 unused scopes' }))
    onServer = { ...loaded, scopes: [...loaded.scopes, 'GET /Account'] }
    const dialog = await view.findByRole('alertdialog')
    await view.user.click(within(dialog).getByRole('button', { name: 'Remove scopes' }))
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(loaded.id, { scopes: ['GET /Reports', 'GET /Account'] }),
    )
  })

  it('offers no removal when the token used none of its scopes (a token keeps one), and suggests disabling it', async () => {
    // Holds GET /Reports only; its integration only called POST /Clicks, which was refused.
    const usedNone = {
      eligible: true,
      days: 30,
      grantedCount: 1,
      unusedScopes: ['GET /Reports'],
      missingScopes: [{ scope: 'POST /Clicks', count: 40, lastAt: hoursAgo(2) }],
    }
    const token = makeToken({
      name: 'Click importer',
      scopes: ['GET /Reports'],
      createdAt: '2025-04-22T15:10:00.000Z',
    })
    const usage = vi.fn(async (id: string, range: UsageRange) =>
      usageOf(id, range, { leastPrivilege: usedNone }),
    )
    const { update, view } = await openTokenPage(token, { usage: { token: usage } }, '?tab=scopes')
    const region = await view.findByRole('region', { name: 'Least privilege' })
    expect(
      await within(region).findByText(/“Click importer” has used none of its scopes in the last 30 days/),
    ).toBeTruthy()
    expect(within(region).getByText(/disable it instead/)).toBeTruthy()
    expect(within(region).queryByText(/scopes unused in 30 days/)).toBeNull()
    expect(within(region).queryByRole('button', { name: /Remove/ })).toBeNull()
    // The refused scope is still offered.
    expect(within(region).getByRole('button', { name: 'Add POST /Clicks' })).toBeTruthy()
    expect(update).not.toHaveBeenCalled()
  })

  it('says which scope was refused and how often, and adds it after a confirmation', async () => {
    const usage = vi.fn(async (id: string, range: UsageRange) => usageOf(id, range, { leastPrivilege }))
    const { update, token, view } = await openToken('?tab=scopes', { usage: { token: usage } })
    expect(await view.findByText(/refused 7 times/)).toBeTruthy()
    await view.user.click(view.getByRole('button', { name: 'Add GET /Account' }))
    const dialog = await view.findByRole('alertdialog')
    await view.user.click(within(dialog).getByRole('button', { name: 'Add scope' }))
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(token.id, { scopes: [...token.scopes, 'GET /Account'] }),
    )
  })

  it('keeps the removed scopes out of a later Update while the user has ticked another scope, unsaved', async () => {
    const usage = vi.fn(async (id: string, range: UsageRange) => usageOf(id, range, { leastPrivilege }))
    const { update, token, view } = await openToken('?tab=scopes', { usage: { token: usage } })
    await waitFor(() =>
      expect(document.querySelector('[role="switch"][aria-labelledby$="-account"]')).not.toBeNull(),
    )
    await view.user.click(
      document.querySelector('[role="switch"][aria-labelledby$="-account"]') as HTMLElement,
    )
    await view.user.click(await view.findByRole('button', { name: 'Remove the 2 unused scopes' }))
    const dialog = await view.findByRole('alertdialog')
    await view.user.click(within(dialog).getByRole('button', { name: 'Remove scopes' }))
    await waitFor(() => expect(update).toHaveBeenCalledWith(token.id, { scopes: ['GET /Reports'] }))
    await waitFor(() => expect(view.queryByRole('alertdialog')).toBeNull())

    // The grid shows the token as the server has it now, plus the user's own unsaved tick.
    expect(view.getByRole('checkbox', { name: 'DELETE /Reports/{Id}' }).getAttribute('aria-checked')).toBe(
      'false',
    )
    await view.user.click(view.getByRole('button', { name: 'Update' }))
    const confirm = await view.findByRole('alertdialog')
    await view.user.click(within(confirm).getByRole('button', { name: 'Update' }))
    await waitFor(() => expect(update).toHaveBeenCalledTimes(2))
    expect(update).toHaveBeenLastCalledWith(token.id, { scopes: ['GET /Reports', 'GET /Account'] })
  })

  it('says why the offer could not load, and asks again on Retry, focus moving to its heading', async () => {
    let fail = true
    const usage = vi.fn(async (id: string, range: UsageRange) => {
      if (fail) throw new ApiError(503, 'Busy')
      return usageOf(id, range, { leastPrivilege })
    })
    const { view } = await openToken('?tab=scopes', { usage: { token: usage } })
    const region = await view.findByRole('region', { name: 'Least privilege' })
    const alert = await within(region).findByRole('alert')
    fail = false
    await view.user.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await view.findByText(/2 of 3 scopes unused in 30 days/)).toBeTruthy()
    await waitFor(() =>
      expect(document.activeElement).toBe(within(region).getByRole('heading', { name: 'Least privilege' })),
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
          renamed: [
            { from: 'Id', to: ['id'] },
            { from: 'ActorId', to: ['actor.userId', 'actor.tokenId'] },
          ],
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
    const { token, view } = await openToken('', { usage: { upgradePreview } })
    await view.user.click(await view.findByRole('button', { name: 'Upgrade Version' }))
    const dialog = await view.findByRole('alertdialog')
    expect(await within(dialog).findByRole('region', { name: 'What changes with v14' })).toBeTruthy()
    expect(await within(dialog).findByText(/420 calls/)).toBeTruthy()
    expect(upgradePreview).toHaveBeenCalledWith(token.id, 'v14')
    // A classic field the item answers as one of two latest fields names both, as alternatives.
    expect(
      within(dialog).getByText('Renamed: Id → id and ActorId → actor.userId or actor.tokenId'),
    ).toBeTruthy()
    expect(within(dialog).getByText('GET /Deals')).toBeTruthy()
    // An upgrade grants a scoped token no scope: the target's new endpoints can be granted.
    expect(within(dialog).getByText('1 new endpoint can be granted to this token')).toBeTruthy()
  })
})

/** GET /api/usage for the last 7 days: `token` made all `total` requests (ok), its last an hour ago. */
function accountUsageWith(token: TokenView, total: number) {
  return vi.fn(async (range: UsageRange): Promise<AccountUsage> => ({
    range,
    bucket: 'hour',
    from: hoursAgo(168),
    to: hoursAgo(0),
    totals: { ...NONE, ok: total },
    series: [],
    tokens: [
      { tokenId: token.id, kind: token.kind, name: token.name, total, counts: NONE, lastCallAt: hoursAgo(1) },
    ],
  }))
}

/** The text, spaces collapsed, of the first `selector` whose h3 reads `heading`. */
function textUnderHeading(selector: string, heading: string): string | undefined {
  return [...document.querySelectorAll(selector)]
    .find((element) => element.querySelector('h3')?.textContent?.trim() === heading)
    ?.textContent?.replace(/\s+/g, ' ')
}

describe('the token cards on the API page', () => {
  it('show requests in the last 7 days from one GET /api/usage, none for a token it does not list', async () => {
    const busy = makeToken({ name: 'Order sync' })
    const quiet = makeToken({ name: 'Quiet export' })
    const account = accountUsageWith(busy, 9412)
    const token = vi.fn()
    const api = fakeAdminApi({
      tokens: { list: vi.fn(async () => ({ items: [busy, quiet], nextCursor: null })) },
      usage: { account, token },
    })
    await renderConsole(api, '/settings/api')
    const figureOf = (name: string) => textUnderHeading('article', name)
    await waitFor(() => expect(figureOf('Order sync')).toContain('Requests (7 days)9,412'))
    expect(figureOf('Quiet export')).toContain('Requests (7 days)0')
    expect(account).toHaveBeenCalledTimes(1)
    expect(account).toHaveBeenCalledWith('7d')
    expect(token).not.toHaveBeenCalled()
  })

  it("show each legacy credential's requests in the last 7 days on the legacy card, from the same answer", async () => {
    const readWrite = makeToken({ kind: 'legacy_read_write', name: 'Read/Write' })
    const readOnly = makeToken({ kind: 'legacy_read_only', name: 'Read-Only' })
    const account = accountUsageWith(readWrite, 1234)
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
    await renderConsole(api, '/settings/api')
    const factsOf = (heading: string) => textUnderHeading('.legacy-card section', heading)
    await waitFor(() => expect(factsOf('Read/Write')).toContain('Requests (7 days)1,234'))
    expect(factsOf('Read-Only')).toContain('Requests (7 days)0')
    expect(account).toHaveBeenCalledTimes(1)
  })

  it("names each legacy credential's usage tables apart by the credential on the legacy page (axe landmark-unique)", async () => {
    const legacy = vi.fn(async (access: LegacyAccess, range: UsageRange) => usageOf(access, range))
    const view = await renderWithConsole(
      fakeAdminApi({ legacy: { get: vi.fn(async () => makeEnabledLegacy()) }, usage: { legacy } }),
      '/settings/api/legacy?tab=usage',
    )
    for (const credential of ['Read/Write', 'Read-Only']) {
      const region = await view.findByRole('region', {
        name: `${credential} Requests by scope in the last 7 days`,
      })
      expect(within(region).getByRole('table', { name: 'Requests by scope in the last 7 days' })).toBeTruthy()
    }
    expect(legacy).toHaveBeenCalledTimes(2)
  })
})
