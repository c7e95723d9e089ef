import { isRetiredPreviousSecret, LeakAction, LeakSecret, type LeakView } from '../../leaks/leak-schemas.js'
import type { Executor } from '../database/schema.js'

/**
 * The latest leak not yet marked as handled, per token id (tokens without one are absent); a
 * retired previous secret (`isRetiredPreviousSecret`: nobody has anything to do about it) only
 * when no other leak of its token is open. One report holding both secrets of a rotation records
 * the current one first and then the previous one, whose record is the later; shown as the token's
 * leak, it would hide the leaked current secret, which keeps working until its overlap ends and
 * does ask for action.
 */
export async function loadOpenLeaks(
  executor: Executor,
  tokenIds: readonly string[],
): Promise<Map<string, LeakView>> {
  const byToken = new Map<string, LeakView>()
  if (tokenIds.length === 0) return byToken
  const rows = await executor
    .selectFrom('token_leaks')
    .select(['token_id', 'reported_at', 'url', 'action', 'secret'])
    .where('token_id', 'in', tokenIds)
    .where('handled_at', 'is', null)
    .orderBy('reported_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  for (const row of rows) {
    const shown = byToken.get(row.token_id)
    if (shown && !isRetiredPreviousSecret(shown)) continue
    const leak: LeakView = {
      reportedAt: row.reported_at,
      url: row.url,
      action: LeakAction.parse(row.action),
      secret: LeakSecret.parse(row.secret),
    }
    if (!shown || !isRetiredPreviousSecret(leak)) byToken.set(row.token_id, leak)
  }
  return byToken
}
