import { randomUUID } from 'node:crypto'
import { sql, type ExpressionBuilder } from 'kysely'
import type { DatabaseDialectName } from '../database/open-database.js'
import { runQuery } from '../database/run-in-transaction.js'
import type { DatabaseSchema, Db, NotificationDeliveriesTable } from '../database/schema.js'

/**
 * At most this many rows of one account are claimed in a round, and none while the account has
 * rows under a live claim (in flight on any instance): one account's slow or silent endpoints
 * occupy at most this many sends, and every other account's due rows are claimed beside them.
 */
export const ACCOUNT_SHARE = 4

export interface ClaimContext {
  db: Db
  dialect: DatabaseDialectName
  /** Whether e-mails are sent (a mail server is configured); without one they wait, never claimed. */
  emailEnabled: boolean
  leaseMs: number
}

type DeliveriesBuilder = ExpressionBuilder<DatabaseSchema, 'notification_deliveries'>

/**
 * The rows a round may send now: pending, due, not under a live claim, e-mails only with a mail
 * server, webhooks only while enabled (a disabled webhook's rows wait for it). `channel` is named
 * outright so the read walks the (status, channel, next_attempt_at) index and never scans the
 * e-mails waiting without a mail server. Rows past their 24 hours were expired right before (and
 * `attempt` refuses one that crossed it since): a `give_up_at` filter here would lead SQLite to the
 * (status, give_up_at) index, which walks every pending row.
 */
function sendable(eb: DeliveriesBuilder, nowIso: string, emailEnabled: boolean) {
  // A lookup by primary key per candidate row, not a list of every enabled webhook per read.
  const enabledWebhook = eb.and([
    eb('channel', '=', 'webhook'),
    eb.exists(
      eb
        .selectFrom('webhooks')
        .select('webhooks.id')
        .whereRef('webhooks.id', '=', 'notification_deliveries.webhook_id')
        .where('webhooks.enabled', '=', 1),
    ),
  ])
  return eb.and([
    eb('status', '=', 'pending'),
    emailEnabled ? eb('channel', 'in', ['email', 'webhook']) : eb('channel', '=', 'webhook'),
    eb('next_attempt_at', '<=', nowIso),
    eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', nowIso)]),
    emailEnabled ? eb.or([eb('channel', '=', 'email'), enabledWebhook]) : enabledWebhook,
  ])
}

function notClaimed(eb: DeliveriesBuilder, nowIso: string) {
  return eb.and([
    eb('status', '=', 'pending'),
    eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', nowIso)]),
  ])
}

/** Accounts with rows in flight: a live claim (the `claimed_until` index holds only those past now). */
function accountsInFlight(eb: DeliveriesBuilder, nowIso: string) {
  return eb.selectFrom('notification_deliveries').select('account_id').where('claimed_until', '>', nowIso)
}

/**
 * A pending row whose 24 hours ran out: failed, claimed by no one. One never attempted is `expired`
 * (unsent); one whose attempts failed keeps the last error it met (and its response status), which
 * is what its reader needs to fix the receiver: the delivery view tells the expiry beside it.
 */
export const EXPIRED_DELIVERY = {
  status: 'failed',
  last_error: sql<string>`coalesce(last_error, 'expired')`,
  next_attempt_at: null,
  claimed_until: null,
  claim_id: null,
} as const

/**
 * An e-mail no longer current when it was to go out: an expiry e-mail whose token was renewed,
 * disabled or deleted since (expiry-notice-current.ts), or one to someone taken off the token
 * since (notification-delivery.ts): failed, unsent, aged out like an expired row.
 */
export const SUPERSEDED_DELIVERY = { ...EXPIRED_DELIVERY, last_error: 'superseded' } as const

/**
 * Marks pending rows past their `give_up_at` failed (EXPIRED_DELIVERY), unsent: a webhook enabled again
 * weeks later, or a mail server configured late, does not get a stale event with a fresh
 * timestamp. A read first (the (status, give_up_at) index), so a round with nothing expired writes
 * nothing. A row under a live claim is left to its holder, who writes its outcome. Resolves to how
 * many rows it marked.
 */
