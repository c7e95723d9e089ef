import type { Db } from '../database/schema.js'

/**
 * A master-key rotation, kept in the database it rotates: written before the first row is
 * re-sealed and removed once every row is. While it runs, rows are sealed under two keys and the
 * stored digests under two digest keys, so an instance started with either key alone would refuse
 * some credentials (and a scanner's report of one of them would find no holder): the start check
 * refuses (settleMasterKey). One that ended with rows it could not open (exit code 3) stays, with
 * their count, until an instance starts with the new key: every row it could open is under that
 * key, and starting with the old one would refuse them all.
 */
export interface RotationMarker {
  toKeyId: string
  /** null while the rotation runs (or was interrupted); the rows it could not open once it ended. */
  unreadable: number | null
}

export async function markRotationUnderway(db: Db, toKeyId: string, at: string): Promise<void> {
  const other = await rotationMarker(db)
  if (other !== undefined && other.toKeyId !== toKeyId) {
    throw new Error(
      `A rotation to key id ${other.toKeyId} has not finished; complete it first (run the rotation again with that new key)`,
    )
  }
  // Run again after exit code 3 (with the old key that opens the rest): underway again.
  await db
    .insertInto('key_rotations')
    .values({ to_key_id: toKeyId, started_at: at, unreadable: null })
    .onConflict((oc) => oc.column('to_key_id').doUpdateSet({ unreadable: null }))
    .execute()
}

/**
 * The rotation has ended: every row it could open is under the new key. With none left unopened it
 * is forgotten; otherwise it stays, saying how many, so that only the new key may start.
 */
export async function markRotationEnded(db: Db, toKeyId: string, unreadable: number): Promise<void> {
  if (unreadable === 0) {
    await db.deleteFrom('key_rotations').where('to_key_id', '=', toKeyId).execute()
  } else {
    await db.updateTable('key_rotations').set({ unreadable }).where('to_key_id', '=', toKeyId).execute()
  }
}

/** An instance started with the new key after a rotation ended with rows it could not open. */
export async function forgetEndedRotation(db: Db, toKeyId: string): Promise<void> {
  await db
    .deleteFrom('key_rotations')
    .where('to_key_id', '=', toKeyId)
    .where('unreadable', 'is not', null)
    .execute()
}

/** The rotation that has started and not been forgotten, if any. */
export async function rotationMarker(db: Db): Promise<RotationMarker | undefined> {
  const row = await db
    .selectFrom('key_rotations')
    .select(['to_key_id', 'unreadable'])
    .limit(1)
    .executeTakeFirst()
  return row && { toKeyId: row.to_key_id, unreadable: row.unreadable }
}
