import { LeakAction, type LeakView } from '../../leaks/leak-schemas.js'
import type { Executor } from '../database/schema.js'

/** The latest leak not yet marked as handled, per token id (tokens without one are absent). */
export async function loadOpenLeaks(
  executor: Executor,
  tokenIds: readonly string[],
): Promise<Map<string, LeakView>> {
  const byToken = new Map<string, LeakView>()
  if (tokenIds.length === 0) return byToken
  const rows = await executor
    .selectFrom('token_leaks')
    .select(['token_id', 'reported_at', 'url', 'action'])
    .where('token_id', 'in', tokenIds)
    .where('handled_at', 'is', null)
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  for (const row of rows) {
    if (byToken.has(row.token_id)) continue
    byToken.set(row.token_id, {
      reportedAt: row.reported_at,
      url: row.url,
      action: LeakAction.parse(row.action),
    })
  }
  return byToken
}
