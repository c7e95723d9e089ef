import { sql, type Expression, type ExpressionBuilder, type SqlBool, type StringReference } from 'kysely'
import { TokenConsoleError } from '../../errors/error-codes.js'

/**
 * Opaque list cursors: the sort key of the last row served (time, id), base64url JSON. Keyset
 * pagination stays correct while rows are inserted or deleted between pages.
 */
export interface KeysetPosition {
  at: string
  id: string
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string): KeysetPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value[0]) &&
      /^[A-Za-z0-9_-]{1,64}$/.test(value[1])
    ) {
      return { at: value[0], id: value[1] }
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new TokenConsoleError('ValidationFailed', { field: 'cursor', reason: 'invalid' })
}

/**
 * The rows after `after` in a list ordered by (time, id) newest first: earlier, or as early with a
 * smaller id. The first bound (time at most the cursor's) says nothing the rest does not, but it is
 * the one an index can seek to: with the disjunction alone, SQLite and PostgreSQL both walk the
 * list's index from its newest entry and discard every row up to the cursor, so a page 20,000 rows
 * deep read 20,000 entries to serve 50.
 */
export function beforePosition<DB, TB extends keyof DB>(
  // Only for the column names' types: the condition is one SQL fragment.
  _eb: ExpressionBuilder<DB, TB>,
  columns: { at: StringReference<DB, TB>; id: StringReference<DB, TB> },
  after: KeysetPosition,
): Expression<SqlBool> {
  const at = sql.ref(columns.at as string)
  const id = sql.ref(columns.id as string)
  return sql<SqlBool>`(${at} <= ${after.at} and (${at} < ${after.at} or (${at} = ${after.at} and ${id} < ${after.id})))`
}
