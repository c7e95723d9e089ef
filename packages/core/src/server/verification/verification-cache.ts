import type { AccountKind } from '../../accounts/account-kinds.js'
import type { TokenKind, TokenState } from '../../tokens/token-schemas.js'

export interface CachedCredential {
  tokenId: string
  tokenKind: TokenKind
  accountId: string
  accountKind: AccountKind
  accountName: string
  sid: string
  apiVersion: string
  state: TokenState
  digest: Buffer
  scopes: ReadonlySet<string>
  rateLimitPerHour: number
}

export const VERIFICATION_CACHE_SIZE_DEFAULT = 10_000
export const VERIFICATION_CACHE_TTL_MS_DEFAULT = 1_000

/**
 * A bounded LRU of credentials by SID, so a busy integration does not cost a query per request.
 * Writes in this process invalidate synchronously; the TTL bounds how long another instance's
 * write can go unseen. A lookup that started before a write must not cache what it read, so every
 * write bumps a generation that lookups capture before reading the database.
 */
export class VerificationCache {
  /** `null` remembers that a SID does not exist, so repeated unknown SIDs cost what known ones cost. */
  private readonly entries = new Map<string, { value: CachedCredential | null; expiresAt: number }>()
  private writes = 0

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get generation(): number {
    return this.writes
  }

  /** The cached credential, `null` for a SID known not to exist, undefined when not cached. */
  get(sid: string): CachedCredential | null | undefined {
    const entry = this.entries.get(sid)
    if (!entry) return undefined
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(sid)
      return undefined
    }
    // Re-insert to mark as most recently used (Map keeps insertion order).
    this.entries.delete(sid)
    this.entries.set(sid, entry)
    return entry.value
  }

  /** Stores what a lookup read, unless a write happened since the lookup's `generation`. */
  set(sid: string, value: CachedCredential | null, readAtGeneration: number): void {
    if (this.ttlMs <= 0 || readAtGeneration !== this.writes) return
    this.entries.delete(sid)
    this.entries.set(sid, { value, expiresAt: this.clock() + this.ttlMs })
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next()
      if (oldest.done) break
      this.entries.delete(oldest.value)
    }
  }

  invalidate(...sids: string[]): void {
    this.writes++
    for (const sid of sids) this.entries.delete(sid)
  }

  get size(): number {
    return this.entries.size
  }
}
