import { describe, expect, it } from 'vitest'
import { auditCsvCellsOf, csvLineOf } from '../../audit/audit-csv.js'
import type { AuditEventView } from '../../audit/audit-schemas.js'
import {
  createTestToken,
  openTestAccountsClosedAfterEach,
  provisionTestAccount,
  tokenActorFor,
  type TestAccount,
  type TestCore,
} from '../test-support/open-test-core.js'

const openAccount = openTestAccountsClosedAfterEach()

async function everyPage(
  test: TestCore,
  account: TestAccount,
  filter: Record<string, string | number>,
): Promise<AuditEventView[]> {
  const seen: AuditEventView[] = []
  let cursor: string | null = null
  do {
    const page: { items: AuditEventView[]; nextCursor: string | null } = await test.core.audit.list(
      account.admin,
      { ...filter, ...(cursor ? { cursor } : {}) },
    )
    seen.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return seen
}

async function collect<Event extends AuditEventView>(events: AsyncIterable<Event>): Promise<Event[]> {
  const all: Event[] = []
  for await (const event of events) all.push(event)
  return all
}

describe('audit trail filters', () => {
  it('narrows by token, actor, action and date, and the filters combine', async () => {
    const test = await openAccount('brand')
    const { core, clock, account } = test
    clock.set(new Date('2026-03-10T09:00:00.000Z'))
    const a = await createTestToken(core, account, { name: 'Alpha' })
    clock.set(new Date('2026-03-11T09:00:00.000Z'))
    const b = await core.tokens.create(account.impl, {
      name: 'Beta',
      primaryContactUserId: account.adminUserId,
      scopes: ['GET /Reports'],
    })
    clock.set(new Date('2026-03-12T23:30:00.000Z'))
    await core.tokens.disable(account.impl, a.token.id)
    clock.set(new Date('2026-03-13T08:00:00.000Z'))
    await core.tokens.update(account.admin, b.token.id, { name: 'Beta renamed' })

    const actions = async (filter: Record<string, string>) =>
      (await everyPage(test, account, filter)).map(
        (e) => `${e.action} ${e.tokenId === a.token.id ? 'A' : 'B'}`,
      )

    expect(await actions({ tokenId: a.token.id })).toEqual(['token.disable A', 'token.create A'])
    expect(await actions({ actor: account.implUserId })).toEqual(['token.disable A', 'token.create B'])
    expect(await actions({ action: 'token.create' })).toEqual(['token.create B', 'token.create A'])
    expect(await actions({ tokenId: a.token.id, actor: account.implUserId })).toEqual(['token.disable A'])
    expect(await actions({ actor: account.implUserId, action: 'token.create' })).toEqual(['token.create B'])
    // A date is a whole UTC day, `to` included; an instant bound is exact, `to` excluded.
    expect(await actions({ from: '2026-03-11', to: '2026-03-12' })).toEqual([
      'token.disable A',
      'token.create B',
    ])
    expect(await actions({ from: '2026-03-11T09:00:00.000Z', to: '2026-03-13T08:00:00.000Z' })).toEqual([
      'token.disable A',
      'token.create B',
    ])
    // An offset names the same instant in UTC: 23:30 UTC on the 12th is 07:30 on the 13th in Shanghai.
    expect(await actions({ from: '2026-03-13T00:00:00+08:00', to: '2026-03-13T12:00:00+08:00' })).toEqual([
      'token.disable A',
    ])
    expect(await actions({ tokenId: b.token.id, from: '2026-03-12' })).toEqual(['token.update B'])
    expect(await actions({ actor: 'system' })).toEqual([])
    expect(await actions({ tokenId: 'tok_unknown' })).toEqual([])
  })

  it('names the actor and the target token while they exist, and keeps the old name in details once deleted', async () => {
    const test = await openAccount('partner')
    const { core, account } = test
    const kept = await createTestToken(core, account, { name: '报表同步' })
    const gone = await createTestToken(core, account, { name: 'Short-lived' })
    await core.tokens.remove(account.impl, gone.token.id)

    const { items } = await core.audit.list(account.admin, {})
    const deletion = items.find((e) => e.action === 'token.delete')
    expect(deletion).toMatchObject({ tokenId: gone.token.id, tokenName: null })
    expect(deletion?.details['name']).toBe('Short-lived')
    expect(items.find((e) => e.action === 'token.create' && e.tokenId === kept.token.id)).toMatchObject({
      tokenName: '报表同步',
      actorName: expect.stringMatching(/^admin /),
    })
    expect(deletion?.actorName).toMatch(/^impl /)
  })

  it('pages through events with equal times exactly once each, in a stable order, with or without a filter', async () => {
    const test = await openAccount('agency')
    const { core, account } = test
    // The clock does not move: every event shares one timestamp, and only the id orders them.
    const token = await createTestToken(core, account, { name: 'Same time', apiVersion: 'v1' })
    for (let i = 0; i < 5; i++) {
      await core.tokens.disable(account.admin, token.token.id)
      await core.tokens.enable(account.admin, token.token.id)
    }
    const all = await everyPage(test, account, { limit: 200 })
    expect(all).toHaveLength(11)
    expect(new Set(all.map((e) => e.at)).size).toBe(1)
    const ids = all.map((e) => e.id)
    expect(ids).toEqual([...ids].sort().reverse())

    for (const limit of [1, 2, 3, 4]) {
      const paged = await everyPage(test, account, { limit })
      expect(paged.map((e) => e.id)).toEqual(ids)
    }
    const disables = await everyPage(test, account, { limit: 2, action: 'token.disable' })
    expect(disables.map((e) => e.id)).toEqual(
      all.filter((e) => e.action === 'token.disable').map((e) => e.id),
    )
    expect(disables).toHaveLength(5)
  })

  it('exports the whole filtered set in keyset batches, beyond one page and one batch', async () => {
    const test = await openAccount('brand')
    const { core, account } = test
    const other = await provisionTestAccount(core, 'brand')
    const token = await createTestToken(core, account, { name: 'Busy' })
    await createTestToken(core, other, { name: 'Elsewhere' })
    const db = await test.database()
    const rows = Array.from({ length: 1_203 }, (_, i) => ({
      id: `evt_bulk${String(i).padStart(5, '0')}`,
      account_id: account.accountId,
      actor_type: 'user',
      actor_id: account.adminUserId,
      action: i % 3 === 0 ? 'token.reveal' : 'token.update',
      token_id: token.token.id,
      // Pairs of equal times, so batch edges fall between equal timestamps too.
      at: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 2) * 1000).toISOString(),
      ip: '198.51.100.4',
      details: '{}',
    }))
    for (let i = 0; i < rows.length; i += 200) {
      await db
        .insertInto('audit_events')
        .values(rows.slice(i, i + 200))
        .execute()
    }

    const reveals = await collect(core.audit.exportAll(account.impl, { action: 'token.reveal', limit: 10 }))
    expect(reveals).toHaveLength(401)
    expect(new Set(reveals.map((e) => e.id)).size).toBe(401)
    expect(reveals.every((e) => e.action === 'token.reveal' && e.tokenName === 'Busy')).toBe(true)
    const everything = await collect(core.audit.exportAll(account.admin, {}))
    expect(everything).toHaveLength(1_204)
    expect(everything.map((e) => e.id)).toEqual(
      (await everyPage(test, account, { limit: 200 })).map((e) => e.id),
    )
  })

  it('refuses roles that may not manage tokens, for the list and the export alike', async () => {
    const { account, ...test } = await openAccount('brand')
    await expect(test.core.audit.list(account.analyst, {})).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
    await expect(collect(test.core.audit.exportAll(account.analyst, {}))).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
  })

  it.each([
    [{ from: '2026-02-30' }, 'from'],
    [{ from: 'yesterday' }, 'from'],
    [{ to: '2026-03-01', from: '2026-03-02' }, 'to'],
    [{ from: '2026-03-01T10:00:00Z', to: '2026-03-01T10:00:00Z' }, 'to'],
    [{ action: 'token.explode' }, 'action'],
    [{ actor: 'someone' }, 'actor'],
    [{ tokenId: 'tok/../x' }, 'tokenId'],
    [{ format: 'csv' }, ''],
  ])('refuses the filter %j as ValidationFailed naming %s', async (filter, field) => {
    const { account, ...test } = await openAccount('brand')
    await expect(test.core.audit.list(account.admin, filter as never)).rejects.toMatchObject({
      code: 'ValidationFailed',
      params: { field },
    })
  })

  it('turns exported events into CSV lines with formula-looking names neutralised and Chinese kept', async () => {
    const test = await openAccount('brand')
    const { core, account } = test
    await createTestToken(core, account, { name: '=HYPERLINK("http://evil.test","点我")' })
    test.clock.advance(1000)
    await createTestToken(core, account, { name: '报表, "月度"' })
    const events = await collect(core.audit.exportAll(account.admin, { action: 'token.create' }))
    const lines = events.map((event) =>
      csvLineOf(
        auditCsvCellsOf(event, {
          actionLabel: (action) => `label:${action}`,
          system: 'System',
          legacyName: (access) => `legacy:${access}`,
        }),
      ),
    )
    expect(lines[0]).toContain(',"报表, ""月度""",')
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://evil.test"",""点我"")",`)
    expect(lines[0]).toContain(',label:token.create,token.create,')
    expect(lines.every((line) => line.endsWith('\r\n'))).toBe(true)
  })

  it('says which legacy credential an exported event was done by and done to, and none for a scoped token', async () => {
    const test = await openAccount('brand')
    const { core, account } = test
    await core.legacy.enable(account.admin)
    const legacy = await core.legacy.reveal(account.admin)
    await core.tokens.create(await tokenActorFor(core, legacy.readWrite), {
      name: 'Made by Read/Write',
      primaryContactUserId: account.adminUserId,
      scopes: ['GET /Reports'],
    })
    test.clock.advance(1000)
    await core.legacy.reset(account.admin, 'read_only')
    const events = await collect(core.audit.exportAll(account.admin, {}))
    const byAction = (action: string) => events.find((event) => event.action === action)?.legacyAccess
    expect(byAction('token.create')).toEqual({ actor: 'read_write', token: null })
    expect(byAction('legacy.reset')).toEqual({ actor: null, token: 'read_only' })
  })
})

