import { AuditAction, AuditFilter, type AuditActor, type AuditEventView } from '../../audit/audit-schemas.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import { requireTokenManager } from '../access/require-token-manager.js'
import { decodeCursor, encodeCursor } from '../database/keyset-cursor.js'
import { runQuery } from '../database/run-in-transaction.js'
import type { AuditEventsTable, Db } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'

function actorOf(row: AuditEventsTable): AuditActor {
  if (row.actor_type === 'user' && row.actor_id) return { type: 'user', userId: row.actor_id }
  if (row.actor_type === 'token' && row.actor_id) return { type: 'token', tokenId: row.actor_id }
  return { type: 'system' }
}

function viewOf(row: AuditEventsTable): AuditEventView {
  return {
    id: row.id,
    action: AuditAction.parse(row.action),
    actor: actorOf(row),
    tokenId: row.token_id,
    at: row.at,
    ip: row.ip,
    details: JSON.parse(row.details) as AuditEventView['details'],
  }
}

export function auditService(db: Db): TokenConsoleCore['audit'] {
  return {
    async list(context: ActorContext, filterInput) {
      requireTokenManager(context)
      const filter = parseInput(AuditFilter, filterInput)
      const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor)
      const rows = await runQuery(() => {
        let query = db.selectFrom('audit_events').selectAll().where('account_id', '=', context.accountId)
        if (after) {
          query = query.where((eb) =>
            eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
          )
        }
        return query
          .orderBy('at', 'desc')
          .orderBy('id', 'desc')
          .limit(filter.limit + 1)
          .execute()
      })
      const page = rows.slice(0, filter.limit)
      const last = page[page.length - 1]
      return {
        items: page.map(viewOf),
        nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
      }
    },
  }
}
