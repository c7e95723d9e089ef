import type { TestCore } from './open-test-core.js'

/** How many audit events of `action` the test core's database holds, of one account or token where named. */
export async function auditedTimes(
  test: Pick<TestCore, 'database'>,
  action: string,
  of: { accountId?: string; tokenId?: string } = {},
): Promise<number> {
  const db = await test.database()
  let query = db.selectFrom('audit_events').select('id').where('action', '=', action)
  if (of.accountId !== undefined) query = query.where('account_id', '=', of.accountId)
  if (of.tokenId !== undefined) query = query.where('token_id', '=', of.tokenId)
  return (await query.execute()).length
}
