import { describe, expect, it } from 'vitest'
import type { KeysetPosition } from '../database/keyset-cursor.js'
import type { Db } from '../database/schema.js'
import { databaseForSuite } from '../test-support/database-for-suite.js'
import { sqliteQueryPlan } from '../test-support/sqlite-query-plan.js'
import { testDialect } from '../test-support/test-postgres.js'
import { emailDeliveryPageQuery } from './email-delivery-service.js'

/** SQLite's plan for a page of the account's e-mails, one line per step. */
function planOf(db: Db, after: KeysetPosition | undefined): Promise<string[]> {
  return sqliteQueryPlan(db, emailDeliveryPageQuery(db, 'acc_plan', after, 51))
}

describe.runIf(testDialect() === 'sqlite')('the e-mail deliveries page query plan (SQLite)', () => {
  const database = databaseForSuite()

  it.each([
    ['the first page', undefined],
    ['a later page', { at: '2026-01-02T03:04:05.006Z', id: 'dlv_x' }],
  ])(
    'reads %s from the account’s own e-mails in page order, not every account’s outbox sorted',
    async (_page, after) => {
      const plan = await planOf(database(), after)
      const described = plan.join(' | ')
      expect(plan[0], described).toMatch(
        /^SEARCH notification_deliveries USING INDEX notification_deliveries_account_email \(account_id=\? AND channel=\?/,
      )
      expect(described).not.toMatch(/SCAN notification_deliveries|TEMP B-TREE/)
      // A later page seeks to its cursor rather than reading every newer e-mail first.
      if (after) expect(plan[0], described).toMatch(/created_at<\?\)/)
    },
  )
})
