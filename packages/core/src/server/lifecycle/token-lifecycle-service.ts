import {
  RenewTokenInput,
  ROTATION_OVERLAP_DEFAULT_SECONDS,
  RotateTokenInput,
  type RotationEnding,
} from '../../lifecycle/lifecycle-schemas.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import type { TokenView } from '../../tokens/token-schemas.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import { auditActorOf, requireUserTokenManager } from '../access/require-token-manager.js'
import type { AccountRecord } from '../accounts/account-rows.js'
import { auditTokenEvent } from '../audit/audit-token-event.js'
import { recordAuditEvent } from '../audit/record-audit-event.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import { enqueueNotification } from '../notifications/enqueue-notification.js'
import type { Keyring } from '../crypto/keyring.js'
import type { IssuedSecret } from '../tokens/issue-credential.js'
import { replaceSecret } from '../tokens/reset-secret.js'
import { runTokenWrite } from '../tokens/run-token-write.js'
import { updateTokenRow } from '../tokens/update-token-row.js'
import type { TokenServiceDeps } from '../tokens/token-service-deps.js'
import { scopedTokenWriter } from '../tokens/write-scoped-token.js'
import { requireScopedToken, tokenViewOf } from '../tokens/token-records.js'
import { loadAccountPolicy } from './account-policy.js'
import { requireExpiryWithinPolicy } from './require-expiry-within-policy.js'
import { isRotationOpen, NO_ROTATION, rotationEndOf, rotationTimesOf } from './rotation-end.js'

/** Records the end of a rotation, however it ended: its audit event and its `token.rotation_completed` notification. */
export async function auditRotationCompleted(
  trx: Executor,
  row: TokensTable,
  event: { actor: ActorContext | 'system'; how: RotationEnding; at: string; endedAt: string },
): Promise<void> {
  const { actor, how, at, endedAt } = event
  await recordAuditEvent(trx, {
    accountId: row.account_id,
    actor: actor === 'system' ? { type: 'system' } : auditActorOf(actor),
    action: 'token.rotation_completed',
    tokenId: row.id,
    at,
    ip: actor === 'system' ? null : actor.ip,
    details: { name: row.name, how, endedAt },
  })
  await enqueueNotification(trx, {
    accountId: row.account_id,
    type: 'token.rotation_completed',
    tokenId: row.id,
    at,
    data: { how, endedAt },
  })
}

/**
 * Clears a rotation that has ended on its own (time or traffic) but whose old digest is still
 * stored, and records its completion as of when it ended. Verification never needed this to
 * refuse the old secret (it compares the end itself); this is the lazy cleanup. Returns whether
 * the row still has a rotation in progress.
 */
export async function settleEndedRotation(trx: Executor, row: TokensTable, now: Date): Promise<boolean> {
  const times = rotationTimesOf(row)
  if (times === null) return false
  if (isRotationOpen(times, now.getTime())) return true
  const end = rotationEndOf(times)
  await trx.updateTable('tokens').set(NO_ROTATION).where('id', '=', row.id).execute()
  const endedAt = new Date(end.atMs).toISOString()
  await auditRotationCompleted(trx, row, { actor: 'system', how: end.how, at: endedAt, endedAt })
  return false
}

/**
 * A reset or a delete ends a rotation in progress at once: neither previous secret verifies after
 * it. Recorded, and announced to those told of its start, so that no rotation stays open for them.
 * Call inside the write's transaction, with the row as it was before.
 */
export async function endRotationBy(
  how: Extract<RotationEnding, 'reset' | 'deleted'>,
  trx: Executor,
  context: ActorContext,
  row: TokensTable,
  at: string,
  now: Date,
): Promise<void> {
  if (!(await settleEndedRotation(trx, row, now))) return
  await trx.updateTable('tokens').set(NO_ROTATION).where('id', '=', row.id).execute()
  await auditRotationCompleted(trx, row, { actor: context, how, at, endedAt: at })
}

/**
 * Issues a new auth token while the row's current one keeps verifying until `endsAt` (or traffic
 * confirms the switch); any earlier rotation on the row is replaced, and enqueues the
 * `token.rotation_started` notification (`reason` says why, e.g. `leak`). The caller audits it. Also
 * the leak response's "rotate" (leaks/leak-service.ts), which shows the new secret to nobody.
 */
