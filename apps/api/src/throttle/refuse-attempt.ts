import type { SharedLimits } from '@tokens/core/server'
import { ApiProblem } from '../http/api-problem.js'

/** Throws TooManyAttempts telling the client to wait `retryAfter` seconds, unless that is 0. */
export function refuseAttempt(retryAfter: number): void {
  if (retryAfter > 0) throw new ApiProblem('TooManyAttempts', { params: { retryAfter } })
}

/**
 * Refuses an attempt that must wait `retryAfter` seconds. With shared limits a wait of 1 s may only
 * mean "until the next reconciliation", which may grant this instance more: then the answer is a
 * promise that asks `retryAfterNow` again after it (at most one interval). Called only for an
 * attempt that must wait, so an allowed one builds no closure on its way.
 */
export function refuseWaitingAttempt(
  retryAfter: number,
  shared: SharedLimits | null,
  retryAfterNow: () => number,
): void | Promise<void> {
  if (retryAfter === 1 && shared) return shared.nextRound().then(() => refuseAttempt(retryAfterNow()))
  refuseAttempt(retryAfter)
}
