import type { SharedLimits } from '@tokens/core/server'
import { networkOf } from '../http/client-network.js'
import { type FailureThrottle, failureThrottlesOn, type ThrottleLimit } from '../throttle/failure-throttle.js'
import { refuseAttempt, refuseWaitingAttempt } from '../throttle/refuse-attempt.js'

/** A sign-in attempt admitted by the throttle: it counts as a failure until it says how it ended. */
export interface LoginAttempt {
  /** The password was wrong (or the e-mail unknown): a failure. */
  failed(): void
  /** The password was right: see LoginThrottle.succeeded. */
  succeeded(): void
  /** It ended without an answer on the password (busy storage, a crash): it counts nothing. */
  abandoned(): void
}

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
    const throttle = failureThrottlesOn(shared, now)
    this.#perAddress = throttle(limits.perAddress, 'login.address')
    this.#perPair = throttle(limits.perEmailFromAddress, 'login.email-from-address')
    this.#perEmail = throttle(limits.perEmail, 'login.email')
    this.#perEmailCeiling = throttle(limits.perEmailCeiling, 'login.email-ceiling')
  }

  /** Throws TooManyAttempts (with retryAfter seconds) when this attempt must wait (see refuseWaitingAttempt). */
  check(email: string, clientAddress: string | null): void | Promise<void> {
    const retryAfter = this.#retryAfter(email, clientAddress)
    if (retryAfter === 0) return
    return refuseWaitingAttempt(retryAfter, this.#shared, () => this.#retryAfter(email, clientAddress))
  }

  /**
   * Admits one attempt or throws TooManyAttempts as `check` does. Until it ends, the attempt counts
   * as a failure on every key it would fail on: a burst of guesses sent at once, each waiting on
   * the slow password check, gets no further than guesses sent one after another.
   */
  admit(email: string, clientAddress: string | null): LoginAttempt | Promise<LoginAttempt> {
    const checked = this.check(email, clientAddress)
    if (checked === undefined) return this.#hold(email, clientAddress)
    return checked.then(() => {
      // Asked again as it is held: others waiting on the same round may have been admitted first.
      refuseAttempt(this.#retryAfter(email, clientAddress))
      return this.#hold(email, clientAddress)
    })
  }

  #hold(email: string, clientAddress: string | null): LoginAttempt {
    const key = emailKey(email)
    const address = networkOf(clientAddress)
    const pair = pairKey(key, address)
    const held: [FailureThrottle, string][] = [
      [this.#perPair, pair],
      [this.#perEmail, key],
      [this.#perEmailCeiling, key],
    ]
    if (address !== null) held.push([this.#perAddress, address])
    for (const [throttle, heldKey] of held) throttle.hold(heldKey)
    let ended = false
    const end = (then: () => void) => () => {
      if (ended) return
      ended = true
      for (const [throttle, heldKey] of held) throttle.release(heldKey)
      then()
    }
    return {
      failed: end(() => this.failed(email, clientAddress)),
      succeeded: end(() => this.succeeded(email, clientAddress)),
      abandoned: end(() => {}),
    }
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

function emailKey(email: string): string {
  return email.trim().toLowerCase()
}

function pairKey(email: string, address: string | null): string {
  return `${email} ${address ?? '-'}`
}
