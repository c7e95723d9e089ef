import { CompiledQuery, type Compilable } from 'kysely'
import type { Db } from '../database/schema.js'

/** SQLite's plan for a query (`explain query plan`), one line per step: what a list's index test reads. */
export async function sqliteQueryPlan(db: Db, query: Compilable): Promise<string[]> {
  const compiled = query.compile()
  const { rows } = await db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
  )
  return rows.map((row) => row.detail)
}
