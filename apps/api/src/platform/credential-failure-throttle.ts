import { isWellFormedAccountSid } from '@tokens/core'
import type { BasicCredential, SharedLimits } from '@tokens/core/server'
import { networkOf } from '../http/client-network.js'
import { type FailureThrottle, failureThrottlesOn, type ThrottleLimit } from '../throttle/failure-throttle.js'
import { refuseWaitingAttempt } from '../throttle/refuse-attempt.js'

/**
 * Failed Basic credentials (platform API and /verify), counted per client address and per Account
 * SID. An address that used up its allowance waits. A SID that did is refused only to addresses
 * that failed on it themselves: whoever guesses that SID's token is slowed down, while its real
 * integration, which never failed, keeps working.
 *
 * /verify counts per SID only (`perAddress: false`): its caller is a service relaying many
 * integrations' credentials from one address, so their mistakes must not lock the service out; it
 * has its own request budget per address instead.
 */
export class CredentialFailureThrottle {
  readonly #perAddress: FailureThrottle
  readonly #perSid: FailureThrottle
  readonly #sidFromAddress: FailureThrottle
  readonly #shared: SharedLimits | null

  /** `shared`: the core's limits shared by every instance (PostgreSQL); null counts in this process. */
  constructor(
    limits: { perAddress: ThrottleLimit; perSid: ThrottleLimit },
    now: () => number,
    shared: SharedLimits | null = null,
  ) {
    this.#shared = shared
    const throttle = failureThrottlesOn(shared, now)
    this.#perAddress = throttle(limits.perAddress, 'credential.address')
    this.#perSid = throttle(limits.perSid, 'credential.sid')
    this.#sidFromAddress = throttle({ max: 1, windowMs: limits.perSid.windowMs }, 'credential.sid-address')
  }

  /** Throws TooManyAttempts (with retryAfter seconds) when this attempt must wait (see refuseWaitingAttempt). */
  check(
    clientAddress: string | null,
    sid: string | undefined,
    options: { perAddress?: boolean } = {},
  ): void | Promise<void> {
    // An IPv6 address counts by its /64, as sign-in does: one subscriber usually holds the whole block.
    const address = networkOf(clientAddress)
    const retryAfter = this.#retryAfter(address, sid, options.perAddress ?? true)
    if (retryAfter === 0) return
    return refuseWaitingAttempt(retryAfter, this.#shared, () =>
      this.#retryAfter(address, sid, options.perAddress ?? true),
    )
  }

  #retryAfter(address: string | null, sid: string | undefined, perAddress: boolean): number {
    // The SID's own count first: a SID that is not locked out (every good request) needs no pair key.
    const sidWait = sid === undefined ? 0 : this.#perSid.retryAfter(sid)
    return Math.max(
      address === null || !perAddress ? 0 : this.#perAddress.retryAfter(address),
      sidWait > 0 && this.#sidFromAddress.hasFailed(pairKey(sid as string, address)) ? sidWait : 0,
    )
  }

  failed(clientAddress: string | null, sid: string | undefined, { perAddress = true } = {}): void {
    const address = networkOf(clientAddress)
    if (address !== null && perAddress) this.#perAddress.recordFailure(address)
    if (sid !== undefined) {
      this.#perSid.recordFailure(sid)
      this.#sidFromAddress.recordFailure(pairKey(sid, address))
    }
  }
}

function pairKey(sid: string, address: string | null): string {
  return `${sid} ${address ?? '-'}`
}

/**
 * The Account SID a Basic header names, only to count failures against it; undefined unless it is
 * well-formed. `parsed` is the core's strict parse of the same header: when it succeeded its SID is
 * the one the core verifies (no second decode on the path of every good request); a header the core
 * refused is still read leniently, so a malformed attempt at a SID counts against that SID.
 */
export function accountSidOfBasicHeader(
  header: string | undefined,
  parsed: BasicCredential | undefined,
): string | undefined {
  if (parsed) return isWellFormedAccountSid(parsed.accountSid) ? parsed.accountSid : undefined
  return accountSidOfMalformedHeader(header)
}

function accountSidOfMalformedHeader(header: string | undefined): string | undefined {
  const encoded =
    header && header.length <= 1_024 ? /^basic ([A-Za-z0-9+/=]+)$/i.exec(header)?.[1] : undefined
  if (!encoded) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('latin1')
  const sid = decoded.slice(0, Math.max(0, decoded.indexOf(':')))
  return isWellFormedAccountSid(sid) ? sid : undefined
}
