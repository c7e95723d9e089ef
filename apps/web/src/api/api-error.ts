import type { ErrorCode, ErrorParams } from '@tokens/core'

/** What the SPA adds to the core's codes: the server could not be reached at all. */
export type ApiErrorCode = ErrorCode | 'NetworkUnavailable'

/** A failed admin API call, parsed from problem+json (or from a network failure). */
export class ApiError extends Error {
  readonly status: number
  readonly code: ApiErrorCode
  /** The server's localised explanation; used when the catalog message needs parameters we lack. */
  readonly detail: string
  readonly params: ErrorParams

  constructor(status: number, code: ApiErrorCode, detail = '', params: ErrorParams = {}) {
    super(code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.detail = detail
    this.params = params
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}