/** The account's two legacy credentials, enabled on the oldest version. */
async function legacyIdsOf(test: TestCore, account: TestAccount) {
  const legacy = await test.core.legacy.get(account.admin)
  if (!legacy.enabled) throw new Error('legacy tokens should be enabled')
  return { readWrite: legacy.readWrite.id, readOnly: legacy.readOnly.id }
}

describe('the audit trail filtered by a legacy credential', () => {
  it('shows who enabled, revealed and upgraded the pair when filtered by the Read/Write or the Read-Only credential', async () => {
    const test = await openAccount('brand')
    const { core, clock, account } = test
    await core.legacy.enable(account.admin)
    clock.advance(1000)
    await core.legacy.reveal(account.impl)
    clock.advance(1000)
    await core.legacy.reset(account.admin, 'read_only')
    clock.advance(1000)
    await core.legacy.upgrade(account.admin, { apiVersion: 'v13' })
    clock.advance(1000)
    await core.legacy.reset(account.admin, 'read_write')
    const { readWrite, readOnly } = await legacyIdsOf(test, account)

    const actions = async (filter: Record<string, string>) =>
      (await everyPage(test, account, filter)).map((e) => e.action)
    expect(await actions({ tokenId: readWrite })).toEqual([
      'legacy.reset',
      'legacy.upgrade',
      'legacy.reveal',
      'legacy.enable',
    ])
    expect(await actions({ tokenId: readOnly })).toEqual([
      'legacy.upgrade',
      'legacy.reset',
      'legacy.reveal',
      'legacy.enable',
    ])
    // The other filters still narrow the pair's events.
    const reveals = await everyPage(test, account, { tokenId: readOnly, action: 'legacy.reveal' })
    expect(reveals.map((e) => [e.action, e.actor])).toEqual([
      ['legacy.reveal', { type: 'user', userId: account.implUserId }],
    ])
    expect(await actions({ tokenId: readWrite, actor: account.implUserId })).toEqual(['legacy.reveal'])
    const lastTwo = await everyPage(test, account, { tokenId: readWrite, from: '2026-03-15T12:00:02.000Z' })
    expect(lastTwo.map((e) => e.action)).toEqual(['legacy.reset', 'legacy.upgrade'])
    // The export reads the same filter.
    const exported = await collect(core.audit.exportAll(account.admin, { tokenId: readOnly }))
    expect(exported.map((e) => e.action)).toEqual(await actions({ tokenId: readOnly }))
  })

  it('names both credentials in the details of an enable, a reveal and an upgrade, and no target token', async () => {
    const test = await openAccount('brand')
    const { core, clock, account } = test
    await core.legacy.enable(account.admin)
    clock.advance(1000)
    await core.legacy.reveal(account.admin)
    clock.advance(1000)
    await core.legacy.upgrade(account.admin, {})
    const { readWrite, readOnly } = await legacyIdsOf(test, account)
    const { items } = await core.audit.list(account.admin, {})
    expect(items.map((e) => [e.action, e.tokenId, e.details['tokenIds']])).toEqual([
      ['legacy.upgrade', null, [readWrite, readOnly]],
      ['legacy.reveal', null, [readWrite, readOnly]],
      ['legacy.enable', null, [readWrite, readOnly]],
    ])
  })

  it('shows none of the pair’s events when filtered by an unrelated scoped token', async () => {
    const test = await openAccount('brand')
    const { core, clock, account } = test
    const scoped = await createTestToken(core, account, { name: 'Unrelated' })
    clock.advance(1000)
    await core.legacy.enable(account.admin)
    await core.legacy.reveal(account.admin)
    await core.legacy.upgrade(account.admin, {})
    clock.advance(1000)
    await core.tokens.disable(account.admin, scoped.token.id)

    const events = await everyPage(test, account, { tokenId: scoped.token.id })
    expect(events.map((e) => e.action)).toEqual(['token.disable', 'token.create'])
  })

  it('never shows another account’s legacy events, whichever account’s credential the filter names', async () => {
    const test = await openAccount('brand')
    const { core, clock, account } = test
    const other = await provisionTestAccount(core, 'brand')
    for (const owner of [account, other]) {
      await core.legacy.enable(owner.admin)
      clock.advance(1000)
      await core.legacy.reveal(owner.admin)
      clock.advance(1000)
      await core.legacy.upgrade(owner.admin, {})
      clock.advance(1000)
    }
    const mine = await legacyIdsOf(test, account)
    const theirs = await legacyIdsOf(test, other)

    for (const tokenId of [mine.readWrite, mine.readOnly]) {
      const events = await everyPage(test, account, { tokenId })
      expect(events.map((e) => e.action)).toEqual(['legacy.upgrade', 'legacy.reveal', 'legacy.enable'])
      expect(events.every((e) => e.actor.type === 'user' && e.actor.userId === account.adminUserId)).toBe(
        true,
      )
    }
    for (const tokenId of [theirs.readWrite, theirs.readOnly]) {
      expect(await everyPage(test, account, { tokenId })).toEqual([])
      expect(await collect(core.audit.exportAll(account.admin, { tokenId }))).toEqual([])
    }
  })

  it('pages through a legacy credential’s own and shared events exactly once each, in the trail’s order', async () => {
    const test = await openAccount('brand')
    const { core, clock, account } = test
    await core.legacy.enable(account.admin)
    // Events of the credential itself (resets) and of the pair (reveals) interleave; some share
    // an instant, so only the id orders them, across both kinds.
    for (let i = 0; i < 6; i++) {
      if (i % 2 === 0) clock.advance(1000)
      await core.legacy.reveal(account.admin)
      await core.legacy.reset(account.admin, 'read_write')
      await core.legacy.reset(account.admin, 'read_only')
    }
    await core.legacy.upgrade(account.admin, {})
    await createTestToken(core, account, { name: 'Unrelated' })
    const { readWrite } = await legacyIdsOf(test, account)

    const trail = await everyPage(test, account, { limit: 200 })
    const expected = trail
      .filter((e) => e.tokenId === readWrite || (e.tokenId === null && e.action.startsWith('legacy.')))
      .map((e) => e.id)
    expect(expected).toHaveLength(6 + 6 + 2)
    for (const limit of [1, 2, 3, 5, 200]) {
      const paged = await everyPage(test, account, { tokenId: readWrite, limit })
      expect(paged.map((e) => e.id)).toEqual(expected)
    }
    const reveals = await everyPage(test, account, { tokenId: readWrite, action: 'legacy.reveal', limit: 4 })
    expect(reveals).toHaveLength(6)
  })
})
