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
  /** The fields a ValidationFailed refused (its issues' paths), for a form to mark; often none. */
  readonly fields: readonly string[]

  constructor(
    status: number,
    code: ApiErrorCode,
    detail = '',
    params: ErrorParams = {},
    fields: readonly string[] = [],
  ) {
    super(code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.detail = detail
    this.params = params
    this.fields = fields
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

/** Whether `failure` is the server's ValidationFailed naming `field`, which a form shows at that field. */
export function isFieldRefused(failure: unknown, field: string): boolean {
  return isApiError(failure) && failure.code === 'ValidationFailed' && failure.fields.includes(field)
}
