import type { AccountKind } from '../../accounts/account-kinds.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import type { LegacyAccess } from '../../legacy/legacy-scopes.js'
import { allScopes } from '../../scopes/catalog.js'
import { TokenKind } from '../../tokens/token-schemas.js'
import {
  LEAST_PRIVILEGE_DAYS,
  UsageOutcome,
  UsageQuery,
  USAGE_RETENTION_DAYS,
  type AccountUsage,
  type LeastPrivilege,
  type ScopeRefusal,
  type ScopeUsage,
  type TokenUsage,
  type UsageCounts,
  type UsageOverTime,
  type UsageRange,
} from '../../usage/usage-schemas.js'
import {
  bucketOfHour,
  emptyUsageCounts,
  hourBucketDaysBefore,
  totalOf,
  usageWindow,
} from '../../usage/usage-window.js'
import { DAY_MS, daysBefore } from '../../time/durations.js'
import type { TokenConsoleCore, VerifiedCredential } from '../core-contract.js'
import { requireTokenManager } from '../access/require-token-manager.js'
import { requireAccount } from '../accounts/account-rows.js'
import { deleteInBatches, PRUNE_BATCH_SIZE } from '../database/delete-in-batches.js'
import { runQuery } from '../database/run-in-transaction.js'
import type { Db, TokenScopesTable, TokensTable } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import type { RecurringJob } from '../scheduler/recurring-job.js'
import { grantedScopes, requireScopedToken } from '../tokens/token-records.js'
import { upgradePreviewOf } from './upgrade-preview.js'
import type { UsageRecorder } from './usage-recorder.js'

/** A scope a scoped token holds and when it was granted (null: before grant times were kept). */
type StoredScope = Pick<TokenScopesTable, 'scope' | 'granted_at'>

export interface UsageDeps {
  db: Db
  now: () => Date
  recorder: UsageRecorder
}

/**
 * Deletes usage older than the retention (90 days) as of `now`, `batchSize` rows per statement
 * (database/delete-in-batches.ts: chosen by primary key in a subselect with LIMIT, the event loop
 * served between batches), so a day's or a backlog's worth never holds SQLite's one writer, or
 * the main thread it runs on, for longer than one batch. Answers the rows deleted.
 */
export async function pruneTokenUsage(
  db: Db,
  now: Date,
  batchSize = PRUNE_BATCH_SIZE,
): Promise<{ usageRows: number; clientRows: number }> {
  const cutoff = daysBefore(now, USAGE_RETENTION_DAYS).toISOString()
  // Usage rows never move to a later hour (the hour is part of their key): no re-check needed.
  const usageRows = await deleteInBatches(batchSize, async () => {
    const result = await db
      .deleteFrom('token_usage')
      .where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('token_id', 'hour', 'scope', 'outcome'),
          'in',
          selectFrom('token_usage')
            .select(['token_id', 'hour', 'scope', 'outcome'])
            .where('hour', '<', cutoff)
            .limit(batchSize)
            .$asTuple('token_id', 'hour', 'scope', 'outcome'),
        ),
      )
      .executeTakeFirst()
    return result.numDeletedRows
  })
  const clientRows = await deleteInBatches(batchSize, async () => {
    const result = await db
      .deleteFrom('token_usage_clients')
      .where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('token_id', 'kind', 'value'),
          'in',
          selectFrom('token_usage_clients')
            .select(['token_id', 'kind', 'value'])
            .where('last_at', '<', cutoff)
            .limit(batchSize)
            .$asTuple('token_id', 'kind', 'value'),
        ),
      )
      // Again on the row deleted: a client seen again since the batch was chosen stays.
      .where('last_at', '<', cutoff)
      .executeTakeFirst()
    return result.numDeletedRows
  })
  return { usageRows, clientRows }
}

export const PRUNE_TOKEN_USAGE_JOB = 'prune-token-usage'

/** Daily: usage is kept 90 days, so a day's delay in pruning changes nothing anyone reads. */
export function pruneTokenUsageJob(deps: { db: Db; now: () => Date }): RecurringJob {
  return {
    name: PRUNE_TOKEN_USAGE_JOB,
    intervalMs: DAY_MS,
    async run() {
      await pruneTokenUsage(deps.db, deps.now())
    },
  }
}

function addCount(counts: UsageCounts, outcome: string, count: number): void {
  const parsed = UsageOutcome.safeParse(outcome)
  if (parsed.success) counts[parsed.data] += count
}

