import { z } from '@hono/zod-openapi'
import { DEFAULT_LOCALE, isTokenConsoleError, type Locale } from '@tokens/core'
import { storageFailureOf } from '@tokens/core/server'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ApiProblem, type ProblemCode } from './api-problem.js'
import { localisedMessage } from './localised-messages.js'

/**
 * The one place where error codes become HTTP: status, problem+json body (RFC 9457) and the
 * headers some refusals need. Texts come from the locale catalogs (`errors.<code>`).
 */
const STATUS_OF: Record<ProblemCode, ContentfulStatusCode> = {
  ValidationFailed: 400,
  MalformedJson: 400,
  MalformedRequest: 400,
  PrimaryContactNotFound: 400,
  ScopeUnknown: 400,
  RequestPathNotCanonical: 400,
  ApiVersionNotForAccount: 400,
  ApiVersionMismatch: 400,
  ExpiryRequired: 400,
  ExpiryNotInFuture: 400,
  ExpiryBeyondPolicy: 400,
  Unauthenticated: 401,
  InvalidCredentials: 401,
  SecretScanningKeyUnknown: 401,
  SecretScanningSignatureInvalid: 401,
  RoleNotPermitted: 403,
  CsrfRejected: 403,
  ScopeMissing: 403,
  EndpointNotInVersion: 403,
  DelegationExceedsScopes: 403,
  DelegationExceedsRateLimit: 403,
  OwnAccessImmutable: 403,
  DelegationExceedsExpiry: 403,
  RetiringSecretCannotManage: 403,
  TokenNotFound: 404,
  NotFound: 404,
  RequestTimeout: 408,
  ApiVersionNotNewer: 409,
  LegacyAlreadyEnabled: 409,
  LegacyNotEnabled: 409,
  RotationInProgress: 409,
  NoRotationInProgress: 409,
  WebhookLimitReached: 409,
  DeliveryPending: 409,
  NoticeSuperseded: 409,
  RecipientRemoved: 409,
  PayloadTooLarge: 413,
  UnsupportedMediaType: 415,
  RateLimited: 429,
  RequestHeadersTooLarge: 431,
  TooManyAttempts: 429,
  CredentialUnavailable: 500,
  Internal: 500,
  Busy: 503,
  StorageFull: 507,
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json'

export function statusOf(code: ProblemCode): ContentfulStatusCode {
  return STATUS_OF[code]
}

export const FieldIssueSchema = z.object({
  path: z.string().openapi({ description: 'Dotted path of the field, empty for the body itself.' }),
  reason: z.string().openapi({ description: 'A machine-readable reason, e.g. `tooLong`, `invalid_type`.' }),
  keys: z.array(z.string()).optional().openapi({ description: 'Unknown fields, for `unrecognized_keys`.' }),
})

export const ProblemDetails = z
  .object({
    type: z.string().openapi({ example: 'urn:token-console:problem:TokenNotFound' }),
    title: z.string().openapi({ example: 'Not found' }),
    status: z.number().int().openapi({ example: 404 }),
    detail: z.string().openapi({ example: 'The token does not exist or has been deleted.' }),
    code: z.string().openapi({ example: 'TokenNotFound' }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .openapi({ description: 'Values the detail message was built from (never a secret).' }),
    errors: z
      .array(FieldIssueSchema)
      .optional()
      .openapi({ description: 'Field issues of a ValidationFailed.' }),
  })
  .openapi('Problem', {
    description:
      "RFC 9457 problem details. `detail` and `title` follow Accept-Language (admin API: the user's saved language); `code` is stable.",
  })
export type ProblemDetails = z.infer<typeof ProblemDetails>

/** Headers some refusals carry, as the OpenAPI document describes them. */
const PROBLEM_HEADERS: Partial<
  Record<
    ContentfulStatusCode,
    Record<string, { description: string; schema: { type: 'string' | 'integer' } }>
  >
> = {
  401: {
    'WWW-Authenticate': {
      description: 'On the platform API and /verify: `Basic realm="Token Console"`.',
      schema: { type: 'string' },
    },
  },
  429: {
    'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
  },
  503: {
    'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
  },
}

/** A busy database (another writer past the busy timeout) is usually free again within a second. */
const BUSY_RETRY_AFTER_SECONDS = 1

export interface ProblemResponse {
  description: string
  headers?: Record<string, { description: string; schema: { type: 'string' | 'integer' } }>
  content: { [PROBLEM_MEDIA_TYPE]: { schema: typeof ProblemDetails } }
}

/** The OpenAPI entries of the given problem statuses, for a route's `responses`. */
export function problemResponses<const S extends ContentfulStatusCode>(
  ...statuses: S[]
): Record<S, ProblemResponse> {
  return Object.fromEntries(
    statuses.map((status) => {
      const headers = PROBLEM_HEADERS[status]
      const entry: ProblemResponse = {
        description: localisedMessage(DEFAULT_LOCALE, `api.statusTitles.${status}`),
        content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemDetails } },
        ...(headers ? { headers } : {}),
      }
      return [status, entry]
    }),
  ) as Record<S, ProblemResponse>
}

export function problemBody(problem: ApiProblem, locale: Locale): ProblemDetails {
  const status = statusOf(problem.code)
  const body: ProblemDetails = {
    type: `urn:token-console:problem:${problem.code}`,
    title: localisedMessage(locale, `api.statusTitles.${status}`),
    status,
    detail: localisedMessage(locale, problem.detailKey, problem.params),
    code: problem.code,
  }
  if (Object.keys(problem.params).length > 0) body.params = problem.params
  if (problem.errors) body.errors = problem.errors
  return body
}

export function problemResponse(c: Context, problem: ApiProblem, locale: Locale): Response {
  const headers: Record<string, string> = { 'Content-Type': PROBLEM_MEDIA_TYPE, ...problem.headers }
  const retryAfter = problem.params['retryAfter']
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter)
  else if (problem.code === 'Busy') headers['Retry-After'] = String(BUSY_RETRY_AFTER_SECONDS)
  return c.body(JSON.stringify(problemBody(problem, locale)), statusOf(problem.code), headers)
}

/**
 * What an error means for the caller, or undefined when it is unexpected (answered as Internal
 * and logged). Storage codes that escaped the core's own translation are read as the core reads them.
 */
export function problemOf(error: unknown): ApiProblem | undefined {
  if (error instanceof ApiProblem) return error
  if (isTokenConsoleError(error)) {
    const params = error.code === 'ValidationFailed' ? {} : error.params
    const errors =
      error.code === 'ValidationFailed' && typeof error.params['field'] === 'string'
        ? [{ path: error.params['field'], reason: String(error.params['reason'] ?? 'invalid') }]
        : undefined
    return new ApiProblem(error.code, { params, ...(errors ? { errors } : {}) })
  }
  const storageFailure = storageFailureOf(error)
  if (storageFailure) return new ApiProblem(storageFailure)
  if (error instanceof HTTPException) {
    // Refusals raised by Hono's own validators before our handlers run.
    if (error.status === 415) return new ApiProblem('UnsupportedMediaType')
    if (error.status === 400) return new ApiProblem('MalformedJson')
  }
  return undefined
}
