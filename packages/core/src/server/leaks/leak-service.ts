import { isWellFormedAuthToken } from '../../credentials/credential-format.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import {
  CredentialCheckInput,
  ReceivedSecretScanningCandidate,
  ReceivedSecretScanningReport,
  type CredentialCheckResult,
  type LeakAction,
  type LeakSecret,
  type SecretScanningCandidate,
  type SecretScanningVerdict,
} from '../../leaks/leak-schemas.js'
import { LEGACY_ACCESS } from '../../legacy/legacy-scopes.js'
import type { LegacyTokensView } from '../../legacy/legacy-schemas.js'
import { ROTATION_OVERLAP_DEFAULT_SECONDS, type LeakResponse } from '../../lifecycle/lifecycle-schemas.js'
import type { TokenView } from '../../tokens/token-schemas.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import { auditActorOf, requireUserTokenManager } from '../access/require-token-manager.js'
import { requireAccount } from '../accounts/account-rows.js'
import { recordAuditEvent, recordSystemEvent } from '../audit/record-audit-event.js'
import { generateId } from '../crypto/random-secrets.js'
import { digestSecret, encodeDigest } from '../crypto/secret-digest.js'
import { runInTransaction, runQuery } from '../database/run-in-transaction.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { parseInput, validationFailedOf } from '../input/parse-input.js'
import { legacyViewOf, requireLegacyRows } from '../legacy/legacy-token-service.js'
import { loadAccountPolicy } from '../lifecycle/account-policy.js'
import { enqueueNotification } from '../notifications/enqueue-notification.js'
import { isRotationOpen, NO_ROTATION, rotationTimesOf } from '../lifecycle/rotation-end.js'
import {
  auditRotationCompleted,
  settleEndedRotation,
  startRotation,
} from '../lifecycle/token-lifecycle-service.js'
import { resetSecret } from '../tokens/reset-secret.js'
import { runTokenWrite } from '../tokens/run-token-write.js'
import type { TokenServiceDeps } from '../tokens/token-service-deps.js'
import { requireScopedToken, tokenViewOf } from '../tokens/token-records.js'
import { rememberLeakEndedSecret } from './leak-ended-secrets.js'
import { leakRecordsOf, type LeakRecords } from './leak-records.js'
import { leakUrlOf } from './leak-url.js'
import { tokenHashOf } from './token-hash.js'

/**
 * Marks every unhandled leak of the credential `row` handled, audited as `token.leak_handled` when
 * there was one (a second click finds none and records nothing).
 */
async function clearOpenLeaks(
  trx: Executor,
  context: ActorContext,
  row: TokensTable,
  at: string,
  details: Record<string, string>,
): Promise<void> {
  const handled = await trx
    .updateTable('token_leaks')
    .set({
      handled_at: at,
      handled_by_user_id: context.actor.type === 'user' ? context.actor.userId : null,
    })
    .where('token_id', '=', row.id)
    .where('handled_at', 'is', null)
    .executeTakeFirst()
  const count = Number(handled.numUpdatedRows)
  if (count === 0) return
  await recordAuditEvent(trx, {
    accountId: context.accountId,
    actor: auditActorOf(context),
    action: 'token.leak_handled',
    tokenId: row.id,
    at,
    ip: context.ip,
    details: { ...details, leaks: count },
  })
}

/** A candidate's `source` or `type` as kept (100 characters), or null when absent or holding the secret. */
function describing(value: string | undefined, secret: string): string | null {
  return value === undefined || value.includes(secret) ? null : value.slice(0, 100)
}

/**
 * Whether a report's entry can be a candidate at all: an object whose `token` and `type` are strings.
 * A cheap test before the schema's, which judges the rest (lengths, `url`, `source`).
 */
function mayBeCandidate(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false
  const { token, type } = entry as { token?: unknown; type?: unknown }
  return typeof token === 'string' && typeof type === 'string'
}

