import {
  AuditAction,
  AuditFilter,
  auditBoundOf,
  type AuditActor,
  type AuditEventView,
  type AuditTargetKind,
} from '../../audit/audit-schemas.js'
import type { LegacyAccess } from '../../legacy/legacy-scopes.js'
import type { TokenKind } from '../../tokens/token-schemas.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import { legacyAccessOf } from '../tokens/token-records.js'
import { requireTokenManager } from '../access/require-token-manager.js'
import { decodeCursor, encodeCursor, type KeysetPosition } from '../database/keyset-cursor.js'
import { runQuery } from '../database/run-in-transaction.js'
import type { AuditEventsTable, Db } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'

/** Rows read per round trip while exporting: the export holds one batch in memory, never the set. */
const EXPORT_BATCH = 500

type AuditRow = AuditEventsTable & {
  user_name: string | null
  actor_token_name: string | null
  actor_token_kind: string | null
  token_name: string | null
  token_kind: string | null
}

function actorOf(row: AuditEventsTable): AuditActor {
  if (row.actor_type === 'user' && row.actor_id) return { type: 'user', userId: row.actor_id }
  if (row.actor_type === 'token' && row.actor_id) return { type: 'token', tokenId: row.actor_id }
  return { type: 'system' }
}

/** The stored kinds are `scoped`, `legacy_read_write` and `legacy_read_only`; null when the row is gone. */
function targetKindOf(storedKind: string | null): AuditTargetKind | null {
  if (storedKind === null) return null
  return storedKind === 'scoped' ? 'scoped' : 'legacy'
}

/** Which legacy credential a token of this stored kind is; null for a scoped token or a gone row. */
function legacyAccessOfKind(storedKind: string | null): LegacyAccess | null {
  return storedKind === null ? null : (legacyAccessOf(storedKind as TokenKind) ?? null)
}

function viewOf(row: AuditRow): AuditEventView {
  const actor = actorOf(row)
  return {
    id: row.id,
    action: AuditAction.parse(row.action),
    actor,
    tokenId: row.token_id,
    at: row.at,
    ip: row.ip,
    actorName: actor.type === 'user' ? row.user_name : actor.type === 'token' ? row.actor_token_name : null,
    tokenName: row.token_name,
    tokenKind: targetKindOf(row.token_kind),
    details: JSON.parse(row.details) as AuditEventView['details'],
  }
}

export function auditService(db: Db): TokenConsoleCore['audit'] {
  /**
   * One page of the account's events matching the filter, newest first, after `after` in the
   * (at, id) order. Names, and the target's kind, come from the account's own users and tokens only.
   */
  function page(
    context: ActorContext,
    filter: AuditFilter,
    after: KeysetPosition | undefined,
    limit: number,
  ) {
    return runQuery(() => {
      let query = db
        .selectFrom('audit_events as e')
        .leftJoin('users as u', (join) =>
          join
            .onRef('u.id', '=', 'e.actor_id')
            .on('e.actor_type', '=', 'user')
            .on('u.account_id', '=', context.accountId),
        )
        .leftJoin('tokens as a', (join) =>
          join
            .onRef('a.id', '=', 'e.actor_id')
            .on('e.actor_type', '=', 'token')
            .on('a.account_id', '=', context.accountId),
        )
        .leftJoin('tokens as t', (join) =>
          join.onRef('t.id', '=', 'e.token_id').on('t.account_id', '=', context.accountId),
        )
        .selectAll('e')
        .select([
          'u.name as user_name',
          'a.name as actor_token_name',
          'a.kind as actor_token_kind',
          't.name as token_name',
          't.kind as token_kind',
        ])
        .where('e.account_id', '=', context.accountId)
      if (filter.tokenId !== undefined) query = query.where('e.token_id', '=', filter.tokenId)
      if (filter.actor === 'system') query = query.where('e.actor_type', '=', 'system')
      else if (filter.actor !== undefined) query = query.where('e.actor_id', '=', filter.actor)
      if (filter.action !== undefined) query = query.where('e.action', '=', filter.action)
      // The schema has checked both bounds name real instants.
      const from = filter.from === undefined ? null : auditBoundOf(filter.from, 'from')
      const to = filter.to === undefined ? null : auditBoundOf(filter.to, 'to')
      if (from) query = query.where('e.at', '>=', from)
      if (to) query = query.where('e.at', '<', to)
      if (after) {
        query = query.where((eb) =>
          eb.or([eb('e.at', '<', after.at), eb.and([eb('e.at', '=', after.at), eb('e.id', '<', after.id)])]),
        )
      }
      return query
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(limit + 1)
        .execute() as Promise<AuditRow[]>
    })
  }

  return {
    async list(context: ActorContext, filterInput) {
      requireTokenManager(context)
      const filter = parseInput(AuditFilter, filterInput)
      const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor)
      const rows = await page(context, filter, after, filter.limit)
      const served = rows.slice(0, filter.limit)
      const last = served[served.length - 1]
      return {
        items: served.map(viewOf),
        nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.at, id: last.id }) : null,
      }
    },

    async *exportAll(context: ActorContext, filterInput) {
      requireTokenManager(context)
      const filter = parseInput(AuditFilter, filterInput)
      let after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor)
      for (;;) {
        const rows = await page(context, filter, after, EXPORT_BATCH)
        const batch = rows.slice(0, EXPORT_BATCH)
        for (const row of batch) {
          yield {
            ...viewOf(row),
            legacyAccess: {
              actor: legacyAccessOfKind(row.actor_token_kind),
              token: legacyAccessOfKind(row.token_kind),
            },
          }
        }
        const last = batch[batch.length - 1]
        if (rows.length <= EXPORT_BATCH || !last) return
        after = { at: last.at, id: last.id }
      }
    },
  }
}
