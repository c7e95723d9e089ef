import type { Db } from '../database/schema.js'

/**
 * A master-key rotation underway, kept in the database it rotates: written before the first row
 * is re-sealed and removed once every row is, in the same database as the rows themselves. While
 * it stands, rows are sealed under two keys and the stored digests under two digest keys, so an
 * instance started with either key alone would refuse some credentials (and a scanner's report of
 * one of them would find no holder). The start check refuses while it stands (settleMasterKey).
 */
export async function markRotationUnderway(db: Db, toKeyId: string, at: string): Promise<void> {
  const other = await unfinishedRotation(db)
  if (other !== undefined && other !== toKeyId) {
    throw new Error(
      `A rotation to key id ${other} has not finished; complete it first (run the rotation again with that new key)`,
    )
  }
  await db
    .insertInto('key_rotations')
    .values({ to_key_id: toKeyId, started_at: at })
    .onConflict((oc) => oc.column('to_key_id').doNothing())
    .execute()
}

/** The rotation is complete: every row it could open is under the new key. */
export async function markRotationDone(db: Db, toKeyId: string): Promise<void> {
  await db.deleteFrom('key_rotations').where('to_key_id', '=', toKeyId).execute()
}

/** The key id of a rotation that started and has not finished, if any. */
export async function unfinishedRotation(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('key_rotations').select('to_key_id').limit(1).executeTakeFirst()
  return row?.to_key_id
}
