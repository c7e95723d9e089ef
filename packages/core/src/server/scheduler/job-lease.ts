import type { Db } from '../database/schema.js'

export interface JobLeaseClaim {
  name: string
  holder: string
  nowMs: number
  leaseMs: number
}

/**
 * Takes the job's lease when the job is due and no live holder has it, in one conditional UPDATE:
 * of two instances trying at once, exactly one changes the row (PostgreSQL re-checks the WHERE on
 * the row the first committed; SQLite writes one at a time), the other finds it held. The row is
 * created on first use, due at once.
 */
export async function takeJobLease(db: Db, claim: JobLeaseClaim): Promise<boolean> {
  const { name, holder, nowMs, leaseMs } = claim
  await db
    .insertInto('job_leases')
    .values({ name, holder: null, lease_expires_at: 0, next_run_at: nowMs })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute()
  const taken = await db
    .updateTable('job_leases')
    .set({ holder, lease_expires_at: nowMs + leaseMs })
    .where('name', '=', name)
    .where('next_run_at', '<=', nowMs)
    .where((eb) => eb.or([eb('holder', 'is', null), eb('lease_expires_at', '<=', nowMs)]))
    .executeTakeFirst()
  return Number(taken.numUpdatedRows) === 1
}

/** Keeps a long run's lease alive; false when another instance has taken it over meanwhile. */
export async function extendJobLease(db: Db, claim: JobLeaseClaim): Promise<boolean> {
  const extended = await db
    .updateTable('job_leases')
    .set({ lease_expires_at: claim.nowMs + claim.leaseMs })
    .where('name', '=', claim.name)
    .where('holder', '=', claim.holder)
    .executeTakeFirst()
  return Number(extended.numUpdatedRows) === 1
}

/** Ends the holder's run: the job is due again at `nextRunMs`. Nothing if another instance took it over. */
export async function releaseJobLease(
  db: Db,
  release: { name: string; holder: string; nextRunMs: number },
): Promise<void> {
  await db
    .updateTable('job_leases')
    .set({ holder: null, lease_expires_at: 0, next_run_at: release.nextRunMs })
    .where('name', '=', release.name)
    .where('holder', '=', release.holder)
    .execute()
}
