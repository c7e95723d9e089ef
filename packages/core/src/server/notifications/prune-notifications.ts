import type { Expression, ExpressionBuilder, SqlBool } from 'kysely'
import type { CoreLogger } from '../core-logger.js'
import { deleteInBatches, PRUNE_BATCH_SIZE } from '../database/delete-in-batches.js'
import type { DatabaseSchema, Db } from '../database/schema.js'
import type { RecurringJob } from '../scheduler/recurring-job.js'
import { daysBefore } from '../../time/durations.js'

/** Finished deliveries (and events left without any) are kept this long: the delivery log's history. */
export const NOTIFICATION_RETENTION_DAYS = 30

const FINISHED = ['delivered', 'failed']

type DeliveriesWhere = ExpressionBuilder<DatabaseSchema, 'notification_deliveries'>

/**
 * Deletes deliveries delivered or failed longer ago than the retention (their last attempt and the
 * end of their 24 hours, which a resend moves), then events older than the retention left
 * without deliveries. Pending deliveries stay. An event is kept as long as the
 * retention even without deliveries: its dedupe key (expiry notices) must outlive the scans that
 * could enqueue it again. Answers the rows deleted.
 */
export async function pruneNotifications(
  db: Db,
  now: Date,
  batchSize = PRUNE_BATCH_SIZE,
): Promise<{ deliveries: number; events: number }> {
  const cutoff = daysBefore(now, NOTIFICATION_RETENTION_DAYS).toISOString()
  // Finished by an attempt: aged from the last one, unless a resend since gave it a later end of
  // its 24 hours (a resend that expired unsent, its last attempt from before: the log must still
  // show how the resend ended). Expired before any attempt (no last attempt): aged from the end of
  // its 24 hours. Two deletes, so each walks its own index.
  const agedOut: ((eb: DeliveriesWhere) => Expression<SqlBool>)[] = [
    (eb) =>
      eb.and([
        eb('status', 'in', FINISHED),
        eb('last_attempt_at', '<', cutoff),
        eb('give_up_at', '<', cutoff),
      ]),
    (eb) =>
      eb.and([eb('status', '=', 'failed'), eb('last_attempt_at', 'is', null), eb('give_up_at', '<', cutoff)]),
  ]
  let deliveries = 0
  for (const finished of agedOut) {
    deliveries += await deleteInBatches(batchSize, async () => {
      const result = await db
        .deleteFrom('notification_deliveries')
        .where('id', 'in', (eb) =>
          eb.selectFrom('notification_deliveries').select('id').where(finished).limit(batchSize),
        )
        // Again on the row deleted: a delivery resent since the batch was chosen is pending now, and stays.
        .where(finished)
        .executeTakeFirst()
      return result.numDeletedRows
    })
  }
  const events = await deleteInBatches(batchSize, async () => {
    const result = await db
      .deleteFrom('notification_events')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('notification_events as event')
          .select('event.id')
          .where('event.created_at', '<', cutoff)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('notification_deliveries as delivery')
                  .select('delivery.id')
                  .whereRef('delivery.event_id', '=', 'event.id'),
              ),
            ),
          )
          .limit(batchSize),
      )
      .executeTakeFirst()
    return result.numDeletedRows
  })
  return { deliveries, events }
}

export const PRUNE_NOTIFICATIONS_JOB = 'prune-notifications'
/** Hourly: each run deletes about an hour's worth of finished deliveries, a few batches at most. */
export const PRUNE_NOTIFICATIONS_INTERVAL_MS = 3_600_000

/** The outbox's retention as a recurring job (scheduler/job-scheduler.ts): on one instance per hour. */
export function pruneNotificationsJob(deps: {
  db: Db
  now: () => Date
  logger?: CoreLogger | undefined
}): RecurringJob {
  return {
    name: PRUNE_NOTIFICATIONS_JOB,
    intervalMs: PRUNE_NOTIFICATIONS_INTERVAL_MS,
    async run() {
      const pruned = await pruneNotifications(deps.db, deps.now())
      if (pruned.deliveries > 0 || pruned.events > 0) deps.logger?.log('info', 'notification.pruned', pruned)
    },
  }
}
