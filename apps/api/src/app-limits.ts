import { BODY_LIMIT_BYTES } from './http/limit-body.js'
import type { ThrottleLimit } from './throttle/failure-throttle.js'

const MINUTE = 60_000

/** The edge's limits; tests shrink them, operators get these defaults. */
export interface AppLimits {
  bodyBytes: number
  /** Failed sign-ins: the lockout model of docs/SECURITY.md ("Sign-in lockout"). */
  loginFailuresPerAddress: ThrottleLimit
  loginFailuresPerEmailFromAddress: ThrottleLimit
  loginFailuresPerEmail: ThrottleLimit
  loginFailuresPerEmailCeiling: ThrottleLimit
  /** Failed Basic credentials (platform API and /verify) per client address and per Account SID. */
  credentialFailuresPerAddress: ThrottleLimit
  credentialFailuresPerSid: ThrottleLimit
  /** Requests to POST /verify per client address, whatever their outcome. */
  verifyRequestsPerAddress: ThrottleLimit
  /** POST /api/credential-check per user and per client address, whatever the answer. */
  credentialChecksPerUser: ThrottleLimit
  credentialChecksPerAddress: ThrottleLimit
  /** The window of each token's `rateLimitPerHour` (one hour; tests may shorten it). */
  tokenRateWindowMs: number
}

export const DEFAULT_LIMITS: AppLimits = {
  bodyBytes: BODY_LIMIT_BYTES,
  loginFailuresPerAddress: { max: 50, windowMs: 15 * MINUTE },
  loginFailuresPerEmailFromAddress: { max: 10, windowMs: 15 * MINUTE },
  loginFailuresPerEmail: { max: 100, windowMs: 15 * MINUTE },
  loginFailuresPerEmailCeiling: { max: 1_000, windowMs: 15 * MINUTE },
  credentialFailuresPerAddress: { max: 30, windowMs: 15 * MINUTE },
  credentialFailuresPerSid: { max: 10, windowMs: 15 * MINUTE },
  verifyRequestsPerAddress: { max: 1_200, windowMs: MINUTE },
  credentialChecksPerUser: { max: 20, windowMs: 15 * MINUTE },
  credentialChecksPerAddress: { max: 60, windowMs: 15 * MINUTE },
  tokenRateWindowMs: 60 * MINUTE,
}
