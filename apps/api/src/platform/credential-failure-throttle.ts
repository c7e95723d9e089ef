import { isWellFormedAccountSid } from '@tokens/core'
import { ApiProblem } from '../http/api-problem.js'
import { FailureThrottle, type ThrottleLimit } from '../throttle/failure-throttle.js'

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

  constructor(limits: { perAddress: ThrottleLimit; perSid: ThrottleLimit }, now: () => number) {
    this.#perAddress = new FailureThrottle(limits.perAddress, now)
    this.#perSid = new FailureThrottle(limits.perSid, now)
    this.#sidFromAddress = new FailureThrottle({ max: 1, windowMs: limits.perSid.windowMs }, now)
  }

  /** Throws TooManyAttempts (with retryAfter seconds) when this attempt must wait. */
  check(address: string | null, sid: string | undefined, { perAddress = true } = {}): void {
    const retryAfter = Math.max(
      address === null || !perAddress ? 0 : this.#perAddress.retryAfter(address),
      sid !== undefined && this.#sidFromAddress.hasFailed(pairKey(sid, address))
        ? this.#perSid.retryAfter(sid)
        : 0,
    )
    if (retryAfter > 0) throw new ApiProblem('TooManyAttempts', { params: { retryAfter } })
  }

  failed(address: string | null, sid: string | undefined, { perAddress = true } = {}): void {
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
 * well-formed. Whether the header is acceptable at all is the core's decision, not this one's.
 */
export function accountSidOfBasicHeader(header: string | undefined): string | undefined {
  const encoded =
    header && header.length <= 1_024 ? /^basic ([A-Za-z0-9+/=]+)$/i.exec(header)?.[1] : undefined
  if (!encoded) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('latin1')
  const sid = decoded.slice(0, Math.max(0, decoded.indexOf(':')))
  return isWellFormedAccountSid(sid) ? sid : undefined
}
