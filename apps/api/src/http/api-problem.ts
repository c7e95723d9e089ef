import type { ErrorCode, ErrorParams } from '@tokens/core'

/**
 * Refusals the HTTP edge makes on its own, without a core rule behind them: a body in a media
 * type the API does not read, and requests Node's parser refuses before the app sees them
 * (answer-client-error.ts): malformed, headers too large, or not received in time. Every other
 * problem carries a core error code.
 */
export const EDGE_ERROR_CODES = [
  'UnsupportedMediaType',
  'MalformedRequest',
  'RequestHeadersTooLarge',
  'RequestTimeout',
] as const
export type EdgeErrorCode = (typeof EDGE_ERROR_CODES)[number]
export type ProblemCode = ErrorCode | EdgeErrorCode

/** One field-level reason a request was refused (ValidationFailed); never the value sent. */
export interface FieldIssue {
  path: string
  reason: string
  keys?: string[]
}

export interface ApiProblemOptions {
  params?: ErrorParams
  errors?: FieldIssue[]
  headers?: Record<string, string>
  /** The catalog key of the detail, where the code's own (`errors.<code>`) speaks of another edge. */
  detailKey?: string
}

/** A refusal raised at the HTTP edge, answered as problem+json by the one error module. */
export class ApiProblem extends Error {
  readonly code: ProblemCode
  readonly params: ErrorParams
  readonly errors: FieldIssue[] | undefined
  readonly headers: Record<string, string>
  readonly detailKey: string

  constructor(code: ProblemCode, options: ApiProblemOptions = {}) {
    super(code)
    this.name = 'ApiProblem'
    this.code = code
    this.params = options.params ?? {}
    this.errors = options.errors
    this.headers = options.headers ?? {}
    this.detailKey = options.detailKey ?? `errors.${code}`
  }
}
