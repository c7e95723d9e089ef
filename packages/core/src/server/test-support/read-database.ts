import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { DATABASE_FILE } from '../database/open-database.js'

/** A read-only look at a test core's SQLite file, for assertions about what is stored. */
export function readDatabase<T>(dataDir: string, read: (db: SqliteDatabase.Database) => T): T {
  const db = new SqliteDatabase(join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}