/**
 * How many candidates are looked up at once: two reads a batch instead of two a candidate, with
 * 2 × 500 parameters each, far below SQLite's and PostgreSQL's limits.
 */
const LOOKUP_BATCH = 500

/** A stored credential an auth token belongs to, and whether it is the previous secret of an open rotation. */
interface Holder {
  row: TokensTable
  previous: boolean
}

/**
 * Leaked credentials (issue 16, docs/SECURITY.md "Leaked credentials"): reports from a secret
 * scanner, the account's leak response, "mark as handled" and the managers' credential check.
 */
export function leakService(deps: TokenServiceDeps): TokenConsoleCore['leaks'] {
  const { db, dialect, keyring, now } = deps

  /** An auth token's keyed digest, as `secret_digest` and `rotation_old_digest` store it. */
  const digestOf = (token: string): string => encodeDigest(digestSecret(keyring.current.digestKey, token))

  /**
   * The tokens whose current auth token, or previous one while its rotation is open, has one of
   * `digests`, by digest. Found by the keyed digests (indexed, one read for them all); well-formed
   * tokens only, so nothing else costs a lookup.
   */
  async function findHolders(
    executor: Executor,
    digests: readonly string[],
    lockRows: boolean,
  ): Promise<Map<string, Holder>> {
    const holders = new Map<string, Holder>()
    if (digests.length === 0) return holders
    const rows = await executor
      .selectFrom('tokens')
      .selectAll()
      .where((eb) => eb.or([eb('secret_digest', 'in', digests), eb('rotation_old_digest', 'in', digests)]))
      .$if(lockRows, (query) => query.forUpdate())
      .execute()
    for (const row of rows) {
      holders.set(row.secret_digest, { row, previous: false })
      // A previous secret whose rotation ended no longer verifies: it is not a credential any more.
      if (row.rotation_old_digest !== null && isRotationOpen(rotationTimesOf(row), now().getTime()))
        holders.set(row.rotation_old_digest, { row, previous: true })
    }
    return holders
  }

  /** The token that holds the auth token of keyed digest `digest` (`findHolders`). */
  async function findHolder(
    executor: Executor,
    digest: string,
    lockRow: boolean,
  ): Promise<Holder | undefined> {
    return (await findHolders(executor, [digest], lockRow)).get(digest)
  }

  /** The token whose previous secret a leak response ended (`leakRecordsOf`), while it still exists. */
  async function endedHolder(
    executor: Executor,
    tokenId: string | null,
    lockRow: boolean,
  ): Promise<Holder | undefined> {
    if (tokenId === null) return undefined
    const row = await executor
      .selectFrom('tokens')
      .selectAll()
      .where('id', '=', tokenId)
      .$if(lockRow, (query) => query.forUpdate())
      .executeTakeFirst()
    return row && { row, previous: true }
  }

  /**
   * The leak response on the locked row; the change is announced by the caller's write. A previous
   * secret it ends while that secret still works is remembered (`rememberLeakEndedSecret`).
   */
  async function respond(
    trx: Executor,
    holder: Holder,
    response: LeakResponse,
    at: string,
  ): Promise<LeakAction> {
    const { row } = holder
    const system = { type: 'system' } as const
    const audit = (
      action: 'token.disable' | 'token.rotation_started' | 'legacy.reset',
      details: Record<string, string | number | null>,
    ) =>
      recordAuditEvent(trx, {
        accountId: row.account_id,
        actor: system,
        action,
        tokenId: row.id,
        at,
        ip: null,
        details,
      })
    if (response === 'notify') return 'none'
    if (row.kind !== 'scoped') {
      // A legacy credential can be neither disabled nor rotated: a new secret, revealed from its card.
      await resetSecret(trx, keyring, row, at)
      await audit('legacy.reset', {
        access: row.kind === 'legacy_read_write' ? 'read_write' : 'read_only',
        reason: 'leak',
      })
      return 'reset'
    }
    /** The leaked secret is the one being rotated away: retired now, the new one stays. */
    const retirePrevious = async () => {
      await trx
        .updateTable('tokens')
        .set({ ...NO_ROTATION, updated_at: at })
        .where('id', '=', row.id)
        .execute()
      await auditRotationCompleted(trx, row, { actor: 'system', how: 'retired', at, endedAt: at })
    }
    if (response === 'disable') {
      // Retired as under the rotate policy: a manager who enables the token again (its integration
      // already on the new secret) must not bring the leaked one back for the rest of the overlap.
      if (holder.previous) await retirePrevious()
      if (row.state !== 'disabled') {
        await trx
          .updateTable('tokens')
          .set({ state: 'disabled', updated_at: at })
          .where('id', '=', row.id)
          .execute()
        await audit('token.disable', { name: row.name, reason: 'leak' })
      }
      return 'disabled'
    }
    if (holder.previous) {
      await retirePrevious()
      return 'rotated'
    }
    if (await settleEndedRotation(trx, row, now())) {
      // The leaked secret is the new one of an open rotation: the rotation starting now replaces it,
      // ending the previous secret, which still worked until now.
      await auditRotationCompleted(trx, row, { actor: 'system', how: 'retired', at, endedAt: at })
      await rememberLeakEndedSecret(trx, keyring, row)
    }
    const overlapSeconds = ROTATION_OVERLAP_DEFAULT_SECONDS
    const { endsAt } = await startRotation(trx, keyring, row, at, {
      overlapSeconds,
      quietSeconds: null,
      reason: 'leak',
    })
    await audit('token.rotation_started', {
      name: row.name,
      overlapSeconds,
      endsAt,
      quietSeconds: null,
      reason: 'leak',
    })
    return 'rotated'
  }

  /**
   * A batch of candidates, in order: a verdict for each that could be judged, and the first failure.
   * Read first, for the whole batch and outside any transaction: nearly every candidate of a large
   * report is a secret no token holds, and a write transaction for each (BEGIN IMMEDIATE on SQLite)
   * would hold the database's one writer, candidate after candidate, for a report that changes
   * nothing. The holders before the records: a report committing in between that records a secret
   * and ends it (a reset, a retired previous secret, a previous secret its rotation replaced) is then
   * seen by the second read, not missed by both. A write of this batch only ends or records secrets
   * the reads saw as held, which the write path judges again.
   * When the batch's reads fail (a lost connection, a timeout), every well-formed candidate of it is
   * judged in a write of its own, which reads everything again: a failed read of 500 candidates must
   * not leave a leaked token among them working until the scanner sends the report again.
   */
  async function judgeBatch(
    batch: readonly SecretScanningCandidate[],
  ): Promise<{ verdicts: SecretScanningVerdict[]; failed?: { error: unknown } }> {
    const named = batch.map((candidate) => ({
      candidate,
      tokenHash: tokenHashOf(candidate.token),
      digest: isWellFormedAuthToken(candidate.token) ? digestOf(candidate.token) : null,
    }))
    const ours = named.flatMap(({ tokenHash, digest }) => (digest === null ? [] : [{ tokenHash, digest }]))
    let read: { holders: Map<string, Holder>; records: Map<string, LeakRecords> } | undefined
    let failed: { error: unknown } | undefined
    try {
      const digests = ours.map(({ digest }) => digest)
      const holders = await runQuery(() => findHolders(db, digests, false))
      const hashes = ours.map(({ tokenHash }) => tokenHash)
      read = { holders, records: await runQuery(() => leakRecordsOf(db, hashes)) }
    } catch (error) {
      // The report still fails, so the scanner sends it again; what is handled now applies nothing again.
      failed = { error }
    }
    const verdicts: SecretScanningVerdict[] = []
    for (const { candidate, tokenHash, digest } of named) {
      const record = read?.records.get(tokenHash)
      try {
        // Not recorded, a record says a leak response ended it: it was a token's previous secret.
        const label =
          digest === null
            ? 'false_positive'
            : record?.recorded
              ? 'true_positive'
              : read === undefined || read.holders.has(digest) || record !== undefined
                ? await judge(candidate, tokenHash, digest)
                : 'false_positive'
        verdicts.push({ token_hash: tokenHash, token_type: candidate.type, label })
      } catch (error) {
        failed ??= { error }
      }
    }
    return failed ? { verdicts, failed } : { verdicts }
  }

  /**
   * One candidate that may be ours (`judgeBatch`): a true positive is recorded once per secret (a
   * second report of it finds the record and changes nothing), with the account's leak response
   * applied in the same transaction. The `token.leaked` notification (with the URL where it was
   * found) is enqueued in the same transaction.
   */
  async function judge(
    candidate: SecretScanningCandidate,
    tokenHash: string,
    digest: string,
  ): Promise<SecretScanningVerdict['label']> {
    // Judged again in the write: a concurrent report or rotation may have changed both since.
    return runTokenWrite(deps, async (trx, changing) => {
      if ((await leakRecordsOf(trx, [tokenHash])).get(tokenHash)?.recorded) return 'true_positive'
      const lockRow = dialect === 'postgres'
      const live = await findHolder(trx, digest, lockRow)
      let holder = live
      if (!holder) {
        // On PostgreSQL each statement reads what was committed before it: a report that recorded or
        // ended this secret after the look above (or while the lock waited) shows in the records now.
        const latest = (await leakRecordsOf(trx, [tokenHash])).get(tokenHash)
        if (latest?.recorded) return 'true_positive'
        holder = await endedHolder(trx, latest?.endedTokenId ?? null, lockRow)
        if (!holder) return 'false_positive'
      }
      const { row } = holder
      const secret: LeakSecret = holder.previous ? 'previous' : 'current'
      const at = now().toISOString()
      const id = generateId('lek')
      const url = leakUrlOf(candidate.url, candidate.token)
      // Like the URL, what only describes the leak is kept when it does not hold the secret: all three
      // reach the leak record, the audit event and the notification (e-mail, webhooks).
      const source = describing(candidate.source, candidate.token)
      // Two reports of one secret at once: the unique hash lets one insert; the other applies nothing.
      const inserted = await trx
        .insertInto('token_leaks')
        .values({
          id,
          token_id: row.id,
          account_id: row.account_id,
          token_hash: tokenHash,
          reported_at: at,
          url,
          source,
          action: 'none',
          secret,
        })
        .onConflict((oc) => oc.column('token_hash').doNothing())
        .returning('id')
        .executeTakeFirst()
      if (!inserted) return 'true_positive'
      let action: LeakAction = 'rotated'
      // A secret a leak rotation ended (in this report or an earlier one) was a real leak, recorded as
      // such; the token's secrets are already being rotated away, so no response is applied again.
      if (live) {
        changing(row.sid)
        const policy = await loadAccountPolicy(trx, row.account_id)
        action = await respond(trx, holder, policy.leakResponse, at)
      }
      await trx.updateTable('token_leaks').set({ action }).where('id', '=', id).execute()
      await recordSystemEvent(trx, {
        accountId: row.account_id,
        action: 'token.leaked',
        tokenId: row.id,
        at,
        details: {
          name: row.name,
          url,
          source,
          type: describing(candidate.type, candidate.token),
          action,
          secret,
        },
      })
      await enqueueNotification(trx, {
        accountId: row.account_id,
        type: 'token.leaked',
        tokenId: row.id,
        at,
        data: { url, source, action, secret },
      })
      return 'true_positive'
    })
  }

  return {
    async report(input) {
      const report = parseInput(ReceivedSecretScanningReport, input)
      const verdicts: SecretScanningVerdict[] = []
      let skipped = 0
      let failed: { error: unknown } | undefined
      let batch: SecretScanningCandidate[] = []
      // Batch after batch, each candidate that may be ours in its own transaction. A candidate that
      // fails does not stop the others (each leaked token is handled now); the report still fails, so
      // the scanner sends it again, and the candidates handled already apply nothing again.
      const judgeAndEmpty = async () => {
        const judged = await judgeBatch(batch)
        batch = []
        verdicts.push(...judged.verdicts)
        failed ??= judged.failed
      }
      for (const entry of report) {
        // An entry that is not even an object with a string token and type is skipped without a parse:
        // each failed parse builds an error (about 2 µs and its garbage), and 1 MB holds 500,000 such
        // entries.
        const read = mayBeCandidate(entry) ? ReceivedSecretScanningCandidate.safeParse(entry) : undefined
        // Before any hash: a token over the limit is never digested, stored or echoed, only counted.
        if (!read?.success) {
          skipped += 1
          continue
        }
        batch.push(read.data)
        if (batch.length === LOOKUP_BATCH) await judgeAndEmpty()
      }
      await judgeAndEmpty()
      // Not one candidate could be read: refused (ValidationFailed naming the first entry's field) like a
      // body that is not an array of candidates, so a sender whose format changed hears of it instead of
      // every report being dropped in silence. No leaked token is left working by it: none was readable.
      // The first entry alone is parsed again to name it: parsing the whole report again would read
      // every entry twice and hold all of their issues at once (500,000 in a 1 MB body).
      if (skipped > 0 && skipped === report.length) {
        const first = ReceivedSecretScanningCandidate.safeParse(report[0])
        if (!first.success) throw validationFailedOf(first.error, [0])
      }
      if (failed) throw failed.error
      return { verdicts, skipped }
    },

    async markHandled(context, id) {
      requireUserTokenManager(context)
      return runInTransaction(db, async (trx): Promise<TokenView> => {
        const account = await requireAccount(trx, context.accountId)
        const row = await requireScopedToken(trx, context.accountId, id)
        await clearOpenLeaks(trx, context, row, now().toISOString(), { name: row.name })
        return tokenViewOf(trx, account.kind, row, now())
      })
    },

    async markLegacyHandled(context, access) {
      requireUserTokenManager(context)
      if (!(LEGACY_ACCESS as readonly string[]).includes(access)) {
        throw new TokenConsoleError('ValidationFailed', { field: 'access', reason: 'invalid' })
      }
      return runInTransaction(db, async (trx): Promise<LegacyTokensView> => {
        const account = await requireAccount(trx, context.accountId)
        const rows = await requireLegacyRows(trx, account)
        const row = access === 'read_write' ? rows.readWrite : rows.readOnly
        await clearOpenLeaks(trx, context, row, now().toISOString(), { name: row.name, access })
        return legacyViewOf(trx, account)
      })
    },

    async checkCredential(context: ActorContext, input, admit): Promise<CredentialCheckResult> {
      requireUserTokenManager(context)
      const { authToken } = parseInput(CredentialCheckInput, input)
      await admit?.()
      const holder = isWellFormedAuthToken(authToken)
        ? await runQuery(() => findHolder(db, digestOf(authToken), false))
        : undefined
      const result: CredentialCheckResult =
        holder === undefined
          ? { match: 'unknown' }
          : holder.row.account_id !== context.accountId
            ? { match: 'not-yours' }
            : holder.row.kind === 'scoped'
              ? { match: 'this-account', tokenId: holder.row.id }
              : { match: 'this-account' }
      await runInTransaction(db, async (trx) => {
        await requireAccount(trx, context.accountId)
        await recordAuditEvent(trx, {
          accountId: context.accountId,
          actor: auditActorOf(context),
          action: 'credential.check',
          tokenId: result.match === 'this-account' ? (holder as Holder).row.id : null,
          at: now().toISOString(),
          ip: context.ip,
          details: { match: result.match },
        })
      })
      return result
    },
  }
}
