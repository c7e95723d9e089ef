import { describe, expect, it } from 'vitest'
import { TokenConsoleError } from '../../errors/error-codes.js'
import { matchesTokenFilter, type TokenFilterInput } from '../../tokens/token-filter.js'
import { createTestToken, openTestAccountsClosedAfterEach } from '../test-support/open-test-core.js'
import { escapeLikePattern } from './list-scoped-tokens.js'

const DAY = 86_400_000
const NOW = '2026-03-15T12:00:00.000Z'
const openAccount = openTestAccountsClosedAfterEach()

async function setup() {
  const { account, ...test } = await openAccount('brand')
  /** Creates a token as if `msAgo` milliseconds before NOW. */
  const createAt = async (msAgo: number, name = `token ${msAgo}`) => {
    test.clock.set(new Date(Date.parse(NOW) - msAgo))
    const created = await createTestToken(test.core, account, { name })
    test.clock.set(NOW)
    return created.token
  }
  /** The ids of the tokens the list answers for `filter`, in its order. */
  const listed = async (filter: TokenFilterInput) =>
    (await test.core.tokens.list(account.admin, filter)).items.map((token) => token.id)
  test.clock.set(NOW)
  return { ...test, account, createAt, listed }
}

describe('filtering the token list', () => {
  it('counts a token created exactly 7 or 30 days ago as within the range, and one a millisecond earlier as older', async () => {
    const { createAt, listed } = await setup()
    const exactly7 = await createAt(7 * DAY)
    const justOver7 = await createAt(7 * DAY + 1)
    const exactly30 = await createAt(30 * DAY)
    const justOver30 = await createAt(30 * DAY + 1)
    const recent = await createAt(1_000)
    const ids = async (created: 'last7' | 'last30' | 'older30') => new Set(await listed({ created }))
    expect(await ids('last7')).toEqual(new Set([recent.id, exactly7.id]))
    expect(await ids('last30')).toEqual(new Set([recent.id, exactly7.id, justOver7.id, exactly30.id]))
    expect(await ids('older30')).toEqual(new Set([justOver30.id]))
  })

  it('finds tokens by any part of the name, ignoring case, across scripts and Unicode forms', async () => {
    const { createAt, listed } = await setup()
    const report = await createAt(10, 'Nightly REPORTING export')
    const chinese = await createAt(20, '每日报表同步')
    const accented = await createAt(30, 'Café sync')
    await createAt(40, 'Something else')
    expect(await listed({ name: 'reporting' })).toEqual([report.id])
    expect(await listed({ name: 'Ly rEp' })).toEqual([report.id])
    expect(await listed({ name: '报表' })).toEqual([chinese.id])
    expect(await listed({ name: 'CAFE\u0301' })).toEqual([accented.id])
    expect(await listed({ name: '' })).toHaveLength(4)
  })

  it('stores and finds a name whose search form is many times longer than the name (it sits in the list indexes)', async () => {
    const { createAt, listed } = await setup()
    // U+FDFA becomes 18 characters under NFKC: 100 of them are ~3,300 bytes in the index entry.
    const ligatures = await createAt(10, '\uFDFA'.repeat(100))
    await createAt(20, 'plain')
    expect(await listed({ name: '\u0635\u0644\u0649' })).toEqual([ligatures.id])
  })

  it('treats %, _ and backslash in the search literally', async () => {
    const { createAt, listed } = await setup()
    const percent = await createAt(10, '100% coverage')
    const underscore = await createAt(20, 'snake_case job')
    const backslash = await createAt(30, 'C:\\exports')
    await createAt(40, 'snakeXcase job')
    await createAt(50, '1000 coverage')
    expect(await listed({ name: '%' })).toEqual([percent.id])
    expect(await listed({ name: '0% c' })).toEqual([percent.id])
    expect(await listed({ name: 'e_c' })).toEqual([underscore.id])
    expect(await listed({ name: '\\' })).toEqual([backslash.id])
    expect(escapeLikePattern('a%b_c\\d')).toBe('a\\%b\\_c\\\\d')
  })

  it('filters by state and combines filters', async () => {
    const { core, account, createAt, listed } = await setup()
    const enabledRecent = await createAt(DAY, 'alpha one')
    const disabledRecent = await createAt(2 * DAY, 'alpha two')
    const disabledOld = await createAt(40 * DAY, 'alpha three')
    await core.tokens.disable(account.admin, disabledRecent.id)
    await core.tokens.disable(account.admin, disabledOld.id)
    expect(await listed({ state: 'enabled' })).toEqual([enabledRecent.id])
    expect(await listed({ state: 'disabled' })).toEqual([disabledRecent.id, disabledOld.id])
    expect(await listed({ state: 'disabled', created: 'last7', name: 'ALPHA' })).toEqual([disabledRecent.id])
    expect(await listed({ state: '', created: '', name: '' } as TokenFilterInput)).toHaveLength(3)
  })

  it('answers exactly what the shared filter predicate says, for every combination', async () => {
    const { core, account, createAt, listed } = await setup()
    const ages = [0, DAY, 7 * DAY, 7 * DAY + 1, 12 * DAY, 30 * DAY, 30 * DAY + 1, 90 * DAY]
    for (const [i, age] of ages.entries()) {
      const token = await createAt(age, i % 2 ? `Report ${i}` : `Sync ${i}`)
      if (i % 3 === 0) await core.tokens.disable(account.admin, token.id)
    }
    const all = (await core.tokens.list(account.admin, {})).items
    for (const created of [undefined, 'last7', 'last30', 'older30'] as const) {
      for (const state of [undefined, 'enabled', 'disabled'] as const) {
        for (const name of [undefined, 'report', 'SYNC 1']) {
          const filter = { ...(created && { created }), ...(state && { state }), ...(name && { name }) }
          const expected = all.filter((t) => matchesTokenFilter(t, filter, new Date(NOW))).map((t) => t.id)
          expect(await listed(filter), JSON.stringify(filter)).toEqual(expected)
        }
      }
    }
  })
})