function laterOf(a: string | undefined, b: string): string {
  return a !== undefined && a > b ? a : b
}

/** The range's window with its totals and buckets, from rows of the usage table summed by hour and outcome. */
function overTimeOf(
  range: UsageRange,
  window: ReturnType<typeof usageWindow>,
  rows: readonly { hour: string; outcome: string; count: number | string | bigint }[],
): UsageOverTime {
  const buckets = new Map(window.starts.map((start) => [start, emptyUsageCounts()]))
  const totals = emptyUsageCounts()
  for (const row of rows) {
    const counts = buckets.get(bucketOfHour(row.hour, window.bucket))
    if (!counts) continue
    addCount(counts, row.outcome, Number(row.count))
    addCount(totals, row.outcome, Number(row.count))
  }
  return {
    range,
    bucket: window.bucket,
    from: window.from,
    to: window.to,
    totals,
    series: [...buckets].map(([start, counts]) => ({ start, counts })),
  }
}

/** The usage table's rows of the hours from `from` (an hour, ISO) up to `to`, if given. */
function usageBetween(db: Db, from: string, to?: string) {
  return db
    .selectFrom('token_usage')
    .where('hour', '>=', from)
    .$if(to !== undefined, (query) => query.where('hour', '<', to as string))
}

type UsageRows = ReturnType<typeof usageBetween>

/** Rows summed by hour and outcome: what overTimeOf turns into the window's buckets. */
function sumsByHour(rows: UsageRows) {
  return rows
    .select(['hour', 'outcome'])
    .select((eb) => eb.fn.sum<number>('count').as('count'))
    .groupBy(['hour', 'outcome'])
    .execute()
}

/** Rows summed by scope and outcome, with the latest call of each. */
function sumsByScope(rows: UsageRows) {
  return rows
    .select(['scope', 'outcome'])
    .select((eb) => [eb.fn.sum<number>('count').as('count'), eb.fn.max('last_at').as('last_at')])
    .groupBy(['scope', 'outcome'])
    .execute()
}

