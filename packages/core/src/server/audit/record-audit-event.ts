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
  at: string
  ip: string | null
  /** Facts about the action (names, versions, counts): never a secret of any kind. */
  details?: AuditDetails
}

/** Written inside the mutation's own transaction, so the trail and the change commit together. */
export async function recordAuditEvent(executor: Executor, event: AuditEventInput): Promise<void> {
  await executor
    .insertInto('audit_events')
    .values({
      id: generateId('evt'),
      account_id: event.accountId,
      actor_type: event.actor.type,
      actor_id: actorIdOf(event.actor),
      action: event.action,
      token_id: event.tokenId,
      at: event.at,
      ip: event.ip,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute()
}

/** What the console does by itself (seeding, key rotation, a leak report): no user and no address. */
export function recordSystemEvent(
  executor: Executor,
  event: Omit<AuditEventInput, 'actor' | 'ip'>,
): Promise<void> {
  return recordAuditEvent(executor, { ...event, actor: { type: 'system' }, ip: null })
}
