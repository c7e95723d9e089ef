import type { SharedLimits } from '@tokens/core/server'
import { networkOf } from '../http/client-network.js'
import { type FailureThrottle, failureThrottlesOn, type ThrottleLimit } from '../throttle/failure-throttle.js'
import { refuseAttempt } from '../throttle/refuse-attempt.js'

/**
 * Credential checks, counted per user and per client address (an IPv6 client by its /64) like failed credentials: every check
 * counts, whatever it answered (each answer is information about a string), and once either count
 * is used up the next check waits with 429 TooManyAttempts until the window ends. On PostgreSQL
 * the counts are shared by every instance.
 */
export class CredentialCheckThrottle {
  readonly #perUser: FailureThrottle
  readonly #perAddress: FailureThrottle
  readonly #shared: SharedLimits | null

  constructor(
    limits: { perUser: ThrottleLimit; perAddress: ThrottleLimit },
    now: () => number,
    shared: SharedLimits | null = null,
  ) {
    this.#shared = shared
    const throttle = failureThrottlesOn(shared, now)
    this.#perUser = throttle(limits.perUser, 'credential-check.user')
    this.#perAddress = throttle(limits.perAddress, 'credential-check.address')
  }

  /**
   * Counts this check, or throws TooManyAttempts when it must wait. Checking and counting happen in
   * one synchronous step, so checks running in parallel cannot all pass before any is counted; a
   * wait of 1 s on shared limits is decided after the next reconciliation.
   */
  async take(userId: string, clientAddress: string | null): Promise<void> {
    // An IPv6 client counts by its /64, as every address throttle does: one subscriber usually holds the whole block.
    const address = networkOf(clientAddress)
    let retryAfter = this.#retryAfter(userId, address)
    if (retryAfter === 1 && this.#shared) {
      await this.#shared.nextRound()
      retryAfter = this.#retryAfter(userId, address)
    }
    // Not refuseWaitingAttempt: its second look would come back through a promise, after other checks' looks.
    refuseAttempt(retryAfter)
    this.#perUser.recordFailure(userId)
    if (address !== null) this.#perAddress.recordFailure(address)
  }

  #retryAfter(userId: string, address: string | null): number {
    return Math.max(
      this.#perUser.retryAfter(userId),
      address === null ? 0 : this.#perAddress.retryAfter(address),
    )
  }
}
