import type { AuditAction } from '../../audit/audit-schemas.js'
import type { ActorContext } from '../core-contract.js'
import { auditActorOf } from '../access/require-token-manager.js'
import type { Executor } from '../database/schema.js'
import { recordAuditEvent, type AuditDetails } from './record-audit-event.js'

/**
 * Records what a caller did to a token (or, with a null id, to the account's legacy pair) in the
 * caller's account, as the caller, from its address: the event every token service writes.
 */
export function auditTokenEvent(
  trx: Executor,
  context: ActorContext,
  action: AuditAction,
  tokenId: string | null,
  at: string,
  details?: AuditDetails,
): Promise<void> {
  return recordAuditEvent(trx, {
    accountId: context.accountId,
    actor: auditActorOf(context),
    action,
    tokenId,
    at,
    ip: context.ip,
    ...(details ? { details } : {}),
  })
}
