import { describe, expect, it } from 'vitest'
import { AuditFilter } from '../../audit/audit-schemas.js'
import type { KeysetPosition } from '../database/keyset-cursor.js'
import type { Db } from '../database/schema.js'
import { databaseForSuite } from '../test-support/database-for-suite.js'
import { sqliteQueryPlan } from '../test-support/sqlite-query-plan.js'
import { testDialect } from '../test-support/test-postgres.js'
import { auditPageQuery } from './audit-service.js'

const LATER_PAGE: KeysetPosition = { at: '2026-01-02T03:04:05.006Z', id: 'evt_x' }

/** The other filters a page by token combines with: none, or each of them. */
const ALONGSIDE: Record<string, string>[] = [
  {},
  { action: 'legacy.reveal' },
  { actor: 'usr_a' },
  { actor: 'system' },
  { from: '2026-01-01', to: '2026-02-01' },
]

/** SQLite's plan for a page of 50 of the audit trail under this filter, one line per step. */
function planOf(db: Db, filter: Record<string, string>, after: KeysetPosition | undefined) {
  return sqliteQueryPlan(db, auditPageQuery(db, 'acc_plan', AuditFilter.parse(filter), after, 50))
}

describe.runIf(testDialect() === 'sqlite')('the audit trail page query plan (SQLite)', () => {
  const database = databaseForSuite()

  it('reads a page by token from the token’s own events and from the events it shares, each walked in an index, then only those events by id', async () => {
    for (const alongside of ALONGSIDE) {
      for (const after of [undefined, LATER_PAGE]) {
        const plan = await planOf(database(), { tokenId: 'tok_plan', ...alongside }, after)
        const described = `${JSON.stringify(alongside)} ${after ? 'later page' : 'first page'} → ${plan.join(' | ')}`
        expect(plan, described).toContainEqual(
          expect.stringMatching(
            /^SEARCH l USING COVERING INDEX audit_event_tokens_by_token \(account_id=\? AND token_id=\?/,
          ),
        )
        expect(plan, described).toContainEqual(
          expect.stringMatching(
            /^SEARCH e USING (COVERING )?INDEX audit_events_by_\w+ \(account_id=\? AND (token_id|actor_id|action)=\?/,
          ),
        )
        // The page's keys first, then each event by its primary key: never the account's trail.
        const keys = plan.indexOf('SCAN k')
        expect(keys, described).toBeGreaterThan(0)
        expect(plan[keys + 1], described).toBe('SEARCH e USING INDEX sqlite_autoindex_audit_events_1 (id=?)')
        for (const step of plan.filter((line) => /^(SEARCH|SCAN) [el]\b/.test(line))) {
          expect(step, described).toMatch(/\((id=\?|account_id=\? AND (token_id|actor_id|action)=\?)/)
        }
        expect(plan.join('\n'), described).not.toMatch(/AUTOMATIC|SCAN audit_event/)
      }
    }
  })

  it('walks one index in page order without a token, never sorting the trail', async () => {
    for (const alongside of ALONGSIDE) {
      for (const after of [undefined, LATER_PAGE]) {
        const plan = await planOf(database(), alongside, after)
        const described = `${JSON.stringify(alongside)} → ${plan.join(' | ')}`
        expect(plan[1], described).toMatch(
          /^SEARCH e USING (COVERING )?INDEX audit_events_\w+ \(account_id=\?/,
        )
        expect(plan.join('\n'), described).not.toMatch(/TEMP B-TREE|SCAN e\b|audit_event_tokens/)
        // A later page seeks to its cursor rather than reading every newer event first.
        if (after && !('from' in alongside)) expect(plan[1], described).toMatch(/at<\?\)/)
      }
    }
  })
})
