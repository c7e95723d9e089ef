import type { AccountKind } from '../../accounts/account-kinds.js'
import type { TokenKind, TokenState } from '../../tokens/token-schemas.js'
import type { RotationTimes } from '../lifecycle/rotation-end.js'

/** The token and account a credential belongs to, as the cache keeps them and verification answers them. */
export interface CredentialOwner {
  tokenId: string
  tokenKind: TokenKind
  accountId: string
  accountKind: AccountKind
  accountName: string
  /**
   * When the account's legacy tokens were enabled: answered with the credential, so no request
   * reads the account (at most the cache's TTL old on other instances).
   */
  accountLegacyEnabledAt: string | null
}

export interface CachedCredential extends CredentialOwner {
  sid: string
  apiVersion: string
  state: TokenState
  digest: Buffer
  scopes: ReadonlySet<string>
  rateLimitPerHour: number
  /** Compared on every verification, so an entry is never served past its token's expiry. */
  expiresAtMs: number | null
  /** The previous auth token's digest and the times that end its rotation (compared on every verification). */
  rotation: (RotationTimes & { oldDigest: Buffer }) | null
}

export const VERIFICATION_CACHE_SIZE_DEFAULT = 10_000
export const VERIFICATION_CACHE_TTL_MS_DEFAULT = 1_000

/**
 * A bounded LRU of credentials by SID, so a busy integration does not cost a query per request.
 *
 * Staleness rules, so a reset, disable or delete holds from the next request on:
 * - A write in this process marks its SIDs pending before it commits (nothing is served from or
 *   stored into the cache for them while the write is in flight) and evicts them again after.
 * - Another instance's committed write arrives as an eviction (PostgreSQL NOTIFY); while no
 *   such feed is connected, the cache is offline and serves nothing. The TTL bounds what a lost
 *   notification can cost.
 * - Every write, eviction and flush bumps a generation. A lookup captures it before reading the
 *   database and may store (and the verifier may serve) what it read only if no change happened
 *   meanwhile: otherwise the read may predate a commit that has since been announced.
 */
export class VerificationCache {
  /** `null` remembers that a SID does not exist (the verifier stores none: it reads for every refusal). */
  readonly #entries = new Map<string, { value: CachedCredential | null; expiresAt: number }>()
  readonly #pending = new Map<string, number>()
  #changes = 0
  #online: boolean
  /** Lookups answered from memory and not, for the metrics (two increments, nothing allocated). */
  #hitCount = 0
  #missCount = 0

  readonly #maxEntries: number
  readonly #ttlMs: number
  readonly #clock: () => number

  constructor(
    maxEntries: number,
    ttlMs: number,
    clock: () => number = Date.now,
    options: { online?: boolean } = {},
  ) {
    this.#maxEntries = maxEntries
    this.#ttlMs = ttlMs
    this.#clock = clock
    this.#online = options.online ?? true
  }

  get generation(): number {
    return this.#changes
  }

  /** The cached credential, `null` for a SID known not to exist, undefined when not cached. */
  get(sid: string): CachedCredential | null | undefined {
    if (!this.#online || this.#pending.has(sid)) {
      this.#missCount++
      return undefined
    }
    const entry = this.#entries.get(sid)
    if (!entry) {
      this.#missCount++
      return undefined
    }
    if (entry.expiresAt <= this.#clock()) {
      this.#entries.delete(sid)
      this.#missCount++
      return undefined
    }
    this.#hitCount++
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.#entries.delete(sid)
    this.#entries.set(sid, entry)
    return entry.value
  }

  /** Stores what a lookup read, unless anything changed since the lookup's `generation`. */
  set(sid: string, value: CachedCredential | null, readAtGeneration: number): void {
    if (this.#ttlMs <= 0 || !this.#online || readAtGeneration !== this.#changes || this.#pending.has(sid))
      return
    this.#entries.delete(sid)
    this.#entries.set(sid, { value, expiresAt: this.#clock() + this.#ttlMs })
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next()
      if (oldest.done) break
      this.#entries.delete(oldest.value)
    }
  }

  /** A write to these SIDs is about to change the database (called inside its transaction). */
  beginWrite(sid: string): void {
    this.#changes++
    this.#pending.set(sid, (this.#pending.get(sid) ?? 0) + 1)
    this.#entries.delete(sid)
  }

  /** The write begun with `beginWrite` committed or rolled back. */
  endWrite(sid: string): void {
    this.#changes++
    const count = (this.#pending.get(sid) ?? 1) - 1
    if (count <= 0) this.#pending.delete(sid)
    else this.#pending.set(sid, count)
    this.#entries.delete(sid)
  }

  /** Another instance changed these SIDs (or a write here created them). */
  evict(sids: Iterable<string>): void {
    this.#changes++
    for (const sid of sids) this.#entries.delete(sid)
  }

  /**
   * A change to an account's own facts (legacy tokens enabled): its credentials are read again.
   * Rare (once in an account's life), so a scan of the bounded cache is fine.
   */
  evictAccount(accountId: string): void {
    this.#changes++
    for (const [sid, entry] of this.#entries)
      if (entry.value?.accountId === accountId) this.#entries.delete(sid)
  }

  /** Forgets everything: the change feed (re)connected and may have missed notifications. */
  flush(): void {
    this.#changes++
    this.#entries.clear()
  }

  /** Online only while every other instance's changes reach this cache; offline it serves nothing. */
  setOnline(online: boolean): void {
    if (this.#online === online) return
    this.flush()
    this.#online = online
  }

  get isOnline(): boolean {
    return this.#online
  }

  get size(): number {
    return this.#entries.size
  }

  /** Lookups since start: answered from memory (hits) or sent to the database (misses). */
  get lookups(): { hits: number; misses: number } {
    return { hits: this.#hitCount, misses: this.#missCount }
  }
}
