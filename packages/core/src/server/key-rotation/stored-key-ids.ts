import { sql } from 'kysely'
import { SEALED_KEY_ID_SQL } from '../crypto/seal-secret.js'
import type { Db } from '../database/schema.js'

/** How many sealed values (auth tokens and webhook secrets) are stored under each key id. */
export async function countSealedValuesByKeyId(db: Db): Promise<Map<string, number>> {
  const keyId = sql.raw(SEALED_KEY_ID_SQL)
  const { rows } = await sql<{ key_id: string; n: number | string }>`
    select key_id, count(*) as n from (
      select ${keyId} as key_id from tokens
      union all
      select ${keyId} as key_id from webhooks
    ) sealed group by key_id`.execute(db)
  return new Map(rows.map((row) => [row.key_id, Number(row.n)]))
}
