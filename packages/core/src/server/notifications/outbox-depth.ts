import { runQuery } from '../database/run-in-transaction.js'
import type { Db } from '../database/schema.js'

/** What the notification outbox still has to send, for operators (metrics), never for decisions. */
export interface OutboxDepth {
  /** Deliveries not yet delivered nor given up, by channel. */
  pending: { email: number; webhook: number }
  /** Age of the oldest of them, in seconds; null when none is pending. */
  oldestPendingSeconds: number | null
}

/** One grouped read over the `(status, channel, next_attempt_at)` index: cheap enough for every scrape. */
export async function outboxDepth(db: Db, now: () => Date): Promise<OutboxDepth> {
  const rows = await runQuery(() =>
    db
      .selectFrom('notification_deliveries')
      .select('channel')
      .select((eb) => [eb.fn.countAll<number | string>().as('count'), eb.fn.min('created_at').as('oldest')])
      .where('status', '=', 'pending')
      .groupBy('channel')
      .execute(),
  )
  const depth: OutboxDepth = { pending: { email: 0, webhook: 0 }, oldestPendingSeconds: null }
  let oldest: string | null = null
  for (const row of rows) {
    if (row.channel !== 'email' && row.channel !== 'webhook') continue
    depth.pending[row.channel] = Number(row.count)
    if (row.oldest !== null && (oldest === null || row.oldest < oldest)) oldest = row.oldest
  }
  if (oldest !== null)
    depth.oldestPendingSeconds = Math.max(0, (now().getTime() - Date.parse(oldest)) / 1_000)
  return depth
}
