import type { Context } from 'hono'
import type { AppEnv } from '../http/app-env.js'
import { FixedWindowCounters } from '../throttle/fixed-window-counters.js'

/** Whether a request was counted within its token's limit, and what the RateLimit-* headers say. */
export interface TokenRateDecision {
  counted: boolean
  limit: number
  remaining: number
  /** Seconds until the token's window starts again (also the Retry-After of a refusal). */
  reset: number
}

/**
 * Each token's `rateLimitPerHour`, counted in fixed windows in this process's memory: a step of
 * the platform guard (platform-guard.ts), which refuses with 429 when the request was not counted
 * and puts the RateLimit-* headers on every answer to an authenticated platform request.
 */
export function limitTokenRate(options: {
  windowMs: number
  now: () => number
}): (c: Context<AppEnv>) => TokenRateDecision {
  const counters = new FixedWindowCounters({ windowMs: options.windowMs, now: options.now })
  return (c) => {
    const { tokenId, rateLimitPerHour: limit } = c.get('credential')
    const window = counters.take(tokenId, limit)
    return {
      counted: window.counted,
      limit,
      remaining: Math.max(0, limit - window.count),
      reset: window.secondsLeft,
    }
  }
}

export function rateLimitHeaders(decision: TokenRateDecision): [name: string, value: string][] {
  return [
    ['RateLimit-Limit', String(decision.limit)],
    ['RateLimit-Remaining', String(decision.remaining)],
    ['RateLimit-Reset', String(decision.reset)],
  ]
}
