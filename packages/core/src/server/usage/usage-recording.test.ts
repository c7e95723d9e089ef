import { describe, expect, it, vi } from 'vitest'
import type { VerifiedCredential } from '../core-contract.js'
import {
  createTestToken,
  manualClock,
  openTestCoresClosedAfterEach,
  provisionTestAccount,
  type TestCore,
} from '../test-support/open-test-core.js'
import { openTestInstances } from '../test-support/test-instances.js'
import { sql } from 'kysely'
import type { Db } from '../database/schema.js'
import { UsageRecorder } from './usage-recorder.js'
import { pruneTokenUsage } from './usage-service.js'
import { DAY_MS } from '../../time/durations.js'

const openCore = openTestCoresClosedAfterEach()

async function open(clockStart: string | Date = '2026-03-15T12:00:00.000Z'): Promise<TestCore> {
  const test = await openCore({ clock: manualClock(clockStart), usageFlushIntervalMs: 20 })
  return test
}

async function credentialOf(
  test: TestCore,
  accountSid: string,
  authToken: string,
): Promise<VerifiedCredential> {
  const verified = await test.core.verification.verify(accountSid, authToken)
  if (!verified) throw new Error('the credentials do not verify')
  // Plain data, as it crosses to a child process on SQLite.
  return { ...verified, scopes: new Set() }
}

/** A recorder of its own on the test's database, written only when flushed or closed (as the core's, per dialect). */
function recorderOn(test: TestCore, db: Db): UsageRecorder {
  return new UsageRecorder(
    db,
    () => test.clock.now().getTime(),
    60_000,
    test.dialect === 'sqlite' ? 'one-transaction' : 'per-statement',
  )
}

