import type { RotationSecret } from '../core-contract.js'
import type { Executor } from '../database/schema.js'

const COLUMN_OF = { old: 'rotation_old_last_used_at', new: 'rotation_new_last_used_at' } as const

/**
 * Stores a use of a rotating token's old or new auth token, if that rotation is still stored and
 * the use is newer than the one stored. Answers the token's SID when it wrote: the use may move a
 * traffic-confirmed rotation's end, so verification caches must drop what they hold of it.
 */
export async function writeRotationUse(
  executor: Executor,
  tokenId: string,
  secret: RotationSecret,
  at: string,
): Promise<string | undefined> {
  const column = COLUMN_OF[secret]
  const written = await executor
    .updateTable('tokens')
    .set({ [column]: at })
    .where('id', '=', tokenId)
    .where('rotation_started_at', 'is not', null)
    .where('rotation_started_at', '<=', at)
    .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<', at)]))
    .returning('sid')
    .executeTakeFirst()
  return written?.sid
}
