import type { Db } from '../database/schema.js'
import type { RecurringJob } from '../scheduler/recurring-job.js'
import { rotationEndOf, rotationTimesOf } from './rotation-end.js'

export const SETTLE_ENDED_ROTATIONS_JOB = 'settle-ended-rotations'
/** Every minute: a rotation's completion (its audit event and token.rotation_completed) is told within a minute of its end. */
export const SETTLE_ENDED_ROTATIONS_INTERVAL_MS = 60_000

/**
 * A rotation ends by itself when its overlap runs out or traffic confirms it (rotation-end.ts), and
 * verification refuses the old secret from that moment without any job. What needs a job is the
 * record of it: a token nobody calls after its end would otherwise be settled (the old secret
 * cleared, the completion audited and announced) only at its next use or write.
 */
export function settleEndedRotationsJob(deps: {
  db: Db
  now: () => Date
  settleRotation: (tokenId: string) => Promise<void>
}): RecurringJob {
  return {
    name: SETTLE_ENDED_ROTATIONS_JOB,
    intervalMs: SETTLE_ENDED_ROTATIONS_INTERVAL_MS,
    async run() {
      // Rotations in progress are few (one per token at most, for hours or days): read them all.
      const rows = await deps.db
        .selectFrom('tokens')
        .selectAll()
        .where('rotation_started_at', 'is not', null)
        .execute()
      const nowMs = deps.now().getTime()
      for (const row of rows) {
        const times = rotationTimesOf(row)
        if (times !== null && rotationEndOf(times).atMs <= nowMs) await deps.settleRotation(row.id)
      }
    },
  }
}
