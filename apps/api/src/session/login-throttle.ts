import type { SharedLimits } from '@tokens/core/server'
import { ApiProblem } from '../http/api-problem.js'
import { FailureThrottle, type ThrottleLimit } from '../throttle/failure-throttle.js'

/**
 * Failed sign-ins are counted per e-mail address (guessing one user's password) and per client
 * address (trying many users from one place); either running out answers 429 TooManyAttempts.
 */
export class LoginThrottle {
  readonly #perEmail: FailureThrottle
  readonly #perAddress: FailureThrottle

  /** `shared`: the core's limits shared by every instance (PostgreSQL; e-mails stored as keyed digests). */
  constructor(
    limits: { perEmail: ThrottleLimit; perAddress: ThrottleLimit },
    now: () => number,
    shared: SharedLimits | null = null,
  ) {
    const on = (name: string) => (shared ? { limits: shared, name } : undefined)
    this.#perEmail = new FailureThrottle(limits.perEmail, now, on('login.email'))
    this.#perAddress = new FailureThrottle(limits.perAddress, now, on('login.address'))
  }

  /** Throws TooManyAttempts (with retryAfter seconds) while either count is used up. */
  check(email: string, address: string | null): void {
    const retryAfter = Math.max(
      this.#perEmail.retryAfter(emailKey(email)),
      address === null ? 0 : this.#perAddress.retryAfter(address),
    )
    if (retryAfter > 0) throw new ApiProblem('TooManyAttempts', { params: { retryAfter } })
  }

  failed(email: string, address: string | null): void {
    this.#perEmail.recordFailure(emailKey(email))
    if (address !== null) this.#perAddress.recordFailure(address)
  }

  /** The right password clears that e-mail's count; the address keeps its own. */
  succeeded(email: string): void {
    this.#perEmail.forget(emailKey(email))
  }
}

function emailKey(email: string): string {
  return email.trim().toLowerCase()
}
