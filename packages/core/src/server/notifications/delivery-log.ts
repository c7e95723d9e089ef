import { TokenConsoleError } from '../../errors/error-codes.js'
import {
  deliveryExpired,
  type DeliveryError,
  type DeliveryStatus,
  type DeliveryView,
  type NotificationType,
} from '../../notifications/notification-schemas.js'
import type { ActorContext } from '../core-contract.js'
import { auditActorOf } from '../access/require-token-manager.js'
import { recordAuditEvent, type AuditDetails } from '../audit/record-audit-event.js'
import type { Executor, NotificationDeliveriesTable } from '../database/schema.js'
import { DELIVERY_RETRY_WINDOW_MS } from './enqueue-notification.js'

/** The log's view of one delivery, webhook or e-mail alike. */
export function deliveryViewOf(row: NotificationDeliveriesTable & { type: string }): DeliveryView {
  const status = row.status as DeliveryStatus
  const lastError = row.last_error as DeliveryError | null
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.type as NotificationType,
    status,
    attempts: row.attempts,
    lastResponseStatus: row.last_response_status,
    lastError,
    expired: deliveryExpired({ status, lastError }),
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
  }
}

/** Deliveries with the type of the event each one carries. */
export function deliveriesWithType(executor: Executor) {
  return executor
    .selectFrom('notification_deliveries')
    .innerJoin('notification_events', 'notification_events.id', 'notification_deliveries.event_id')
    .selectAll('notification_deliveries')
    .select('notification_events.type')
}

/** What a resend reads of its delivery's event besides the type, in the query that finds the delivery. */
export const RESENT_EVENT_COLUMNS = [
  'notification_events.token_id as event_token_id',
  'notification_events.data as event_data',
] as const

type ResentDelivery = NotificationDeliveriesTable & {
  type: string
  event_token_id: string | null
  event_data: string
}

/**
 * Audits a resend against the token its event was about, as every event about a token names it
 * (a legacy credential by its row, as `legacy.reset` and `token.leaked` do), so the trail filtered
 * by that token shows it; with the name the event gave the token, which the trail shows once the
 * token is deleted. Never the address or URL it went to: the trail is kept and exported long after
 * the delivery is pruned; the delivery id leads to them while it is kept.
 */
export function auditResend(
  trx: Executor,
  context: ActorContext,
  action: 'webhook.resend' | 'email.resend',
  at: string,
  row: ResentDelivery,
  details: AuditDetails,
): Promise<void> {
  const { tokenName } = JSON.parse(row.event_data) as { tokenName?: unknown }
  return recordAuditEvent(trx, {
    accountId: context.accountId,
    actor: auditActorOf(context),
    action,
    tokenId: row.event_token_id,
    at,
    ip: context.ip,
    details: {
      ...details,
      deliveryId: row.id,
      eventId: row.event_id,
      eventType: row.type,
      ...(typeof tokenName === 'string' ? { name: tokenName } : {}),
    },
  })
}

/**
 * Makes a finished delivery pending again, due now; DeliveryPending while it is pending. The
 * caller has found the row in the actor's account and audits the resend in the same transaction.
 */
export async function resendFinishedDelivery(trx: Executor, deliveryId: string, at: string) {
  // A new attempt for the same event (same webhook-id), due now, retried for another 24 hours.
  // A finished delivery only: resending a pending one again and again would make it due now
  // each time (one attempt per click) and push its give-up time out for ever, so a delivery
  // is resent once and then left to its retries. The status is checked by the update itself,
  // so of two resends at once only one finds the delivery finished. Its 24 hours start afresh
  // with no error met yet: one that runs out before the resend is attempted (its webhook
  // disabled meanwhile, or no mail server) expires unsent (`expired`), not as if retried with
  // the old error. Its retries back off from the first step again (10 s, not the hours its old
  // attempts had reached: whoever resends has most likely just fixed the receiver), while
  // `attempts` keeps counting every attempt for the log.
  const values = {
    status: 'pending',
    next_attempt_at: at,
    give_up_at: new Date(Date.parse(at) + DELIVERY_RETRY_WINDOW_MS).toISOString(),
    last_response_status: null,
    last_error: null,
  }
  const updated = await trx
    .updateTable('notification_deliveries')
    .set((eb) => ({ ...values, attempts_before_resend: eb.ref('attempts') }))
    .where('id', '=', deliveryId)
    .where('status', '!=', 'pending')
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) throw new TokenConsoleError('DeliveryPending')
  return values
}
