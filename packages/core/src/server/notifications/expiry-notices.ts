import { EXPIRY_NOTICE_DAYS } from '../../notifications/notification-schemas.js'
import type { DatabaseDialectName } from '../database/open-database.js'
import { runInTransaction } from '../database/run-in-transaction.js'
import type { Db } from '../database/schema.js'
import type { RecurringJob } from '../scheduler/recurring-job.js'
import { enqueueNotification } from './enqueue-notification.js'
import { tokenStillExpiringAt } from './expiry-notice-current.js'
import { requeueSupersededNotice } from './requeue-superseded-notice.js'
import { DAY_MS, daysAfter } from '../../time/durations.js'

/**
 * Tokens that expired longer ago than this get no `token.expired` notice: a first scan after an
 * upgrade (or a long outage) should not mail about tokens that expired months ago.
 */
export const EXPIRED_NOTICE_LOOKBACK_MS = 7 * DAY_MS

export interface ExpiryNoticesDeps {
  db: Db
  dialect: DatabaseDialectName
  now: () => Date
}

/**
 * One scan for expiry notices: `token.expiring` at the nearest of 14, 3 and 1 days before the
 * expiry that has been reached, and `token.expired` once the expiry has passed. Each is enqueued
 * once per token, threshold and expiry date (a unique dedupe key), so the scan may run as often as
 * wanted, on every instance at once; a renewed token is told again about its new date. Enabled
 * scoped tokens only: a disabled token does not work anyway. A notice whose e-mails were dropped
 * while the token was disabled is queued again when the scan finds it still due
 * (requeue-superseded-notice.ts). Returns how many events it enqueued.
 */
export async function enqueueExpiryNotices(deps: ExpiryNoticesDeps): Promise<number> {
  const now = deps.now()
  const horizon = daysAfter(now, Math.max(...EXPIRY_NOTICE_DAYS)).toISOString()
  const since = new Date(now.getTime() - EXPIRED_NOTICE_LOOKBACK_MS).toISOString()
  const tokens = await deps.db
    .selectFrom('tokens')
    .select(['id', 'account_id', 'expires_at'])
    .where('kind', '=', 'scoped')
    .where('state', '=', 'enabled')
    .where('expires_at', 'is not', null)
    .where('expires_at', '>', since)
    .where('expires_at', '<=', horizon)
    .execute()
  let enqueued = 0
  for (const token of tokens) {
    const expiresAt = token.expires_at as string
    const leftMs = Date.parse(expiresAt) - now.getTime()
    const at = now.toISOString()
    const notice =
      leftMs <= 0
        ? { type: 'token.expired' as const, dedupeKey: `token.expired:${token.id}:${expiresAt}`, days: null }
        : (() => {
            const days = Math.min(...EXPIRY_NOTICE_DAYS.filter((d) => leftMs <= d * DAY_MS))
            return {
              type: 'token.expiring' as const,
              dedupeKey: `token.expiring:${token.id}:${days}:${expiresAt}`,
              days,
            }
          })()
    const id = await runInTransaction(deps.db, async (trx) => {
      // The token as it stands now, not as the scan read it: one renewed, disabled or deleted since
      // is told nothing about the date it no longer has (its webhooks would be). Locked on
      // PostgreSQL, so a renewal committing meanwhile is waited for and seen.
      const current = await tokenStillExpiringAt(trx, token.id, expiresAt)
        .$if(deps.dialect === 'postgres', (query) => query.forUpdate())
        .executeTakeFirst()
      if (!current) return null
      const enqueued = await enqueueNotification(trx, {
        accountId: token.account_id,
        type: notice.type,
        tokenId: token.id,
        at,
        data: notice.days === null ? { expiresAt } : { expiresAt, days: notice.days },
        dedupeKey: notice.dedupeKey,
      })
      if (enqueued === null) await requeueSupersededNotice(trx, notice.dedupeKey, at)
      return enqueued
    })
    if (id !== null) enqueued++
  }
  return enqueued
}

export const EXPIRY_NOTICES_JOB = 'expiry-notices'
/** Hourly: the thresholds count in days, so a notice goes out at most an hour after one is reached. */
export const EXPIRY_NOTICES_INTERVAL_MS = 3_600_000

/** The expiry scan as a recurring job (scheduler/job-scheduler.ts): on one instance per hour. */
export function expiryNoticesJob(deps: ExpiryNoticesDeps): RecurringJob {
  return {
    name: EXPIRY_NOTICES_JOB,
    intervalMs: EXPIRY_NOTICES_INTERVAL_MS,
    async run() {
      await enqueueExpiryNotices(deps)
    },
  }
}
