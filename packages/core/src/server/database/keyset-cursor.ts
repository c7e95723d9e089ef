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