export async function startRotation(
  trx: Executor,
  keyring: Keyring,
  row: TokensTable,
  at: string,
  options: { overlapSeconds: number; quietSeconds: number | null; reason?: string },
): Promise<{ secret: IssuedSecret; endsAt: string }> {
  const endsAt = new Date(Date.parse(at) + options.overlapSeconds * 1_000).toISOString()
  const secret = await replaceSecret(trx, keyring, row, {
    updated_at: at,
    ...NO_ROTATION,
    rotation_started_at: at,
    rotation_ends_at: endsAt,
    rotation_quiet_seconds: options.quietSeconds,
    rotation_old_digest: row.secret_digest,
    rotation_old_sealed_secret: row.sealed_secret,
  })
  await enqueueNotification(trx, {
    accountId: row.account_id,
    type: 'token.rotation_started',
    tokenId: row.id,
    at,
    data: {
      endsAt,
      overlapSeconds: options.overlapSeconds,
      quietSeconds: options.quietSeconds,
      reason: options.reason ?? null,
    },
  })
  return { secret, endsAt }
}

export type TokenLifecycleService = TokenConsoleCore['lifecycle'] & {
  /** Cleans up a rotation that ended on its own (called off the request path when verification sees one). */
  settleRotation(tokenId: string): Promise<void>
}

/** Renewal, rotation with overlap and its completion: mutations of one token, each one transaction with its audit event. */
export function tokenLifecycleService(
  deps: TokenServiceDeps,
  options: {
    /** How soon every instance has stored the uses it saw (their recorders write once per interval). */
    usesStoredWithinMs: number
  },
): TokenLifecycleService {
  const { dialect, keyring, now } = deps

  const mutate = scopedTokenWriter(deps, requireUserTokenManager)

  async function reload(trx: Executor, account: AccountRecord, id: string): Promise<TokenView> {
    return tokenViewOf(trx, account.kind, await requireScopedToken(trx, account.id, id), now())
  }

  return {
    async renew(context, id, input) {
      requireUserTokenManager(context)
      const command = parseInput(RenewTokenInput, input)
      return mutate(context, id, async (trx, account, row, at) => {
        const policy = await loadAccountPolicy(trx, account.id)
        const expiresAt = requireExpiryWithinPolicy(policy, command.expiresAt, now())
        await updateTokenRow(trx, row.id, { expires_at: expiresAt }, at)
        await auditTokenEvent(trx, context, 'token.renew', row.id, at, {
          name: row.name,
          fromExpiresAt: row.expires_at,
          toExpiresAt: expiresAt,
        })
        return reload(trx, account, row.id)
      })
    },

    async rotate(context, id, input) {
      requireUserTokenManager(context)
      const command = parseInput(RotateTokenInput, input ?? {})
      return mutate(context, id, async (trx, account, row, at) => {
        if (await settleEndedRotation(trx, row, now())) throw new TokenConsoleError('RotationInProgress')
        const overlapSeconds = command.overlapSeconds ?? ROTATION_OVERLAP_DEFAULT_SECONDS
        const quietSeconds = command.confirmByTraffic?.quietSeconds ?? null
        const { secret, endsAt } = await startRotation(trx, keyring, row, at, {
          overlapSeconds,
          quietSeconds,
        })
        await auditTokenEvent(trx, context, 'token.rotation_started', row.id, at, {
          name: row.name,
          overlapSeconds,
          endsAt,
          quietSeconds,
        })
        return {
          token: await reload(trx, account, row.id),
          credentials: { accountSid: row.sid, authToken: secret.authToken },
        }
      })
    },

    async completeRotation(context, id) {
      return mutate(context, id, async (trx, account, row, at) => {
        if (!(await settleEndedRotation(trx, row, now()))) throw new TokenConsoleError('NoRotationInProgress')
        await updateTokenRow(trx, row.id, NO_ROTATION, at)
        await auditRotationCompleted(trx, row, { actor: context, how: 'retired', at, endedAt: at })
        return reload(trx, account, row.id)
      })
    },

    async settleRotation(tokenId) {
      await runTokenWrite(deps, async (trx, changing) => {
        const row = await trx
          .selectFrom('tokens')
          .selectAll()
          .where('id', '=', tokenId)
          .$if(dialect === 'postgres', (query) => query.forUpdate())
          .executeTakeFirst()
        if (!row) return
        // Even when the stored rotation turns out to be still open (a later use was written since the
        // caller read it), the caller's cached entry is stale: drop it, so it is read again.
        changing(row.sid)
        // Ended by traffic only as far as the stored uses tell: an old-secret use an instance has not
        // yet written may have restarted the quiet period. Settled once every such use is stored; a
        // use written meanwhile reopens the rotation instead of arriving after it was cleared.
        const times = rotationTimesOf(row)
        const end = times && rotationEndOf(times)
        if (end?.how === 'traffic' && now().getTime() - end.atMs < options.usesStoredWithinMs) return
        await settleEndedRotation(trx, row, now())
      })
    },
  }
}
