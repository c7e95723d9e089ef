import { CompiledQuery } from 'kysely'
import { describe, expect, it } from 'vitest'
import { CREATED_RANGES, TokenFilter, type TokenFilterInput } from '../../tokens/token-filter.js'
import { TOKEN_STATES } from '../../tokens/token-schemas.js'
import { encodeCursor } from '../database/keyset-cursor.js'
import type { Db } from '../database/schema.js'
import { databaseForSuite } from '../test-support/database-for-suite.js'
import { sqliteQueryPlan } from '../test-support/sqlite-query-plan.js'
import { testDialect } from '../test-support/test-postgres.js'
import { scopedTokenListQuery } from './list-scoped-tokens.js'

const NOW = new Date('2026-03-15T12:00:00.000Z')

/** Every combination of the list's filters and paging: no filter or each value of each. */
function everyFilter(): TokenFilterInput[] {
  const filters: TokenFilterInput[] = []
  for (const name of [undefined, 'Ünïcode 报表']) {
    for (const state of [undefined, ...TOKEN_STATES]) {
      for (const created of [undefined, ...CREATED_RANGES]) {
        for (const cursor of [undefined, encodeCursor({ at: '2026-01-02T03:04:05.006Z', id: 'tok_x' })]) {
          filters.push({ name, state, created, cursor })
        }
      }
    }
  }
  return filters
}

/** SQLite's plan for the list query under this filter, one line per step. */
function planOf(db: Db, input: TokenFilterInput): Promise<string[]> {
  return sqliteQueryPlan(db, scopedTokenListQuery(db, 'acc_plan', TokenFilter.parse(input), NOW))
}

describe.runIf(testDialect() === 'sqlite')('the token list query plan (SQLite)', () => {
  const database = databaseForSuite()

  it('walks a list index in page order for every combination of filters, never the whole table', async () => {
    for (const filter of everyFilter()) {
      const plan = await planOf(database(), filter)
      const described = `${JSON.stringify(filter)} → ${plan.join(' | ')}`
      expect(plan, described).toHaveLength(1)
      expect(plan[0], described).toMatch(
        /^SEARCH tokens USING (COVERING )?INDEX tokens_list\w* \(account_id=\? AND kind=\?/,
      )
      expect(plan.join('\n'), described).not.toMatch(/SCAN tokens|TEMP B-TREE/)
    }
  })

  it('narrows by state and created range inside the index rather than after it', async () => {
    const plan = (await planOf(database(), { state: 'enabled', created: 'last30' })).join('\n')
    expect(plan).toMatch(/state=\? AND created_at>\?/)
    expect((await planOf(database(), { created: 'older30' })).join('\n')).toMatch(/created_at<\?/)
  })

  it('seeks a later page to its cursor in the index, not reading every newer token first', async () => {
    for (const filter of everyFilter().filter((f) => f.cursor !== undefined && f.created === undefined)) {
      const plan = (await planOf(database(), filter)).join('\n')
      expect(plan, `${JSON.stringify(filter)} → ${plan}`).toMatch(/created_at<\?\)/)
    }
  })

  it('matches the name on index entries, so a search fetches table rows only for matches', async () => {
    for (const filter of everyFilter().filter((f) => f.name !== undefined)) {
      const plan = (await planOf(database(), filter)).join('\n')
      const index = /INDEX (\w+)/.exec(plan)?.[1] ?? ''
      const { rows } = await database().executeQuery<{ name: string }>(
        CompiledQuery.raw(`pragma index_info(${index})`),
      )
      expect(
        rows.map((row) => row.name),
        `${JSON.stringify(filter)} → ${plan}`,
      ).toContain('name_search')
    }
  })
})
