import type { SelectQueryBuilder } from 'kysely'
import { UNUSED_PREVIEW_LIMIT, type UnusedTokensPreview } from '../../lifecycle/lifecycle-schemas.js'
import type { DatabaseSchema, Executor } from '../database/schema.js'
import { daysBefore } from '../../time/durations.js'

/**
 * The one definition of the tokens the unused-token policy disables, which both its job and its
 * preview query (so the preview lists exactly what a run now would disable): the account's enabled,
 * unexpired scoped tokens whose last use, or creation when never used, is more than `days` days
 * before `now`, and that nobody enabled or renewed by hand within those days (the job would
 * otherwise disable again at once a token a manager just turned back on; a renewed expired token
 * could not be used while it was expired, so those days tell nothing of disuse). Legacy credentials
 * are left alone: the product can only reset them, never disable them (PRODUCT.md §4). Expired
 * tokens already fail.
 */
export function unusedTokensQuery(
  executor: Executor,
  accountId: string,
  days: number,
  now: Date,
): SelectQueryBuilder<DatabaseSchema, 'tokens', object> {
  const at = now.toISOString()
  const cutoff = daysBefore(now, days).toISOString()
  return executor
    .selectFrom('tokens')
    .where('tokens.account_id', '=', accountId)
    .where('tokens.kind', '=', 'scoped')
    .where('tokens.state', '=', 'enabled')
    .where((eb) => eb.or([eb('tokens.expires_at', 'is', null), eb('tokens.expires_at', '>', at)]))
    .where((eb) => eb(eb.fn.coalesce('tokens.last_used_at', 'tokens.created_at'), '<', cutoff))
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('audit_events')
            .select('audit_events.id')
            .where('audit_events.account_id', '=', accountId)
            .where('audit_events.at', '>=', cutoff)
            .where('audit_events.action', 'in', ['token.enable', 'token.renew'])
            .whereRef('audit_events.token_id', '=', 'tokens.id'),
        ),
      ),
    )
}

/** The preview of the policy for `days`: the first tokens by oldest use, and how many there are. */
export async function previewUnusedTokens(
  executor: Executor,
  accountId: string,
  days: number,
  now: Date,
): Promise<UnusedTokensPreview> {
  const unused = unusedTokensQuery(executor, accountId, days, now)
  const rows = await unused
    .select(['tokens.id', 'tokens.name', 'tokens.last_used_at', 'tokens.created_at'])
    .orderBy((eb) => eb.fn.coalesce('tokens.last_used_at', 'tokens.created_at'))
    .orderBy('tokens.id')
    .limit(UNUSED_PREVIEW_LIMIT)
    .execute()
  const counted = await unused.select((eb) => eb.fn.countAll().as('total')).executeTakeFirst()
  return {
    days,
    total: Number(counted?.total ?? 0),
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      lastUsedAt: row.last_used_at,
      createdAt: row.created_at,
    })),
  }
}
