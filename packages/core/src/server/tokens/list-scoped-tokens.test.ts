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

  /** Tokens named `names` (the first the newest), and the ids the list finds for a name search. */
  async function named<K extends string>(names: Record<K, string>) {
    const { createAt, listed } = await setup()
    const ids = {} as Record<K, string>
    for (const [i, key] of (Object.keys(names) as K[]).entries())
      ids[key] = (await createAt(10 * (i + 1), names[key])).id
    return { ids, found: (name: string) => listed({ name }) }
  }

  // Each set holds names that no search below is to find, so a search that matches too much fails.
  const ACROSS_SCRIPTS = {
    report: 'Nightly REPORTING export',
    chinese: '每日报表同步',
    accented: 'Café sync',
    other: 'Something else',
  }
  const WILDCARDS = {
    percent: '100% coverage',
    underscore: 'snake_case job',
    backslash: 'C:\\exports',
    underscoreDecoy: 'snakeXcase job',
    percentDecoy: '1000 coverage',
  }

  it.each([
    { search: 'reporting', finds: 'report', how: 'a word in another case' },
    { search: 'Ly rEp', finds: 'report', how: 'a part across two words, in mixed case' },
    { search: '报表', finds: 'chinese', how: 'Chinese characters' },
    { search: 'CAFE\u0301', finds: 'accented', how: 'an accent in another Unicode form' },
  ] as const)('finds a token by any part of its name: $search, $how', async ({ search, finds }) => {
    const { ids, found } = await named(ACROSS_SCRIPTS)
    expect(await found(search)).toEqual([ids[finds]])
  })

  it('lists every token for an empty name search', async () => {
    const { found } = await named(ACROSS_SCRIPTS)
    expect(await found('')).toHaveLength(4)
  })

  it('stores and finds a name whose search form is many times longer than the name (it sits in the list indexes)', async () => {
    // U+FDFA becomes 18 characters under NFKC: 100 of them are ~3,300 bytes in the index entry.
    const { ids, found } = await named({ ligatures: '\uFDFA'.repeat(100), plain: 'plain' })
    expect(await found('\u0635\u0644\u0649')).toEqual([ids.ligatures])
  })

  it.each([
    { search: '%', finds: 'percent' },
    { search: '0% c', finds: 'percent' },
    { search: 'e_c', finds: 'underscore' },
    { search: '\\', finds: 'backslash' },
  ] as const)('treats %, _ and backslash in the search literally: $search', async ({ search, finds }) => {
    const { ids, found } = await named(WILDCARDS)
    expect(await found(search)).toEqual([ids[finds]])
  })

  it('escapes %, _ and backslash for LIKE', () => {
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