export function usageService(deps: UsageDeps): TokenConsoleCore['usage'] {
  const { db, now, recorder } = deps
  // The catalog of the last kind and version recorded: consecutive requests mostly share it, and
  // comparing two short strings costs less than building allScopes' key on every request.
  let lastKind: AccountKind | undefined
  let lastVersion: string | undefined
  let lastCatalog: ReadonlySet<string> = new Set()
  function catalogOf(kind: AccountKind, apiVersion: string): ReadonlySet<string> {
    if (kind !== lastKind || apiVersion !== lastVersion) {
      lastCatalog = allScopes(kind, apiVersion)
      lastKind = kind
      lastVersion = apiVersion
    }
    return lastCatalog
  }

  async function usageOf(
    kind: AccountKind,
    row: TokensTable,
    range: TokenUsage['range'],
    stored: readonly StoredScope[] | null,
  ): Promise<TokenUsage> {
    const at = now()
    const window = usageWindow(range, at)
    const inWindow = usageBetween(db, window.from, window.to).where('token_id', '=', row.id)
    const byHour = await sumsByHour(inWindow)
    const byScope = await sumsByScope(inWindow)
    const lastCalls = await db
      .selectFrom('token_usage')
      .select('scope')
      .select((eb) => eb.fn.max('last_at').as('last_at'))
      .where('token_id', '=', row.id)
      .where('outcome', '!=', 'refused')
      .where('scope', '!=', '')
      .groupBy('scope')
      .orderBy('scope')
      .execute()
    const clients = await db
      .selectFrom('token_usage_clients')
      .select(['kind', 'value', 'last_at'])
      .where('token_id', '=', row.id)
      .orderBy('last_at', 'desc')
      .orderBy('value')
      .execute()

    const scopes = new Map<string, ScopeUsage>()
    const refusals: ScopeRefusal[] = []
    for (const entry of byScope) {
      const count = Number(entry.count)
      const scope = scopes.get(entry.scope) ?? {
        scope: entry.scope === '' ? null : entry.scope,
        total: 0,
        counts: emptyUsageCounts(),
        lastCallAt: entry.last_at,
      }
      addCount(scope.counts, entry.outcome, count)
      scope.total += count
      scope.lastCallAt = laterOf(scope.lastCallAt, entry.last_at)
      scopes.set(entry.scope, scope)
      if (entry.outcome === 'refused' && entry.scope !== '') {
        refusals.push({ scope: entry.scope, count, lastAt: entry.last_at })
      }
    }
    return {
      tokenId: row.id,
      ...overTimeOf(range, window, byHour),
      scopes: [...scopes.values()].sort((a, b) => b.total - a.total || compareNullable(a.scope, b.scope)),
      refusals: refusals.sort((a, b) => b.count - a.count || (a.scope < b.scope ? -1 : 1)),
      recentAddresses: clients
        .filter((client) => client.kind === 'address')
        .map((client) => ({ value: client.value, lastSeenAt: client.last_at })),
      recentUserAgents: clients
        .filter((client) => client.kind === 'user_agent')
        .map((client) => ({ value: client.value, lastSeenAt: client.last_at })),
      lastCalls: lastCalls.map((entry) => ({ scope: entry.scope, lastCallAt: entry.last_at })),
      leastPrivilege: stored === null ? null : await leastPrivilegeOf(kind, row, stored, at),
    }
  }

  // The first hour with usage on this database: usage is recorded from then on (never for the
  // past). Once it lies before a window it always will, so it is read again only until then.
  let recordedSince: string | null = null
  async function recordedThrough(since: string): Promise<boolean> {
    if (recordedSince === null || recordedSince > since) {
      const first = await db
        .selectFrom('token_usage')
        .select((eb) => eb.fn.min('hour').as('hour'))
        .executeTakeFirst()
      recordedSince = first?.hour ?? null
    }
    return recordedSince !== null && recordedSince <= since
  }

  /**
   * Scopes granted at least 30 days ago but not called in those days (only once the token is 30
   * days old and had traffic in them, so a new or idle token is not told to drop everything; a
   * scope granted since has not been unused for 30 days), and catalog scopes it lacks that were
   * refused in those days, with how often. Nothing is proposed until usage has been recorded for
   * all 30 days: on a database upgraded to usage recording a week ago, a scope a monthly job
   * called three weeks ago is not unused.
   */
  async function leastPrivilegeOf(
    kind: AccountKind,
    row: TokensTable,
    stored: readonly StoredScope[],
    at: Date,
  ): Promise<LeastPrivilege> {
    const since = hourBucketDaysBefore(at, LEAST_PRIVILEGE_DAYS)
    const rows = await sumsByScope(usageBetween(db, since).where('token_id', '=', row.id))
    const granted = grantedScopes(
      kind,
      row,
      stored.map(({ scope }) => scope),
    )
    const grantedAt = new Map(stored.map((entry) => [entry.scope, entry.granted_at]))
    const windowStart = daysBefore(at, LEAST_PRIVILEGE_DAYS).toISOString()
    // A grant time not known (none since migration 0020) is never taken as long enough ago.
    const heldThroughWindow = (scope: string) => {
      const granted = grantedAt.get(scope)
      return granted !== null && granted !== undefined && granted <= windowStart
    }
    const held = new Set(granted)
    const catalog = allScopes(kind, row.api_version)
    const used = new Set<string>()
    const missingScopes: ScopeRefusal[] = []
    for (const entry of rows) {
      // A call refused before the scope was granted still shows the integration needs it.
      if (entry.outcome !== 'refused' || held.has(entry.scope)) used.add(entry.scope)
      else if (catalog.has(entry.scope)) {
        missingScopes.push({ scope: entry.scope, count: Number(entry.count), lastAt: entry.last_at })
      }
    }
    const oldEnough = Date.parse(row.created_at) <= Date.parse(windowStart)
    const eligible = oldEnough && rows.length > 0 && (await recordedThrough(since))
    return {
      eligible,
      days: LEAST_PRIVILEGE_DAYS,
      grantedCount: granted.length,
      unusedScopes: eligible ? granted.filter((scope) => !used.has(scope) && heldThroughWindow(scope)) : [],
      missingScopes: missingScopes.sort((a, b) => b.count - a.count || (a.scope < b.scope ? -1 : 1)),
    }
  }

  return {
    record(credential: VerifiedCredential, scope, outcome, address, userAgent) {
      // Only catalog scopes become rows of their own: a /verify caller cannot mint new rows at will.
      const known = catalogOf(credential.accountKind, credential.apiVersion).has(scope) ? scope : ''
      recorder.record(credential.tokenId, credential.accountId, known, outcome, address, userAgent)
    },

    async token(context, id, query) {
      requireTokenManager(context)
      const { range } = parseInput(UsageQuery, query)
      return runQuery(async () => {
        const account = await requireAccount(db, context.accountId)
        const row = await requireScopedToken(db, context.accountId, id)
        const stored = await db
          .selectFrom('token_scopes')
          .select(['scope', 'granted_at'])
          .where('token_id', '=', row.id)
          .execute()
        return usageOf(account.kind, row, range, stored)
      })
    },

    async legacy(context, access, query) {
      requireTokenManager(context)
      const { range } = parseInput(UsageQuery, query)
      return runQuery(async () => {
        const account = await requireAccount(db, context.accountId)
        const row = await requireLegacyRow(db, account, access)
        return usageOf(account.kind, row, range, null)
      })
    },

    async account(context, query) {
      requireTokenManager(context)
      const { range } = parseInput(UsageQuery, query)
      return runQuery(async (): Promise<AccountUsage> => {
        await requireAccount(db, context.accountId)
        const window = usageWindow(range, now())
        // Only the account's existing tokens: rows of deleted tokens (kept until pruned) count nowhere.
        const inWindow = usageBetween(db, window.from, window.to)
          .where('token_usage.account_id', '=', context.accountId)
          .where(
            'token_id',
            'in',
            db.selectFrom('tokens').select('id').where('account_id', '=', context.accountId),
          )
        const byHour = await sumsByHour(inWindow)
        const byToken = await inWindow
          .innerJoin('tokens', 'tokens.id', 'token_usage.token_id')
          .select([
            'tokens.id as id',
            'tokens.kind as kind',
            'tokens.name as name',
            'token_usage.outcome as outcome',
          ])
          .select((eb) => [
            eb.fn.sum<number>('token_usage.count').as('count'),
            eb.fn.max('token_usage.last_at').as('last_at'),
          ])
          .groupBy(['tokens.id', 'tokens.kind', 'tokens.name', 'token_usage.outcome'])
          .execute()
        const tokens = new Map<string, AccountUsage['tokens'][number]>()
        for (const entry of byToken) {
          const summary = tokens.get(entry.id) ?? {
            tokenId: entry.id,
            kind: TokenKind.parse(entry.kind),
            name: entry.name,
            total: 0,
            counts: emptyUsageCounts(),
            lastCallAt: entry.last_at,
          }
          addCount(summary.counts, entry.outcome, Number(entry.count))
          summary.total = totalOf(summary.counts)
          summary.lastCallAt = laterOf(summary.lastCallAt, entry.last_at)
          tokens.set(entry.id, summary)
        }
        return {
          ...overTimeOf(range, window, byHour),
          tokens: [...tokens.values()].sort((a, b) => b.total - a.total || (a.tokenId < b.tokenId ? -1 : 1)),
        }
      })
    },

    async upgradePreview(context, id, query) {
      requireTokenManager(context)
      return runQuery(async () => {
        const account = await requireAccount(db, context.accountId)
        const row = await requireScopedToken(db, context.accountId, id)
        return upgradePreviewOf(db, account.kind, row, query, now())
      })
    },

    async legacyUpgradePreview(context, query) {
      requireTokenManager(context)
      return runQuery(async () => {
        const account = await requireAccount(db, context.accountId)
        const at = now()
        return {
          readWrite: await upgradePreviewOf(
            db,
            account.kind,
            await requireLegacyRow(db, account, 'read_write'),
            query,
            at,
          ),
          readOnly: await upgradePreviewOf(
            db,
            account.kind,
            await requireLegacyRow(db, account, 'read_only'),
            query,
            at,
          ),
        }
      })
    },

    prune() {
      return runQuery(() => pruneTokenUsage(db, now()))
    },
  }
}

function compareNullable(a: string | null, b: string | null): number {
  return (a ?? '\uffff') < (b ?? '\uffff') ? -1 : 1
}

async function requireLegacyRow(
  db: Db,
  account: { id: string; legacyEnabledAt: string | null },
  access: LegacyAccess,
): Promise<TokensTable> {
  const row =
    account.legacyEnabledAt === null
      ? undefined
      : await db
          .selectFrom('tokens')
          .selectAll()
          .where('account_id', '=', account.id)
          .where('kind', '=', access === 'read_write' ? 'legacy_read_write' : 'legacy_read_only')
          .executeTakeFirst()
  if (!row) throw new TokenConsoleError('LegacyNotEnabled')
  return row
}
