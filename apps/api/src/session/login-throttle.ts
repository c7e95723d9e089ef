import type { SharedLimits } from '@tokens/core/server'
import { ApiProblem } from '../http/api-problem.js'
import { networkOf } from '../http/client-network.js'
import { FailureThrottle, type ThrottleLimit } from '../throttle/failure-throttle.js'

export interface LoginThrottleLimits {
  /** Failures from one address, whatever the e-mail: that address waits for every e-mail. */
  perAddress: ThrottleLimit
  /** Failures at one e-mail from one address: that address waits for that e-mail only. */
  perEmailFromAddress: ThrottleLimit
  /** Failures at one e-mail from anywhere: the e-mail is then refused to addresses that failed on it. */
  perEmail: ThrottleLimit
  /** Failures at one e-mail from anywhere past which it is refused to every address. */
  perEmailCeiling: ThrottleLimit
}

/**
 * Failed sign-ins, counted so that someone else's wrong passwords cannot lock a person out
 * (docs/SECURITY.md, "Sign-in lockout"). An address that failed too often waits, for one e-mail
 * or for all; an e-mail that failed too often from many places waits only where it failed, so
 * its owner, signing in from an address that never failed on it, gets in; only past a ceiling
 * reachable from hundreds of addresses does it wait everywhere. Unknown e-mails count exactly
 * like known ones, so a 429 says nothing about which accounts exist.
 */
export class LoginThrottle {
  readonly #perAddress: FailureThrottle
  readonly #perPair: FailureThrottle
  readonly #perEmail: FailureThrottle
  readonly #perEmailCeiling: FailureThrottle
  readonly #shared: SharedLimits | null

  /** `shared`: the core's limits shared by every instance (PostgreSQL; e-mails stored as keyed digests). */
  constructor(limits: LoginThrottleLimits, now: () => number, shared: SharedLimits | null = null) {
    this.#shared = shared
    const on = (name: string) => (shared ? { limits: shared, name } : undefined)
    this.#perAddress = new FailureThrottle(limits.perAddress, now, on('login.address'))
    this.#perPair = new FailureThrottle(limits.perEmailFromAddress, now, on('login.email-from-address'))
    this.#perEmail = new FailureThrottle(limits.perEmail, now, on('login.email'))
    this.#perEmailCeiling = new FailureThrottle(limits.perEmailCeiling, now, on('login.email-ceiling'))
  }

  /**
   * Throws TooManyAttempts (with retryAfter seconds) when this attempt must wait. With shared
   * limits a wait of 1 s may only mean "until the next reconciliation", which may grant this
   * instance more: then the answer is a promise that checks again after it (at most one interval),
   * as the platform's credential throttle does.
   */
  check(email: string, clientAddress: string | null): void | Promise<void> {
    const retryAfter = this.#retryAfter(email, clientAddress)
    if (retryAfter === 0) return
    if (retryAfter === 1 && this.#shared) {
      return this.#shared.nextRound().then(() => refuse(this.#retryAfter(email, clientAddress)))
    }
    refuse(retryAfter)
  }

  #retryAfter(email: string, clientAddress: string | null): number {
    const key = emailKey(email)
    const address = networkOf(clientAddress)
    const pair = pairKey(key, address)
    const emailWait = this.#perEmail.retryAfter(key)
    return Math.max(
      address === null ? 0 : this.#perAddress.retryAfter(address),
      this.#perPair.retryAfter(pair),
      emailWait > 0 && this.#perPair.hasFailed(pair) ? emailWait : 0,
      this.#perEmailCeiling.retryAfter(key),
    )
  }

  failed(email: string, clientAddress: string | null): void {
    const key = emailKey(email)
    const address = networkOf(clientAddress)
    if (address !== null) this.#perAddress.recordFailure(address)
    this.#perPair.recordFailure(pairKey(key, address))
    this.#perEmail.recordFailure(key)
    this.#perEmailCeiling.recordFailure(key)
  }

  /**
   * The right password clears the failures of this e-mail from this address. The e-mail's own
   * counts stay: they bound guessing from everywhere, and a success proves nothing about the others.
   */
  succeeded(email: string, clientAddress: string | null): void {
    this.#perPair.forget(pairKey(emailKey(email), networkOf(clientAddress)))
  }
}

function refuse(retryAfter: number): void {
  if (retryAfter > 0) throw new ApiProblem('TooManyAttempts', { params: { retryAfter } })
}

function emailKey(email: string): string {
  return email.trim().toLowerCase()
}

function pairKey(email: string, address: string | null): string {
  return `${email} ${address ?? '-'}`
}
