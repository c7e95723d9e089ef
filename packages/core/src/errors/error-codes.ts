/**
 * Every failure the core can report, as a code. The API maps codes to HTTP statuses and
 * problem+json in one place; the SPA maps them to localised messages in one place
 * (locales: `errors.<code>`).
 */
export const ERROR_CODES = [
  'ValidationFailed',
  'Unauthenticated',
  'InvalidCredentials',
  'RoleNotPermitted',
  'CsrfRejected',
  'TokenNotFound',
  'NotFound',
  'PrimaryContactNotFound',
  'ScopeUnknown',
  'ScopeMissing',
  'EndpointNotInVersion',
  'RequestPathNotCanonical',
  'DelegationExceedsScopes',
  'DelegationExceedsRateLimit',
  'OwnAccessImmutable',
  'DelegationExceedsExpiry',
  'RetiringSecretCannotManage',
  'ApiVersionNotForAccount',
  'ApiVersionNotNewer',
  'ApiVersionMismatch',
  'LegacyAlreadyEnabled',
  'LegacyNotEnabled',
  'ExpiryRequired',
  'ExpiryNotInFuture',
  'ExpiryBeyondPolicy',
  'RotationInProgress',
  'NoRotationInProgress',
  'WebhookLimitReached',
  'DeliveryPending',
  'NoticeSuperseded',
  'RecipientRemoved',
  'CredentialUnavailable',
  'SecretScanningKeyUnknown',
  'SecretScanningSignatureInvalid',
  'RateLimited',
  'TooManyAttempts',
  'PayloadTooLarge',
  'MalformedJson',
  'Busy',
  'StorageFull',
  'Internal',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export type ErrorParams = Record<string, string | number>

/** A business failure: a code plus the parameters its localised message needs. Never a secret. */
export class TokenConsoleError extends Error {
  readonly code: ErrorCode
  readonly params: ErrorParams

  constructor(code: ErrorCode, params: ErrorParams = {}) {
    super(code)
    this.name = 'TokenConsoleError'
    this.code = code
    this.params = params
  }
}

export function isTokenConsoleError(value: unknown): value is TokenConsoleError {
  return value instanceof TokenConsoleError
}
