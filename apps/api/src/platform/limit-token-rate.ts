import type { SharedLimits } from '@tokens/core/server'
import { FixedWindowCounters } from '../throttle/fixed-window-counters.js'

/** Whether a request was counted within its token's limit, and what the RateLimit-* headers say. */
export interface TokenRateDecision {
  counted: boolean
  limit: number
  remaining: number
  /** Seconds until the token's window starts again (also the Retry-After of a refusal). */
  reset: number
}

/** Counts one request of a token; a promise only while waiting for the next reconciliation of shared limits. */
export type CountTokenRequest = (
  tokenId: string,
  limit: number,
) => TokenRateDecision | Promise<TokenRateDecision>

function decisionOf(counted: boolean, limit: number, count: number, reset: number): TokenRateDecision {
  return { counted, limit, remaining: Math.max(0, limit - count), reset }
}

/**
 * Each token's `rateLimitPerHour`, counted in fixed windows: one count per token for the platform
 * API and /verify alike. In this process's memory on SQLite; with `shared` (PostgreSQL) in the
 * core's limits shared by every instance (docs/SECURITY.md "Limits across instances"), which
 * answer at once except while an instance waits for its next reconciliation.
 */
export function limitTokenRate(options: {
  windowMs: number
  now: () => number
  shared?: SharedLimits | null
}): CountTokenRequest {
  if (options.shared) {
    const counters = options.shared.counters('token.rate', options.windowMs)
    return (tokenId, limit) => {
      const take = counters.take(tokenId, limit)
      return take instanceof Promise
        ? take.then((later) => decisionOf(later.counted, limit, later.count, later.secondsLeft))
        : decisionOf(take.counted, limit, take.count, take.secondsLeft)
    }
  }
  const counters = new FixedWindowCounters({ windowMs: options.windowMs, now: options.now })
  return (tokenId, limit) => {
    const window = counters.take(tokenId, limit)
    return decisionOf(window.counted, limit, window.count, window.secondsLeft)
  }
}

export function rateLimitHeaders(decision: TokenRateDecision): [name: string, value: string][] {
  return [
    ['RateLimit-Limit', String(decision.limit)],
    ['RateLimit-Remaining', String(decision.remaining)],
    ['RateLimit-Reset', String(decision.reset)],
  ]
}

/** OpenAPI: on every answer to an authenticated platform request (refusals included) and to a verified /verify. */
export const RATE_LIMIT_HEADERS = {
  'RateLimit-Limit': {
    description: "The token's requests per hour (`rateLimitPerHour`).",
    schema: { type: 'integer' as const },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current window.',
    schema: { type: 'integer' as const },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the window starts again.',
    schema: { type: 'integer' as const },
  },
}
