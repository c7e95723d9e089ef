import type { MiddlewareHandler } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { FixedWindowCounters } from '../throttle/fixed-window-counters.js'

/**
 * Each token's `rateLimitPerHour`, counted in fixed windows in this process's memory. Every answer
 * to an authenticated platform request carries the RateLimit-* headers; over the limit, 429.
 */
export function limitTokenRate(options: { windowMs: number; now: () => number }): MiddlewareHandler<AppEnv> {
  const counters = new FixedWindowCounters({ windowMs: options.windowMs, now: options.now })
  return async (c, next) => {
    const { tokenId, rateLimitPerHour: limit } = c.get('credential')
    const current = counters.peek(tokenId)
    const allowed = current.count < limit
    const state = allowed ? counters.add(tokenId) : current
    const reset = counters.secondsUntilReset(state)
    c.header('RateLimit-Limit', String(limit))
    c.header('RateLimit-Remaining', String(Math.max(0, limit - state.count)))
    c.header('RateLimit-Reset', String(reset))
    if (!allowed) throw new ApiProblem('RateLimited', { params: { retryAfter: reset } })
    await next()
  }
}
