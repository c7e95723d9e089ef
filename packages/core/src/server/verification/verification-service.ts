import { AccountKind } from '../../accounts/account-kinds.js'
import { isWellFormedAccountSid } from '../../credentials/credential-format.js'
import { TokenKind, TokenState } from '../../tokens/token-schemas.js'
import type { BasicCredential, TokenConsoleCore, VerifiedCredential } from '../core-contract.js'
import type { Keyring } from '../crypto/keyring.js'
import { decodeDigest, digestSecret, digestsEqual } from '../crypto/secret-digest.js'
import { sql, type RawBuilder } from 'kysely'
import type { DatabaseDialectName } from '../database/open-database.js'
import { translateStorageError } from '../database/run-in-transaction.js'
import type { Db } from '../database/schema.js'
import { isRotationOpen, type RotationTimes, rotationTimesOf } from '../lifecycle/rotation-end.js'
import { grantedScopes } from '../tokens/token-records.js'
import type { LastUsedRecorder } from './last-used-recorder.js'
import { parseBasicAuthorization } from './parse-basic-authorization.js'
import type { CachedCredential, VerificationCache } from './verification-cache.js'

/** Longer presented tokens are digested as this many characters: every real token is far shorter. */
const PRESENTED_TOKEN_MAX = 256
/** Reads of one lookup while changes keep being announced during them. */
const READS_MAX = 3

export interface VerificationDeps {
  db: Db
  /** Decides how a token's scopes are aggregated into its row (one query per lookup on either dialect). */
  dialect: DatabaseDialectName
  keyring: Keyring
  verificationCache: VerificationCache
  lastUsed: LastUsedRecorder
  /** The clock expiries and rotation ends are compared with. */
  now: () => Date
  /** Told (off the request path) when a presented old secret belongs to a rotation that has ended, to clean it up. */
  onRotationEnded?: (tokenId: string) => void
}

