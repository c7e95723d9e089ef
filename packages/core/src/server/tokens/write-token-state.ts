import type { AuditActor } from '../../audit/audit-schemas.js'
import type { TokenState } from '../../tokens/token-schemas.js'
import { recordAuditEvent, type AuditDetails } from '../audit/record-audit-event.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { updateTokenRow } from './update-token-row.js'

/**
 * Disables or enables a scoped token, audited: what a manager's Disable / Enable and the
 * unused-token job both do, inside a token write (tokens/run-token-write.ts) that has named the
 * token's SID, so every instance refuses or serves it from the next request on. False when the
 * token already was in that state (nothing written).
 */
export async function writeTokenState(
  trx: Executor,
  row: TokensTable,
  state: TokenState,
  event: { actor: AuditActor; at: string; ip: string | null; details?: AuditDetails },
): Promise<boolean> {
  if (row.state === state) return false
  await updateTokenRow(trx, row.id, { state }, event.at)
  await recordAuditEvent(trx, {
    accountId: row.account_id,
    actor: event.actor,
    action: state === 'disabled' ? 'token.disable' : 'token.enable',
    tokenId: row.id,
    at: event.at,
    ip: event.ip,
    details: { name: row.name, ...event.details },
  })
  return true
}
