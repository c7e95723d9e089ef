import { describe, expect, it } from 'vitest'
import { API_VERSIONS, latestApiVersion } from '../../accounts/account-kinds.js'
import { matchesTokenFilter } from '../../tokens/token-filter.js'
import type { TokenView } from '../../tokens/token-schemas.js'
import { manualClock, openTestCoresClosedAfterEach, type TestCore } from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js'
import { USAGE_RETENTION_DAYS } from '../../usage/usage-schemas.js'
import { daysBefore, HOUR_MS } from '../../time/durations.js'

const APRIL_2025 = '2025-04-01T00:00:00.000Z'
const DAY_MS = 86_400_000

const openCore = openTestCoresClosedAfterEach()

async function allTokens(
  test: TestCore,
  email: string,
): Promise<{ tokens: TokenView[]; login: Awaited<ReturnType<TestCore['core']['auth']['login']>> }> {
  const login = await test.core.auth.login(email, DEMO_PASSWORD, null)
  const resumed = await test.core.auth.resume(login.sessionId)
  if (!resumed) throw new Error('demo login should resume')
  return { tokens: (await test.core.tokens.list(resumed.context, { limit: 200 })).items, login }
}

describe('demo data', () => {
  it('seeds the three demo accounts with their logins, roles and at least 8 tokens spread over every created-on range', async () => {
    const now = new Date('2026-11-22T10:00:00.000Z')
    const test = await openCore({ demoData: true, clock: manualClock(now) })
    for (const demo of DEMO_ACCOUNTS) {
      const roles = new Map<string, string>()
      for (const user of demo.users) {
        const { session } = await test.core.auth.login(user.email, DEMO_PASSWORD, null)
        expect(session.account).toMatchObject({ kind: demo.kind, name: demo.name })
        roles.set(user.email.split('@')[0] as string, session.user.role)
      }
      expect(Object.fromEntries(roles)).toEqual({
        admin: 'account_administrator',
        impl: 'implementation_specialist',
        analyst: 'analyst',
      })
      const { tokens, login } = await allTokens(test, demo.users[0]?.email as string)
      expect(tokens.length).toBeGreaterThanOrEqual(8)
      const count = (created: 'last7' | 'last30' | 'older30') =>
        tokens.filter((t) => matchesTokenFilter(t, { created }, now)).length
      expect(count('last7')).toBeGreaterThan(0)
      expect(count('last30') - count('last7')).toBeGreaterThan(0)
      expect(count('older30')).toBeGreaterThan(0)
      expect(tokens.length).toBe(demo.tokens.length)
      expect(tokens.filter((t) => t.state === 'disabled').length).toBeGreaterThanOrEqual(2)
      expect(new Set(tokens.map((t) => t.apiVersion)).size).toBeGreaterThan(1)
      expect(tokens.some((t) => t.apiVersion !== latestApiVersion(demo.kind))).toBe(true)
      expect(new Set(tokens.map((t) => t.scopes.join())).size).toBe(tokens.length)
      expect(tokens.every((t) => t.scopes.length > 0 && t.name.length > 0 && t.description.length > 0)).toBe(
        true,
      )
      expect(tokens.some((t) => t.scopes.includes('GET /Account') && t.scopes.includes('POST /Tokens'))).toBe(
        true,
      )
      // The browser tests try a copy of a disabled token against GET /Account.
      expect(tokens.some((t) => t.state === 'disabled' && t.scopes.includes('GET /Account'))).toBe(true)
      const resumed = await test.core.auth.resume(login.sessionId)
      if (!resumed) throw new Error('demo login should resume')
      const legacy = await test.core.legacy.get(resumed.context)
      expect(legacy.enabled).toBe(demo.kind === 'agency')
      if (legacy.enabled) expect(legacy.apiVersion).toBe(API_VERSIONS.agency[0])
    }
  })

  it('creates every modern demo token after the April 2025 cut-over and keeps legacy tokens from before it', async () => {
    const now = new Date('2026-11-22T10:00:00.000Z')
    const test = await openCore({ demoData: true, clock: manualClock(now) })
    for (const demo of DEMO_ACCOUNTS) {
      const { tokens } = await allTokens(test, demo.users[0]?.email as string)
      expect(tokens.filter((t) => t.createdAt < APRIL_2025).map((t) => t.name)).toEqual([])
    }
    const legacy = await (
      await test.database()
    )
      .selectFrom('tokens')
      .select(['kind', 'created_at'])
      .where('kind', '!=', 'scoped')
      .execute()
    expect(legacy).toHaveLength(2)
    expect(legacy.every((row) => row.created_at < APRIL_2025)).toBe(true)
  })

  it('gives each account its own token names and realistic recent last-used times', async () => {
    const now = new Date('2026-11-22T10:00:00.000Z')
    const test = await openCore({ demoData: true, clock: manualClock(now) })
    const namesByAccount: string[][] = []
    for (const demo of DEMO_ACCOUNTS) {
      const { tokens } = await allTokens(test, demo.users[0]?.email as string)
      namesByAccount.push(tokens.map((t) => t.name))
      for (const token of tokens) {
        if (token.lastUsedAt === null) continue
        expect(token.lastUsedAt >= token.createdAt, token.name).toBe(true)
        expect(token.lastUsedAt <= now.toISOString(), token.name).toBe(true)
      }
      const enabled = tokens.filter((t) => t.state === 'enabled')
      // Two forgotten integrations show the unused-token policy's preview: one never used, one
      // idle for over 30 days. Most of the others called within the last day.
      const forgotten = enabled.filter(
        (t) => t.lastUsedAt === null || now.getTime() - Date.parse(t.lastUsedAt) > 30 * DAY_MS,
      )
      expect(forgotten.map((t) => t.lastUsedAt === null).sort()).toEqual([false, true])
      const inUse = enabled.filter((t) => !forgotten.includes(t))
      const withinDay = inUse.filter(
        (t) => t.lastUsedAt !== null && now.getTime() - Date.parse(t.lastUsedAt) < DAY_MS,
      )
      expect(withinDay.length).toBeGreaterThan(inUse.length / 2)
    }
    const all = namesByAccount.flat()
    expect(new Set(all).size).toBe(all.length)
    const legacyUses = await (
      await test.database()
    )
      .selectFrom('tokens')
      .select('last_used_at')
      .where('kind', '!=', 'scoped')
      .execute()
    expect(legacyUses.every((row) => row.last_used_at !== null)).toBe(true)
  })

  it('seeds usage for the used tokens of each account up to their last use: busiest first, some scopes unused, some refusals', async () => {
    const now = new Date('2026-11-22T10:00:00.000Z')
    const test = await openCore({ demoData: true, clock: manualClock(now) })
    for (const demo of DEMO_ACCOUNTS) {
      const { tokens, login } = await allTokens(test, demo.users[0]?.email as string)
      const context = (await test.core.auth.resume(login.sessionId))?.context
      if (!context) throw new Error('resume failed')
      const account = await test.core.usage.account(context, { range: '90d' })
      expect(account.tokens.length, demo.name).toBeGreaterThanOrEqual(3)
      const totals = account.tokens.map((token) => token.total)
      expect(totals).toEqual([...totals].sort((a, b) => b - a))
      // Legacy credentials have their usage too (their integration predates the cut-over).
      const legacy = await test.core.legacy.get(context)
      const legacyTokens = legacy.enabled ? [legacy.readWrite, legacy.readOnly] : []
      expect(account.tokens.filter((summary) => summary.kind !== 'scoped').length, demo.name).toBe(
        legacyTokens.length,
      )
      for (const access of legacy.enabled ? (['read_write', 'read_only'] as const) : []) {
        const usage = await test.core.usage.legacy(context, access, { range: '7d' })
        expect(usage.totals.ok, `${demo.name} ${access}`).toBeGreaterThan(0)
        expect(usage.recentUserAgents.length, `${demo.name} ${access}`).toBeGreaterThan(0)
      }
      const modern = account.tokens.filter((summary) => summary.kind === 'scoped')
      const byId = new Map(tokens.map((token) => [token.id, token]))
      let proposals = 0
      let refusals = 0
      for (const summary of modern) {
        const token = byId.get(summary.tokenId) as TokenView
        // Nothing after the token's last use, nothing before it existed.
        expect(summary.lastCallAt <= (token.lastUsedAt as string), token.name).toBe(true)
        const usage = await test.core.usage.token(context, token.id, { range: '30d' })
        expect(usage.recentAddresses.length, token.name).toBeGreaterThan(0)
        if (usage.leastPrivilege?.eligible && usage.leastPrivilege.unusedScopes.length > 0) proposals++
        refusals += usage.leastPrivilege?.missingScopes.length ?? 0
      }
      expect(proposals, demo.name).toBeGreaterThan(0)
      expect(refusals, demo.name).toBeGreaterThan(0)
    }
    const acme = await allTokens(test, 'admin@acme.test')
    const context = (await test.core.auth.resume(acme.login.sessionId))?.context
    if (!context) throw new Error('resume failed')
    const v12 = acme.tokens.find((token) => token.name === 'Reconciliation script') as TokenView
    const preview = await test.core.usage.upgradePreview(context, v12.id, {})
    expect(preview.endpoints.find((endpoint) => endpoint.scope === 'GET /Account')?.shape).toBe('changed')
  })

  it('gives every token and legacy credential used within the retention usage up to its last use, and none to the others', async () => {
    const now = new Date('2026-11-22T10:17:00.000Z')
    const test = await openCore({ demoData: true, clock: manualClock(now) })
    const db = await test.database()
    const tokens = await db.selectFrom('tokens').select(['id', 'name', 'kind', 'last_used_at']).execute()
    const latest = await db
      .selectFrom('token_usage')
      .select('token_id')
      .select((eb) => [eb.fn.max('hour').as('hour'), eb.fn.max('last_at').as('last_at')])
      .groupBy('token_id')
      .execute()
    const usageOf = new Map(latest.map((row) => [row.token_id, row]))
    // Pruning (usage-service.ts) deletes the hours before now − 90 days: a use in them has no rows to show.
    const cutoff = daysBefore(now, USAGE_RETENTION_DAYS).toISOString()
    const story = tokens.map((token) => {
      const usage = usageOf.get(token.id)
      const lastMs = token.last_used_at === null ? null : Date.parse(token.last_used_at)
      const lastHour = lastMs === null ? null : new Date(lastMs - (lastMs % HOUR_MS)).toISOString()
      return {
        name: `${token.name} (${token.kind})`,
        expected:
          lastHour !== null && lastHour >= cutoff ? { hour: lastHour, lastAt: token.last_used_at } : null,
        actual: usage ? { hour: usage.hour, lastAt: usage.last_at } : null,
      }
    })
    expect(tokens.filter((token) => token.kind !== 'scoped').length).toBeGreaterThan(0)
    expect(story.map(({ name, actual }) => ({ name, actual }))).toEqual(
      story.map(({ name, expected }) => ({ name, actual: expected })),
    )
  })

  it('plans usage only of scopes each token holds, and refusals only of scopes it lacks', async () => {
    // The generator drops a named scope the token lacks (its category does not exist for that kind
    // or version): a plan naming one would tell a story the token page never shows.
    const test = await openCore({ demoData: true })
    const misnamed: string[] = []
    for (const account of DEMO_ACCOUNTS) {
      const { tokens } = await allTokens(test, account.users[0]!.email)
      for (const demo of account.tokens) {
        const plan = demo.usage
        if (!plan) continue
        const held = new Set(tokens.find((token) => token.name === demo.name)?.scopes ?? [])
        const named = typeof plan.usedScopes === 'number' ? [] : plan.usedScopes
        for (const scope of named) if (!held.has(scope)) misnamed.push(`${demo.name}: uses ${scope}`)
        for (const { scope } of plan.refused ?? [])
          if (held.has(scope)) misnamed.push(`${demo.name}: refused ${scope}`)
      }
    }
    expect(misnamed).toEqual([])
  })

  it('gives demo tokens working credentials', async () => {
    const test = await openCore({ demoData: true })
    const login = await test.core.auth.login('impl@acme.test', DEMO_PASSWORD, null)
    const context = (await test.core.auth.resume(login.sessionId))?.context
    if (!context) throw new Error('resume failed')
    const enabled = (await test.core.tokens.list(context, { state: 'enabled' })).items[0] as TokenView
    const credentials = await test.core.tokens.reveal(context, enabled.id)
    expect(
      (await test.core.verification.verify(credentials.accountSid, credentials.authToken))?.tokenId,
    ).toBe(enabled.id)
  })

  it('leaves a database that already holds accounts untouched', async () => {
    const first = await openCore()
    await first.core.provisioning.createAccount({ kind: 'brand', name: 'Existing' })
    await first.core.close()
    const second = await first.openSibling({ demoData: true })
    await expect(second.core.auth.login('admin@acme.test', DEMO_PASSWORD, null)).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
  })

  it('seeds only once across restarts', async () => {
    const first = await openCore({ demoData: true })
    await first.core.close()
    const second = await first.openSibling({ demoData: true })
    const { tokens } = await allTokens(second, 'admin@acme.test')
    expect(tokens).toHaveLength(DEMO_ACCOUNTS[0]?.tokens.length as number)
  })

  it.runIf(testDialect() === 'postgres')(
    'seeds once when several instances start together on one empty database',
    async () => {
      const first = await openCore()
      await first.core.close()
      await Promise.all([
        first.openSibling({ demoData: true }),
        first.openSibling({ demoData: true }),
        first.openSibling({ demoData: true }),
      ])
      const accounts = await (
        await first.database()
      )
        .selectFrom('accounts')
        .select('name')
        .orderBy('name')
        .execute()
      expect(accounts.map((a) => a.name)).toEqual(DEMO_ACCOUNTS.map((a) => a.name).sort())
    },
  )
})
