import { TokenConsoleError } from '../../errors/error-codes.js'
import {
  deliveryExpired,
  type DeliveryError,
  type DeliveryStatus,
  type DeliveryView,
  type NotificationType,
} from '../../notifications/notification-schemas.js'
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
  // the old error.
  const values = {
    status: 'pending',
    next_attempt_at: at,
    give_up_at: new Date(Date.parse(at) + DELIVERY_RETRY_WINDOW_MS).toISOString(),
    last_response_status: null,
    last_error: null,
  }
  const updated = await trx
    .updateTable('notification_deliveries')
    .set(values)
    .where('id', '=', deliveryId)
    .where('status', '!=', 'pending')
    .executeTakeFirst()
  if (Number(updated.numUpdatedRows) === 0) throw new TokenConsoleError('DeliveryPending')
  return values
}