describe('usage recording', () => {
  it('counts every request exactly when several instances record a burst for the same token at once', async () => {
    // Real time: on SQLite the other instances are child processes with their own clock.
    const test = await open(new Date())
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account)
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    const instances = await openTestInstances(test, 2)
    const perInstance = 150
    await Promise.all(
      instances.flatMap((instance, n) =>
        Array.from({ length: perInstance }, (_, i) =>
          instance.call(
            'usage.record',
            credential,
            i % 3 === 0 ? 'GET /Account' : 'GET /Reports',
            i % 10 === 0 ? 'rateLimited' : 'ok',
            `198.51.100.${n + 1}`,
            `agent-${n}`,
          ),
        ),
      ),
    )
    for (let i = 0; i < 7; i++) test.core.usage.record(credential, 'GET /Reports', 'ok', '198.51.100.9', null)
    await Promise.all(instances.map((instance) => instance.close()))
    await test.core.close()
    const reader = await test.openSibling()

    const usage = await reader.core.usage.token(account.admin, token.id, { range: '24h' })
    expect(usage.totals).toEqual({
      ok: 2 * 135 + 7,
      clientError: 0,
      refused: 0,
      rateLimited: 2 * 15,
      serverError: 0,
    })
    const byScope = Object.fromEntries(usage.scopes.map((scope) => [scope.scope, scope.total]))
    expect(byScope).toEqual({ 'GET /Account': 2 * 50, 'GET /Reports': 2 * 100 + 7 })
    expect(usage.recentAddresses.map((client) => client.value).sort()).toEqual([
      '198.51.100.1',
      '198.51.100.2',
      '198.51.100.9',
    ])
    expect(usage.recentUserAgents.map((client) => client.value).sort()).toEqual(['agent-0', 'agent-1'])
  })

  it('answers hour buckets by outcome, totals by scope with the last call, refusals and the newest five addresses', async () => {
    const test = await open('2026-03-15T12:30:00.000Z')
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account)
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    const record = test.core.usage.record
    record(credential, 'GET /Reports', 'ok', '203.0.113.1', 'curl/8')
    test.clock.advance(60 * 60_000)
    record(credential, 'GET /Reports', 'clientError', '203.0.113.2', 'curl/8')
    record(credential, 'POST /Tokens', 'refused', '203.0.113.3', 'sdk/1')
    record(credential, 'POST /Tokens', 'refused', '203.0.113.4', 'sdk/1')
    record(credential, 'GET /Nowhere/x', 'refused', '203.0.113.5', null)
    record(credential, 'GET /Account', 'serverError', '203.0.113.6', null)
    test.clock.advance(60_000)
    await test.core.close()
    const reader = await test.openSibling()

    const usage = await reader.core.usage.token(account.impl, token.id, { range: '24h' })
    expect(usage.bucket).toBe('hour')
    expect(usage.series).toHaveLength(24)
    expect(usage.to).toBe('2026-03-15T14:00:00.000Z')
    expect(usage.series.at(-2)).toEqual({
      start: '2026-03-15T12:00:00.000Z',
      counts: { ok: 1, clientError: 0, refused: 0, rateLimited: 0, serverError: 0 },
    })
    expect(usage.series.at(-1)?.counts).toEqual({
      ok: 0,
      clientError: 1,
      refused: 3,
      rateLimited: 0,
      serverError: 1,
    })
    const reports = usage.scopes.find((scope) => scope.scope === 'GET /Reports')
    expect(reports).toMatchObject({ total: 2, lastCallAt: '2026-03-15T13:30:00.000Z' })
    // A path outside the catalog is counted under no scope, never as a row of its own.
    expect(usage.scopes.find((scope) => scope.scope === null)?.total).toBe(1)
    expect(usage.refusals).toEqual([{ scope: 'POST /Tokens', count: 2, lastAt: '2026-03-15T13:30:00.000Z' }])
    // The oldest of six is dropped; ties in time are listed by value.
    expect(usage.recentAddresses.map((client) => client.value)).toEqual([
      '203.0.113.2',
      '203.0.113.3',
      '203.0.113.4',
      '203.0.113.5',
      '203.0.113.6',
    ])
    expect(usage.recentUserAgents.map((client) => client.value)).toEqual(['curl/8', 'sdk/1'])

    const days = await reader.core.usage.token(account.admin, token.id, { range: '30d' })
    expect(days.bucket).toBe('day')
    expect(days.series).toHaveLength(30)
    expect(days.series.at(-1)).toEqual({
      start: '2026-03-15T00:00:00.000Z',
      counts: { ok: 1, clientError: 1, refused: 3, rateLimited: 0, serverError: 1 },
    })
  })

  it('answers the account totals and its tokens busiest first, and nothing of another account or of a deleted token', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const other = await provisionTestAccount(test.core)
    const quiet = await createTestToken(test.core, account, { name: 'Quiet' })
    const busy = await createTestToken(test.core, account, { name: 'Busy' })
    const gone = await createTestToken(test.core, account, { name: 'Gone' })
    const foreign = await createTestToken(test.core, other, { name: 'Foreign' })
    const record = async (made: typeof quiet, times: number) => {
      const credential = await credentialOf(test, made.credentials.accountSid, made.credentials.authToken)
      for (let i = 0; i < times; i++) test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    }
    await record(quiet, 2)
    await record(busy, 5)
    await record(foreign, 9)
    await record(gone, 4)
    await test.core.tokens.remove(account.admin, gone.token.id)
    await test.core.close()
    const reader = await test.openSibling()

    const usage = await reader.core.usage.account(account.admin, { range: '7d' })
    expect(usage.totals.ok).toBe(7)
    expect(usage.series).toHaveLength(168)
    expect(usage.tokens.map((token) => [token.name, token.total])).toEqual([
      ['Busy', 5],
      ['Quiet', 2],
    ])
    await expect(reader.core.usage.token(account.admin, foreign.token.id, {})).rejects.toMatchObject({
      code: 'TokenNotFound',
    })
    await expect(reader.core.usage.account(account.analyst, {})).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
    await expect(reader.core.usage.token(account.analyst, busy.token.id, {})).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
    await expect(reader.core.usage.account(account.admin, { range: '1y' } as never)).rejects.toMatchObject({
      code: 'ValidationFailed',
    })
  })

  it('proposes the scopes unused for 30 days of a token older than that with traffic, and the refused ones it lacks', async () => {
    const test = await open('2026-01-01T09:00:00.000Z')
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account, {
      scopes: ['GET /Reports', 'GET /Account', 'GET /Tokens'],
    })
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    // A call 40 days before the preview is too old to count as use.
    test.core.usage.record(credential, 'GET /Tokens', 'ok', null, null)
    test.clock.advance(10 * 24 * 3_600_000)
    // Ten days after the call (written by the recorder's next batch): out of a 24-hour range,
    // still its last call; with traffic, but too young for proposals.
    await vi.waitFor(
      async () => {
        const day = await test.core.usage.token(account.admin, token.id, { range: '24h' })
        expect(day.scopes).toEqual([])
        expect(day.lastCalls).toEqual([{ scope: 'GET /Tokens', lastCallAt: '2026-01-01T09:00:00.000Z' }])
        expect(day.leastPrivilege).toMatchObject({ eligible: false, unusedScopes: [] })
      },
      { timeout: 5_000, interval: 20 },
    )

    test.clock.advance(30 * 24 * 3_600_000)
    test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    test.core.usage.record(credential, 'POST /Tokens', 'refused', null, null)
    test.core.usage.record(credential, 'POST /Tokens', 'refused', null, null)
    test.core.usage.record(credential, 'DELETE /Tokens/{Id}', 'refused', null, null)
    await test.core.close()
    const reader = await test.openSibling()
    const usage = await reader.core.usage.token(account.admin, token.id, {})
    expect(usage.leastPrivilege).toEqual({
      eligible: true,
      days: 30,
      grantedCount: 3,
      unusedScopes: ['GET /Account', 'GET /Tokens'],
      missingScopes: [
        { scope: 'POST /Tokens', count: 2, lastAt: '2026-02-10T09:00:00.000Z' },
        { scope: 'DELETE /Tokens/{Id}', count: 1, lastAt: '2026-02-10T09:00:00.000Z' },
      ],
    })
  })

  it('counts a scope refused before it was granted as used, so adding a refused scope does not propose removing it', async () => {
    const test = await open('2026-01-01T09:00:00.000Z')
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account, { scopes: ['GET /Reports'] })
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    // Usage recorded from the token's first day on.
    test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    test.clock.advance(40 * 24 * 3_600_000)
    test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    test.core.usage.record(credential, 'GET /Account', 'refused', null, null)
    await test.core.tokens.update(account.admin, token.id, { scopes: ['GET /Reports', 'GET /Account'] })
    await test.core.close()
    const reader = await test.openSibling()
    const usage = await reader.core.usage.token(account.admin, token.id, {})
    expect(usage.leastPrivilege).toMatchObject({ eligible: true, unusedScopes: [], missingScopes: [] })
  })

  it('proposes removing a scope only once it has been held for 30 days without a call: a scope granted since is not proposed, and an update keeps the grant times of the scopes it keeps', async () => {
    const test = await open('2026-01-01T09:00:00.000Z')
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account, {
      scopes: ['GET /Reports', 'GET /Tokens'],
    })
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    // Usage recorded from the token's first day on.
    test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    test.clock.advance(40 * DAY_MS)
    test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    await test.core.tokens.update(account.admin, token.id, {
      scopes: ['GET /Reports', 'GET /Account', 'GET /Tokens'],
    })
    await test.core.close()
    const reader = await test.openSibling()
    const unusedScopes = async () =>
      (await reader.core.usage.token(account.admin, token.id, {})).leastPrivilege?.unusedScopes

    test.clock.advance(DAY_MS)
    expect(await unusedScopes()).toEqual(['GET /Tokens'])
    test.clock.advance(29 * DAY_MS)
    expect(await unusedScopes()).toEqual(['GET /Account', 'GET /Tokens'])
  })

  it('proposes nothing until usage has been recorded on the database for 30 days: a scope called before recording began is not unused', async () => {
    // A token a year old on a database that starts recording usage (upgraded to it) today.
    const test = await open('2025-01-01T09:00:00.000Z')
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account, {
      scopes: ['GET /Reports', 'GET /Account'],
    })
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    test.clock.advance(365 * DAY_MS)
    test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    await test.core.close()
    const reader = await test.openSibling()
    const leastPrivilege = async () =>
      (await reader.core.usage.token(account.admin, token.id, {})).leastPrivilege

    test.clock.advance(10 * DAY_MS)
    expect(await leastPrivilege()).toMatchObject({ eligible: false, unusedScopes: [] })
    test.clock.advance(20 * DAY_MS)
    expect(await leastPrivilege()).toMatchObject({ eligible: true, unusedScopes: ['GET /Account'] })
  })

  it('keeps the counts of a failed write for the next one, and adds what came in meanwhile', async () => {
    const test = await open('2026-03-15T12:00:00.000Z')
    const db = await test.database()
    const recorder = recorderOn(test, db)
    recorder.record('tok_a', 'acc_a', 'GET /Reports', 'ok', '203.0.113.1', null)
    recorder.record('tok_a', 'acc_a', 'GET /Reports', 'ok', '203.0.113.1', null)
    await sql`alter table token_usage rename to token_usage_away`.execute(db)
    await expect(recorder.flush()).rejects.toThrow()
    await sql`alter table token_usage_away rename to token_usage`.execute(db)
    recorder.record('tok_a', 'acc_a', 'GET /Reports', 'ok', null, null)
    await recorder.close()
    const rows = await db.selectFrom('token_usage').select(['scope', 'outcome', 'count']).execute()
    expect(rows).toEqual([{ scope: 'GET /Reports', outcome: 'ok', count: 3 }])
  })

  it('says in the log when the usage writes fail and when they recover, and writes the counts kept meanwhile', async () => {
    const events: string[] = []
    const test = await openCore({
      clock: manualClock('2026-03-15T12:00:00.000Z'),
      usageFlushIntervalMs: 20,
      logger: { log: (_level, event) => void events.push(event) },
    })
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account)
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    const db = await test.database()
    await sql`alter table token_usage rename to token_usage_away`.execute(db)
    test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    await vi.waitFor(() => expect(events).toContain('usage.write_failed'), { timeout: 5_000, interval: 20 })
    await sql`alter table token_usage_away rename to token_usage`.execute(db)
    await vi.waitFor(() => expect(events).toContain('usage.write_recovered'), {
      timeout: 5_000,
      interval: 20,
    })
    expect(events.filter((event) => event === 'usage.write_failed')).toHaveLength(1)
    const usage = await test.core.usage.token(account.admin, token.id, { range: '24h' })
    expect(usage.totals.ok).toBe(1)
  })

  it('writes the counts at close though the first attempt fails (a shutdown during a database hiccup)', async () => {
    const test = await open('2026-03-15T12:00:00.000Z')
    const db = await test.database()
    await sql`alter table token_usage rename to token_usage_away`.execute(db)
    let restored: Promise<unknown> | undefined
    const recorder = new UsageRecorder(
      db,
      () => test.clock.now().getTime(),
      60_000,
      test.dialect === 'sqlite' ? 'one-transaction' : 'per-statement',
      {
        log: (_level, event) => {
          if (event === 'usage.write_failed')
            restored = sql`alter table token_usage_away rename to token_usage`.execute(db)
        },
      },
    )
    recorder.record('tok_a', 'acc_a', 'GET /Reports', 'ok', null, null)
    await recorder.close()
    await restored
    const rows = await db.selectFrom('token_usage').select(['scope', 'count']).execute()
    expect(rows).toEqual([{ scope: 'GET /Reports', count: 1 }])
  })

  it('keeps the clients of a failed write for the next one, with those seen meanwhile', async () => {
    const test = await open('2026-03-15T12:00:00.000Z')
    const db = await test.database()
    const recorder = recorderOn(test, db)
    recorder.record('tok_a', 'acc_a', 'GET /Reports', 'ok', '203.0.113.66', 'leaked-client/1')
    await sql`alter table token_usage_clients rename to token_usage_clients_away`.execute(db)
    await expect(recorder.flush()).rejects.toThrow()
    await sql`alter table token_usage_clients_away rename to token_usage_clients`.execute(db)
    test.clock.advance(1_000)
    recorder.record('tok_a', 'acc_a', 'GET /Reports', 'ok', '198.51.100.7', null)
    await recorder.close()
    const clients = await db
      .selectFrom('token_usage_clients')
      .select(['kind', 'value'])
      .orderBy('kind')
      .orderBy('value')
      .execute()
    expect(clients).toEqual([
      { kind: 'address', value: '198.51.100.7' },
      { kind: 'address', value: '203.0.113.66' },
      { kind: 'user_agent', value: 'leaked-client/1' },
    ])
  })

  it('prunes usage and clients older than 90 days and keeps the rest', async () => {
    const test = await open('2026-01-01T00:30:00.000Z')
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account)
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    test.core.usage.record(credential, 'GET /Reports', 'ok', '203.0.113.1', 'old/1')
    test.clock.advance(2 * 24 * 3_600_000)
    test.core.usage.record(credential, 'GET /Account', 'ok', '203.0.113.2', null)
    await test.core.close()
    const db = await test.database()

    const clock = manualClock('2026-04-01T12:00:00.000Z')
    expect(await pruneTokenUsage(db, clock.now())).toEqual({ usageRows: 1, clientRows: 2 })
    const left = await db
      .selectFrom('token_usage')
      .select(['scope', 'count'])
      .where('token_id', '=', token.id)
      .execute()
    expect(left).toEqual([{ scope: 'GET /Account', count: 1 }])
    const clients = await db
      .selectFrom('token_usage_clients')
      .select('value')
      .where('token_id', '=', token.id)
      .execute()
    expect(clients).toEqual([{ value: '203.0.113.2' }])
    expect(await pruneTokenUsage(db, clock.now())).toEqual({ usageRows: 0, clientRows: 0 })
  })

  it('is pruned by the recurring job once 90 days have passed', async () => {
    const test = await open('2026-01-01T00:30:00.000Z')
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account)
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    test.core.usage.record(credential, 'GET /Reports', 'ok', '203.0.113.1', null)
    const db = await test.database()
    const rowsOf = async () =>
      (await db.selectFrom('token_usage').select('count').where('token_id', '=', token.id).execute()).length
    await vi.waitFor(async () => expect(await rowsOf()).toBe(1), { timeout: 5_000, interval: 20 })
    await test.core.jobs.runDue()
    expect(await rowsOf()).toBe(1)
    test.clock.advance(91 * 24 * 3_600_000)
    await test.core.jobs.runDue()
    expect(await rowsOf()).toBe(0)
  })

  it('previews an upgrade from v12: how the answers of the called endpoints change and which endpoints appear', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account, {
      apiVersion: 'v12',
      scopes: ['GET /Tokens/{Id}', 'GET /Reports', 'DELETE /Tokens/{Id}'],
    })
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    for (let i = 0; i < 3; i++) test.core.usage.record(credential, 'GET /Tokens/{Id}', 'ok', null, null)
    test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    test.core.usage.record(credential, 'DELETE /Tokens/{Id}', 'ok', null, null)
    await test.core.close()
    const reader = await test.openSibling()

    const preview = await reader.core.usage.upgradePreview(account.admin, token.id, {})
    expect(preview).toMatchObject({ fromVersion: 'v12', toVersion: 'v14', days: 30 })
    const [tokenRead, ...rest] = preview.endpoints
    expect(tokenRead).toMatchObject({
      scope: 'GET /Tokens/{Id}',
      calls: 3,
      shape: 'changed',
      envelope: { from: null, to: 'token' },
      removed: [],
    })
    expect(tokenRead?.renamed).toContainEqual({ from: 'DateCreated', to: ['createdAt'] })
    expect(tokenRead?.added).toEqual(['kind', 'disabled', 'rotation', 'leak'])
    expect(rest.map((endpoint) => [endpoint.scope, endpoint.shape])).toEqual([
      ['DELETE /Tokens/{Id}', 'same'],
      ['GET /Reports', 'notDescribed'],
    ])
    expect(preview.newEndpoints.length).toBeGreaterThan(0)
    expect(preview.newEndpoints).not.toContain('GET /Reports')

    const toV13 = await reader.core.usage.upgradePreview(account.admin, token.id, { apiVersion: 'v13' })
    expect(toV13.endpoints.find((endpoint) => endpoint.scope === 'GET /Tokens/{Id}')?.shape).toBe('same')
    await expect(
      reader.core.usage.upgradePreview(account.admin, token.id, { apiVersion: 'v12' }),
    ).rejects.toMatchObject({ code: 'ApiVersionNotNewer' })
  })

  it('previews only the called endpoints the token holds: one stopped by the rate limit or the version before the scope check, or removed since, is not its to call', async () => {
    const test = await open()
    const account = await provisionTestAccount(test.core)
    const { token, credentials } = await createTestToken(test.core, account, {
      apiVersion: 'v12',
      scopes: ['GET /Reports', 'GET /Account'],
    })
    const credential = await credentialOf(test, credentials.accountSid, credentials.authToken)
    test.core.usage.record(credential, 'GET /Reports', 'ok', null, null)
    test.core.usage.record(credential, 'GET /Account', 'ok', null, null)
    // Counted under their routes' scopes, which the token never held: the rate limit and the
    // API version are checked before the scope.
    test.core.usage.record(credential, 'DELETE /Tokens/{Id}', 'rateLimited', null, null)
    test.core.usage.record(credential, 'GET /Tokens/{Id}', 'clientError', null, null)
    await test.core.close()
    const reader = await test.openSibling()
    await reader.core.tokens.update(account.admin, token.id, { scopes: ['GET /Reports'] })

    const preview = await reader.core.usage.upgradePreview(account.admin, token.id, {})
    expect(preview.endpoints.map((endpoint) => endpoint.scope)).toEqual(['GET /Reports'])
  })
})