export function verificationService(deps: VerificationDeps): TokenConsoleCore['verification'] {
  const { db, dialect, keyring, verificationCache, lastUsed, now, onRotationEnded } = deps
  // What a miss is compared against, so unknown SIDs cost the same digest and comparison as known ones.
  const dummyDigest = digestSecret(keyring.current.digestKey, 'tokens/verification/dummy')

  // The token's stored scopes as one column of its row: a cold SID costs one round trip, which on
  // PostgreSQL is most of the lookup. PostgreSQL answers a text[] (node-postgres parses it),
  // SQLite a JSON array text. Legacy tokens have no stored scopes: theirs follow from their kind.
  const storedScopes: RawBuilder<string[] | string> =
    dialect === 'postgres'
      ? sql<string[]>`array(select scope from token_scopes where token_scopes.token_id = tokens.id)`
      : sql<string>`(select json_group_array(scope) from token_scopes where token_scopes.token_id = tokens.id)`

  async function read(sid: string): Promise<CachedCredential | null> {
    const row = await db
      .selectFrom('tokens')
      .innerJoin('accounts', 'accounts.id', 'tokens.account_id')
      .selectAll('tokens')
      .select([
        'accounts.kind as account_kind',
        'accounts.name as account_name',
        'accounts.legacy_enabled_at as account_legacy_enabled_at',
        storedScopes.as('stored_scopes'),
      ])
      // An unknown SID reads and builds a stand-in row (the least SID) instead of none, then answers
      // null: a cold lookup of a SID that exists must not take longer than one of a SID that does not.
      .where(
        'tokens.sid',
        '=',
        sql<string>`coalesce((select by_sid.sid from tokens by_sid where by_sid.sid = ${sid}), (select min(stand_in.sid) from tokens stand_in))`,
      )
      .executeTakeFirst()
    if (!row) return null
    const accountKind = AccountKind.parse(row.account_kind)
    const stored: string[] =
      typeof row.stored_scopes === 'string' ? JSON.parse(row.stored_scopes) : row.stored_scopes
    const rotation = rotationTimesOf(row)
    const credential: CachedCredential = {
      tokenId: row.id,
      tokenKind: TokenKind.parse(row.kind),
      accountId: row.account_id,
      accountKind,
      accountName: row.account_name,
      accountLegacyEnabledAt: row.account_legacy_enabled_at,
      sid: row.sid,
      apiVersion: row.api_version,
      state: TokenState.parse(row.state),
      digest: decodeDigest(row.secret_digest),
      scopes: new Set(grantedScopes(accountKind, row, stored)),
      rateLimitPerHour: row.rate_limit_per_hour,
      expiresAtMs: row.expires_at === null ? null : Date.parse(row.expires_at),
      rotation: rotation && { ...rotation, oldDigest: decodeDigest(row.rotation_old_digest as string) },
    }
    return row.sid === sid ? credential : null
  }

  /**
   * The credential behind a SID the cache did not hold. A read during which a change was announced (here or by another
   * instance) may predate that change's commit, so it is read again: what is answered was read
   * after every change this instance had heard of when the answer began. Under a storm of writes
   * the last of a few reads is answered (it still started after the change that forced it).
   */
  async function load(sid: string): Promise<CachedCredential | null> {
    for (let attempt = 1; ; attempt++) {
      const generation = verificationCache.generation
      const credential = await read(sid)
      if (verificationCache.generation === generation) {
        // Only a credential: a refusal is never answered from memory (see verify).
        if (credential !== null) verificationCache.set(sid, credential, generation)
        return credential
      }
      if (attempt === READS_MAX) return credential
    }
  }

  /**
   * Whether the rotation is still open counting an old-secret use this instance holds but has not
   * written yet: that use restarted the quiet period, and refusing the old secret meanwhile would
   * end a traffic-confirmed rotation while its integration still calls with the old secret.
   */
  function isOpenWithUnstoredUse(tokenId: string, rotation: RotationTimes, nowMs: number): boolean {
    const unstored = lastUsed.unstoredOldSecretUseMs(tokenId)
    if (unstored === null || unstored <= (rotation.oldLastUsedAtMs ?? -Infinity)) return false
    return isRotationOpen({ ...rotation, oldLastUsedAtMs: unstored }, nowMs)
  }

  /**
   * Answers from memory only when it verifies: a refusal is decided on a fresh read, as a miss is.
   * Were refusals answered from the cache, a SID kept hot by its own integration would be refused
   * faster than an unknown or idle one (which reads), and the timing of a wrong auth token would
   * tell whether its Account SID exists and is in use. A refusal costs one read whatever the SID;
   * only the right secret is answered without one. The fresh read also corrects a cached row that
   * a change not yet heard of made stale (a token enabled or reset on another instance).
   */
  async function verify(accountSid: unknown, authToken: unknown): Promise<VerifiedCredential | null> {
    try {
      const sid =
        typeof accountSid === 'string' && isWellFormedAccountSid(accountSid) ? accountSid : undefined
      const presented = typeof authToken === 'string' ? authToken.slice(0, PRESENTED_TOKEN_MAX) : ''
      const presentedDigest = digestSecret(keyring.current.digestKey, presented)
      const tooLong = typeof authToken !== 'string' || authToken.length > PRESENTED_TOKEN_MAX
      // A cache hit is answered without another asynchronous step: the common case of every request.
      const cached = sid ? verificationCache.get(sid) : undefined
      // Decided on what memory holds even when it holds nothing: a refusal then costs the same two
      // comparisons and one read, whether or not the SID was cached.
      const fromMemory = decide(cached ?? null, presentedDigest, tooLong)
      if (fromMemory.verified) return fromMemory.verified
      const credential = sid ? await load(sid) : null
      const answer = decide(credential, presentedDigest, tooLong)
      if (answer.rotationEndedFor !== undefined) onRotationEnded?.(answer.rotationEndedFor)
      return answer.verified
    } catch (error) {
      // Fail closed and say why: a storage failure is "busy/internal" (503/500), never an authorisation.
      throw translateStorageError(error)
    }
  }

  /** Whether `credential` verifies the presented digest now; the same work whether or not it exists. */
  function decide(
    credential: CachedCredential | null,
    presentedDigest: Buffer,
    tooLong: boolean,
  ): { verified: VerifiedCredential | null; rotationEndedFor?: string } {
    const refused = { verified: null }
    // Always digest and compare, hit or miss: the work done does not depend on whether the SID exists.
    const matches = digestsEqual(presentedDigest, credential?.digest ?? dummyDigest)
    // A token in rotation compares both digests whichever matched, so timing does not tell which did.
    const rotation = credential?.rotation ?? null
    const matchesOld = rotation !== null && digestsEqual(presentedDigest, rotation.oldDigest)
    if (!credential || !(matches || matchesOld) || credential.state !== 'enabled') return refused
    if (tooLong) return refused
    // Expiry and rotation end are compared here, not only when cached, so neither outlives its time.
    const nowMs = credential.expiresAtMs === null && rotation === null ? 0 : now().getTime()
    if (credential.expiresAtMs !== null && nowMs >= credential.expiresAtMs) return refused
    const rotationOpen =
      isRotationOpen(rotation, nowMs) ||
      (!matches && rotation !== null && isOpenWithUnstoredUse(credential.tokenId, rotation, nowMs))
    if (!matches && !rotationOpen) return { verified: null, rotationEndedFor: credential.tokenId }
    const verified: VerifiedCredential = {
      tokenId: credential.tokenId,
      tokenKind: credential.tokenKind,
      accountId: credential.accountId,
      accountKind: credential.accountKind,
      accountName: credential.accountName,
      accountLegacyEnabledAt: credential.accountLegacyEnabledAt,
      accountSid: credential.sid,
      apiVersion: credential.apiVersion,
      scopes: credential.scopes,
      rateLimitPerHour: credential.rateLimitPerHour,
      expiresAtMs: credential.expiresAtMs,
      secretDigest: presentedDigest,
    }
    if (rotationOpen) verified.rotationSecret = matches ? 'new' : 'old'
    return { verified }
  }

  // Not async itself: verify's promise is handed on, not wrapped in another one.
  function verifyBasic(parsed: BasicCredential | undefined): Promise<VerifiedCredential | null> {
    if (!parsed) {
      // Same digest work as a real attempt, so malformed headers fall in the same timing class.
      digestsEqual(digestSecret(keyring.current.digestKey, ''), dummyDigest)
      return Promise.resolve(null)
    }
    return verify(parsed.accountSid, parsed.authToken)
  }

  return {
    verify,
    verifyAuthorization(header) {
      return verifyBasic(parseBasicAuthorization(header))
    },
    parseAuthorization: parseBasicAuthorization,
    verifyBasic,
    recordUse(tokenId, rotationSecret) {
      lastUsed.record(tokenId, rotationSecret)
    },
  }
}
