import { sql } from 'kysely'
import type { Db } from '../database/schema.js'

/** How many sealed values (auth tokens and webhook secrets) are stored under each key id. */
export async function countSealedValuesByKeyId(db: Db): Promise<Map<string, number>> {
  // `v1.<keyId>.…`: the key id is the 8 characters after the format prefix (substr is 1-based).
  const { rows } = await sql<{ key_id: string; n: number | string }>`
    select key_id, count(*) as n from (
      select substr(sealed_secret, 4, 8) as key_id from tokens
      union all
      select substr(sealed_secret, 4, 8) as key_id from webhooks
    ) sealed group by key_id`.execute(db)
  return new Map(rows.map((row) => [row.key_id, Number(row.n)]))
}
