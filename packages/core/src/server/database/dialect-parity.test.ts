import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createTestToken, openTestAccountsClosedAfterEach } from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'

const openAccount = openTestAccountsClosedAfterEach()

async function setup() {
  const { account, ...test } = await openAccount('brand')
  return { ...test, account }
}

/** Byte order of ASCII text, which is what SQLite compares and what COLLATE "C" compares. */
function bytewiseDescending(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
}

async function collect<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
) {
  const all: T[] = []
  let cursor: string | undefined
  do {
    const page = await fetchPage(cursor)
    all.push(...page.items)
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  return all
}

describe('the same answers on SQLite and PostgreSQL', () => {
  it('pages tokens and audit events of one instant in bytewise id order, whatever the database collation', async () => {
    const { core, account } = await setup()
    // The clock stands still: every token and event shares one timestamp, so ids alone order them,
    // and random base62 ids mix upper and lower case (a language collation would interleave them).
    const created = []
    for (let i = 0; i < 12; i++)
      created.push((await createTestToken(core, account, { name: `Same instant ${i}` })).token.id)
    const listed = await collect((cursor) =>
      core.tokens.list(account.admin, { limit: 5, ...(cursor ? { cursor } : {}) }),
    )
    expect(listed.map((t) => t.id)).toEqual(bytewiseDescending(created))
    const events = await collect((cursor) =>
      core.audit.list(account.admin, { limit: 5, ...(cursor ? { cursor } : {}) }),
    )
    expect(events).toHaveLength(12)
    expect(events.map((e) => e.id)).toEqual(bytewiseDescending(events.map((e) => e.id)))
  })

  it('orders people by name bytewise', async () => {
    const { core, account } = await setup()
    for (const name of ['bob', 'Alice', 'alice', 'Bob', 'Émile', 'zoë']) {
      await core.provisioning.createUser({
        accountId: account.accountId,
        email: `${name.normalize('NFD').replace(/\p{M}/gu, '')}-${Math.random()}@example.test`,
        name,
        role: 'analyst',
        password: 'long enough',
      })
    }
    const names = (await core.users.list(account.admin)).map((u) => u.name)
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(names.indexOf('Bob')).toBeLessThan(names.indexOf('alice'))
  })

  it('answers counts and integers as numbers, absent values as null and times as the ISO text stored', async () => {
    const { core, account, clock, database } = await setup()
    const { token } = await createTestToken(core, account, { rateLimitPerHour: 2_500 })
    const db = await database()
    const { n } = await db
      .selectFrom('tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(n).toBe(1)
    const row = await db.selectFrom('tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow()
    expect(row.rate_limit_per_hour).toBe(2_500)
    expect(row.last_used_at).toBeNull()
    expect(row.reset_at).toBeNull()
    expect(row.created_at).toBe(clock.now().toISOString())
    expect(token.createdAt).toBe(clock.now().toISOString())
    const sum = await db
      .selectFrom('tokens')
      .select((eb) => eb.fn.sum<number>('rate_limit_per_hour').as('total'))
      .executeTakeFirstOrThrow()
    expect(Number(sum.total)).toBe(2_500)
  })

  it.runIf(testDialect() === 'postgres')(
    'declares every text column bytewise (COLLATE "C") on PostgreSQL',
    async () => {
      const { database } = await setup()
      const { rows } = await sql<{ table_name: string; column_name: string; collation_name: string | null }>`
      select table_name, column_name, collation_name from information_schema.columns
      where table_schema = current_schema() and data_type = 'text'
        and table_name not like 'schema_migrations%'`.execute(await database())
      expect(rows.length).toBeGreaterThan(30)
      expect(rows.filter((row) => row.collation_name !== 'C')).toEqual([])
    },
  )
})
