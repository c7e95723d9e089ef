import {
  actorIdOf,
  type AuditAction,
  type AuditActor,
  type AuditEventView,
} from '../../audit/audit-schemas.js'
import { generateId } from '../crypto/random-secrets.js'
import type { Executor } from '../database/schema.js'

export type AuditDetails = AuditEventView['details']

export interface AuditEventInput {
  accountId: string
  actor: AuditActor
  action: AuditAction
  tokenId: string | null
  /**
   * With a null `tokenId`, the tokens an event about several is about (the legacy pair): named in
   * `details.tokenIds` and filed in audit_event_tokens, so the trail filtered by any of them shows it.
   */
  tokenIds?: readonly string[]
  at: string
  ip: string | null
  /** Facts about the action (names, versions, counts): never a secret of any kind. */
  details?: AuditDetails
}

/** Written inside the mutation's own transaction, so the trail and the change commit together. */
export async function recordAuditEvent(executor: Executor, event: AuditEventInput): Promise<void> {
  const id = generateId('evt')
  const tokenIds = event.tokenId === null ? (event.tokenIds ?? []) : []
  await executor
    .insertInto('audit_events')
    .values({
      id,
      account_id: event.accountId,
      actor_type: event.actor.type,
      actor_id: actorIdOf(event.actor),
      action: event.action,
      token_id: event.tokenId,
      at: event.at,
      ip: event.ip,
      details: JSON.stringify({ ...event.details, ...(tokenIds.length > 0 ? { tokenIds } : {}) }),
    })
    .execute()
  if (tokenIds.length === 0) return
  await executor
    .insertInto('audit_event_tokens')
    .values(
      [...new Set(tokenIds)].map((tokenId) => ({
        event_id: id,
        token_id: tokenId,
        account_id: event.accountId,
        at: event.at,
      })),
    )
    .execute()
}

/** What the console does by itself (seeding, key rotation, a leak report): no user and no address. */
export function recordSystemEvent(
  executor: Executor,
  event: Omit<AuditEventInput, 'actor' | 'ip'>,
): Promise<void> {
  return recordAuditEvent(executor, { ...event, actor: { type: 'system' }, ip: null })
}
