import type { SharedLimits } from '@tokens/core/server'
import type { MiddlewareHandler } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { clientAddress } from '../http/client-address.js'
import { networkOf } from '../http/client-network.js'
import type { ThrottleLimit } from '../throttle/failure-throttle.js'
import { FixedWindowCounters } from '../throttle/fixed-window-counters.js'

/**
 * A request budget per client address, whatever the outcome of each request: 429 once spent. An
 * IPv6 client is counted by its /64 (`networkOf`), like every address throttle: one subscriber
 * usually holds a whole /64 and would otherwise get a fresh budget from each of its addresses.
 * Counted in this process, or with `shared` (PostgreSQL) across every instance.
 */
export function limitRequestsPerAddress(
  limit: ThrottleLimit,
  options: { trustProxy: boolean; now: () => number; shared?: SharedLimits | null },
): MiddlewareHandler<AppEnv> {
  if (options.shared) {
    const counters = options.shared.counters('verify.address', limit.windowMs)
    return async (c, next) => {
      const key = networkOf(clientAddress(c, options.trustProxy)) ?? 'unknown'
      const taking = counters.take(key, limit.max)
      const take = taking instanceof Promise ? await taking : taking
      if (!take.counted) throw new ApiProblem('RateLimited', { params: { retryAfter: take.secondsLeft } })
      await next()
    }
  }
  const counters = new FixedWindowCounters({ windowMs: limit.windowMs, now: options.now })
  return async (c, next) => {
    const key = networkOf(clientAddress(c, options.trustProxy)) ?? 'unknown'
    const current = counters.peek(key)
    if (current.count >= limit.max) {
      throw new ApiProblem('RateLimited', { params: { retryAfter: counters.secondsUntilReset(current) } })
    }
    counters.add(key)
    await next()
  }
}
