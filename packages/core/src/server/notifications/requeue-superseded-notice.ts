import type { Executor } from '../database/schema.js'
import { DELIVERY_RETRY_WINDOW_MS } from './enqueue-notification.js'
import { isRecipientOnToken } from './recipient-on-token.js'

/**
 * Queues again the e-mails of an expiry notice that were dropped as no longer current
 * (expiry-notice-current.ts: their token was disabled, or renewed to another date, when they were
 * due) once the scan finds that same notice due again: a token enabled again inside the reminder
 * window is still warned before it expires. The event's dedupe key keeps the scan from enqueueing
 * it anew, so its own rows go back to pending with 24 fresh hours. Only dropped rows: one that was
 * delivered is never sent twice, and webhooks were told of the event already. Only to the addresses
 * the token has now (its primary contact and developer e-mails): one removed from the token while it
 * was disabled is not mailed about it any more. Resolves to how many rows it queued again.
 */
export async function requeueSupersededNotice(trx: Executor, dedupeKey: string, at: string): Promise<number> {
  // A read first: the hourly scan meets most keys with nothing dropped and then writes nothing.
  const dropped = await trx
    .selectFrom('notification_deliveries')
    .innerJoin('notification_events', 'notification_events.id', 'notification_deliveries.event_id')
    .select(['notification_deliveries.event_id', 'notification_events.token_id'])
    .where('notification_events.dedupe_key', '=', dedupeKey)
    .where('notification_deliveries.channel', '=', 'email')
    .where('notification_deliveries.status', '=', 'failed')
    .where('notification_deliveries.last_error', '=', 'superseded')
    .limit(1)
    .executeTakeFirst()
  if (!dropped || dropped.token_id === null) return 0
  const tokenId = dropped.token_id
  const result = await trx
    .updateTable('notification_deliveries')
    .set((eb) => ({
      status: 'pending',
      last_error: null,
      next_attempt_at: at,
      give_up_at: new Date(Date.parse(at) + DELIVERY_RETRY_WINDOW_MS).toISOString(),
      claimed_until: null,
      claim_id: null,
      // Retried from the first backoff step, as a resend is (delivery-log.ts).
      attempts_before_resend: eb.ref('attempts'),
    }))
    .where('event_id', '=', dropped.event_id)
    .where('channel', '=', 'email')
    .where('status', '=', 'failed')
    .where('last_error', '=', 'superseded')
    .where((eb) => isRecipientOnToken(eb.val(tokenId), eb.ref('notification_deliveries.recipient')))
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