export async function expireOverdueDeliveries(db: Db, at: Date): Promise<number> {
  const nowIso = at.toISOString()
  const overdue = await runQuery(() =>
    db
      .selectFrom('notification_deliveries')
      .select('id')
      .where('status', '=', 'pending')
      .where('give_up_at', '<=', nowIso)
      .where((eb) => notClaimed(eb, nowIso))
      .limit(1)
      .executeTakeFirst(),
  )
  if (!overdue) return 0
  const result = await runQuery(() =>
    db
      .updateTable('notification_deliveries')
      .set(EXPIRED_DELIVERY)
      .where('status', '=', 'pending')
      .where('give_up_at', '<=', nowIso)
      .where((eb) => notClaimed(eb, nowIso))
      .executeTakeFirst(),
  )
  return Number(result.numUpdatedRows)
}

/**
 * Claims up to `limit` sendable rows for this instance with a lease (`claimed_until`, `claim_id`):
 * at most ACCOUNT_SHARE per account, none of an account with rows in flight, each account's first
 * row before any account's second. A read first, with the claim's own filters, so a round with
 * nothing sendable costs index reads and no write (an UPDATE would take SQLite's write lock even
 * when it changes nothing). On PostgreSQL the rows are ranked in an inner query (a window function
 * cannot share a SELECT with FOR UPDATE) and locked by id with SKIP LOCKED in the outer one, so
 * instances claiming at once skip each other's rows instead of waiting; the lock re-checks that
 * the row is still pending and unclaimed.
 */
export async function claimDueDeliveries(
  context: ClaimContext,
  at: Date,
  limit: number,
): Promise<NotificationDeliveriesTable[]> {
  const { db, dialect, emailEnabled, leaseMs } = context
  if (limit <= 0) return []
  const nowIso = at.toISOString()
  const due = await runQuery(() =>
    db
      .selectFrom('notification_deliveries')
      .select('id')
      .where((eb) => sendable(eb, nowIso, emailEnabled))
      .where((eb) => eb('account_id', 'not in', accountsInFlight(eb, nowIso)))
      .limit(1)
      .executeTakeFirst(),
  )
  if (!due) return []

  const ranked = db
    .selectFrom('notification_deliveries')
    .select((eb) => [
      'id',
      'next_attempt_at',
      eb.fn
        .agg<number>('row_number')
        .over((ob) => ob.partitionBy('account_id').orderBy('next_attempt_at').orderBy('id'))
        .as('account_rank'),
    ])
    .where((eb) => sendable(eb, nowIso, emailEnabled))
    .where((eb) => eb('account_id', 'not in', accountsInFlight(eb, nowIso)))
  const picked = db
    .selectFrom(ranked.as('ranked'))
    .select('ranked.id')
    .where('ranked.account_rank', '<=', ACCOUNT_SHARE)
    .orderBy('ranked.account_rank')
    .orderBy('ranked.next_attempt_at')
    .limit(limit)
  const locked = db
    .selectFrom('notification_deliveries')
    .select('id')
    .where('id', 'in', picked)
    .where((eb) => notClaimed(eb, nowIso))
    .forUpdate()
    .skipLocked()

  return runQuery(() =>
    db
      .updateTable('notification_deliveries')
      .set({ claimed_until: new Date(at.getTime() + leaseMs).toISOString(), claim_id: randomUUID() })
      .where('id', 'in', dialect === 'postgres' ? locked : picked)
      // SQLite runs the statement alone (one writer), so the picked rows are still unclaimed; a
      // status filter here would lead its planner to walk every pending row instead of the ids.
      .$if(dialect === 'postgres', (query) => query.where((eb) => notClaimed(eb, nowIso)))
      .returningAll()
      .execute(),
  )
}