describe('paging through the token list', () => {
  it('serves every token exactly once, newest first, including tokens created in the same millisecond', async () => {
    const { core, account, createAt } = await setup()
    const created: string[] = []
    for (let i = 0; i < 23; i++) created.push((await createAt(Math.floor(i / 4) * 1000, `t${i}`)).id)
    const seen: string[] = []
    const createdAts: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await core.tokens.list(account.admin, { limit: 5, ...(cursor && { cursor }) })
      seen.push(...page.items.map((t) => t.id))
      createdAts.push(...page.items.map((t) => t.createdAt))
      cursor = page.nextCursor ?? undefined
      pages++
      expect(page.items.length).toBeLessThanOrEqual(5)
    } while (cursor)
    expect(pages).toBe(5)
    expect(seen).toHaveLength(23)
    expect(new Set(seen)).toEqual(new Set(created))
    expect([...createdAts].sort().reverse()).toEqual(createdAts)
  })

  it('answers no next cursor when the last page is exactly full', async () => {
    const { core, account, createAt } = await setup()
    for (let i = 0; i < 4; i++) await createAt(i * 1000)
    const first = await core.tokens.list(account.admin, { limit: 2 })
    const second = await core.tokens.list(account.admin, { limit: 2, cursor: first.nextCursor as string })
    expect(second.items).toHaveLength(2)
    expect(second.nextCursor).toBeNull()
  })

  it('keeps paging correct when tokens are deleted between pages', async () => {
    const { core, account, createAt } = await setup()
    const ids: string[] = []
    for (let i = 0; i < 6; i++) ids.push((await createAt(i * 1000)).id)
    const first = await core.tokens.list(account.admin, { limit: 3 })
    await core.tokens.remove(account.admin, first.items[2]?.id as string)
    const second = await core.tokens.list(account.admin, { limit: 3, cursor: first.nextCursor as string })
    // The cursor's own row is gone; the next page still starts right after it.
    expect(first.items.map((t) => t.id)).toEqual(ids.slice(0, 3))
    expect(second.items.map((t) => t.id)).toEqual(ids.slice(3))
    expect(second.nextCursor).toBeNull()
  })

  it('refuses a cursor it did not make', async () => {
    const { core, account } = await setup()
    for (const cursor of [
      'garbage',
      Buffer.from('["x","y"]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
    ]) {
      await expect(core.tokens.list(account.admin, { cursor })).rejects.toMatchObject({
        code: 'ValidationFailed',
      })
    }
    await expect(core.tokens.list(account.admin, { limit: 0 })).rejects.toBeInstanceOf(TokenConsoleError)
  })
})
