import type { AuditAction } from '../../audit/audit-schemas.js'
import type { ActorContext } from '../core-contract.js'
import { auditActorOf } from '../access/require-token-manager.js'
import type { Executor } from '../database/schema.js'
import { recordAuditEvent, type AuditDetails } from './record-audit-event.js'

/**
 * Records what a caller did to a token (or, given several ids, to each of them: the account's
 * legacy pair) in the caller's account, as the caller, from its address: the event every token
 * service writes. An event about several has no one target (`tokenId` null); it names them in
 * `details.tokenIds`, and the trail filtered by any of them shows it (recordAuditEvent).
 */
export function auditTokenEvent(
  trx: Executor,
  context: ActorContext,
  action: AuditAction,
  target: string | readonly string[],
  at: string,
  details?: AuditDetails,
): Promise<void> {
  return recordAuditEvent(trx, {
    accountId: context.accountId,
    actor: auditActorOf(context),
    action,
    ...(typeof target === 'string' ? { tokenId: target } : { tokenId: null, tokenIds: target }),
    at,
    ip: context.ip,
    ...(details ? { details } : {}),
  })
}
