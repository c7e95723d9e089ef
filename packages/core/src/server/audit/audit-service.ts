import { expressionBuilder, type Expression, type SqlBool } from 'kysely'
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
import { beforePosition, decodeCursor, encodeCursor, type KeysetPosition } from '../database/keyset-cursor.js'
import { runQuery } from '../database/run-in-transaction.js'
import type { AuditEventTokensTable, AuditEventsTable, Db } from '../database/schema.js'
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

/** The tables a filter condition reads: the event, and its token link when the query walks those. */
interface FilterTables {
  e: AuditEventsTable
  l: AuditEventTokensTable
}

/**
 * The filter's conditions other than the token, on events aliased `e`. Times and ids are compared
 * on `keys`, the columns of the index the query walks (the event's own, or its token link's, which
 * copies them), so the date range seeks in that index and the cursor is checked on its entries.
 */
function conditionsOf(
  filter: AuditFilter,
  after: KeysetPosition | undefined,
  keys: 'e' | 'l',
): Expression<SqlBool>[] {
  const eb = expressionBuilder<FilterTables, 'e' | 'l'>()
  const at = keys === 'e' ? 'e.at' : 'l.at'
  const id = keys === 'e' ? 'e.id' : 'l.event_id'
  const conditions: Expression<SqlBool>[] = []
  if (filter.actor === 'system') conditions.push(eb('e.actor_type', '=', 'system'))
  else if (filter.actor !== undefined) conditions.push(eb('e.actor_id', '=', filter.actor))
  if (filter.action !== undefined) conditions.push(eb('e.action', '=', filter.action))
  // The schema has checked both bounds name real instants.
  const from = filter.from === undefined ? null : auditBoundOf(filter.from, 'from')
  const to = filter.to === undefined ? null : auditBoundOf(filter.to, 'to')
  if (from) conditions.push(eb(at, '>=', from))
  if (to) conditions.push(eb(at, '<', to))
  if (after) conditions.push(beforePosition(eb, { at, id }, after))
  return conditions
}

/**
 * The keys (time, id) of the account's first `limit + 1` events matching the filter after `after`,
 * newest first. Without a token, one walk of the list index or the actor's or action's. By a
 * token, two: the events with the token as their target (audit_events_by_token), and those naming
 * it among several, the legacy pair's enable, upgrade and reveal (audit_event_tokens_by_token).
 * Each walks its index in page order and stops at the page's size, so a page reads about as many
 * rows as it serves however long the trail.
 */
function pageKeys(
  db: Db,
  accountId: string,
  filter: AuditFilter,
  after: KeysetPosition | undefined,
  limit: number,
) {
  let own = db.selectFrom('audit_events as e').select(['e.at', 'e.id']).where('e.account_id', '=', accountId)
  if (filter.tokenId !== undefined) own = own.where('e.token_id', '=', filter.tokenId)
  for (const condition of conditionsOf(filter, after, 'e')) own = own.where(condition)
  const ownKeys = db
    .selectFrom(
      own
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(limit + 1)
        .as('own'),
    )
    .select(['own.at', 'own.id'])
  if (filter.tokenId === undefined) return ownKeys
  let shared = db
    .selectFrom('audit_event_tokens as l')
    .innerJoin('audit_events as e', 'e.id', 'l.event_id')
    .select(['l.at', 'l.event_id as id'])
    .where('l.account_id', '=', accountId)
    .where('l.token_id', '=', filter.tokenId)
  for (const condition of conditionsOf(filter, after, 'l')) shared = shared.where(condition)
  // `union`, not `union all`: an event is in one part only, and would show once even if it were in both.
  return ownKeys.union(
    db
      .selectFrom(
        shared
          .orderBy('l.at', 'desc')
          .orderBy('l.event_id', 'desc')
          .limit(limit + 1)
          .as('shared'),
      )
      .select(['shared.at', 'shared.id']),
  )
}

/**
 * One page (`limit + 1` rows, the last telling whether there is a next) of the account's events
 * matching the filter, newest first, after `after` in the (at, id) order: the rows of the page's
 * keys (pageKeys), ordered by those keys, a few rows however long the trail. Names, and the
 * target's kind, come from the account's own users and tokens only.
 */
export function auditPageQuery(
  db: Db,
  accountId: string,
  filter: AuditFilter,
  after: KeysetPosition | undefined,
  limit: number,
) {
  return (
    db
      .selectFrom(pageKeys(db, accountId, filter, after, limit).as('k'))
      // A cross join: SQLite then reads the keys first and each event by its id, never the account's
      // trail looking for the keys (PostgreSQL plans it as the inner join it is).
      .crossJoin('audit_events as e')
      .leftJoin('users as u', (join) =>
        join
          .onRef('u.id', '=', 'e.actor_id')
          .on('e.actor_type', '=', 'user')
          .on('u.account_id', '=', accountId),
      )
      .leftJoin('tokens as a', (join) =>
        join
          .onRef('a.id', '=', 'e.actor_id')
          .on('e.actor_type', '=', 'token')
          .on('a.account_id', '=', accountId),
      )
      .leftJoin('tokens as t', (join) =>
        join.onRef('t.id', '=', 'e.token_id').on('t.account_id', '=', accountId),
      )
      .selectAll('e')
      .select([
        'u.name as user_name',
        'a.name as actor_token_name',
        'a.kind as actor_token_kind',
        't.name as token_name',
        't.kind as token_kind',
      ])
      .whereRef('e.id', '=', 'k.id')
      .where('e.account_id', '=', accountId)
      .orderBy('k.at', 'desc')
      .orderBy('k.id', 'desc')
      .limit(limit + 1)
  )
}

export function auditService(db: Db): TokenConsoleCore['audit'] {
  function page(
    context: ActorContext,
    filter: AuditFilter,
    after: KeysetPosition | undefined,
    limit: number,
  ) {
    return runQuery(
      () => auditPageQuery(db, context.accountId, filter, after, limit).execute() as Promise<AuditRow[]>,
    )
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
