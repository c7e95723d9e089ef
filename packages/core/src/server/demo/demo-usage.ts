import type { AccountKind } from '../../accounts/account-kinds.js'
import { allScopes } from '../../scopes/catalog.js'
import { USAGE_RETENTION_DAYS } from '../../usage/usage-schemas.js'
import type { Executor, TokenUsageClientsTable, TokenUsageTable } from '../database/schema.js'
import { DAY_MS, daysBefore, HOUR_MS } from '../../time/durations.js'

/** Hour rows this far back (the hour-bucket ranges, 24h and 7d); older traffic as one row per day. */
const HOURLY_DAYS = 8
const ROWS_PER_STATEMENT = 400

/** How a demo integration calls the platform API, for usage that tells a true story. */
export interface DemoUsage {
  /** Requests per hour at the busiest time of day to its first scope (the next ones get 1/2, 1/3, …); per run when it runs on a schedule. */
  callsPerHour: number
  /** How many of its scopes, in catalog order, it calls, or which ones, busiest first; the rest stay unused. */
  usedScopes: number | readonly string[]
  /** A scheduled job (a nightly export, a bot): one run every this many hours, counted back from its last use. */
  everyHours?: number
  /** Scopes it lacks and calls anyway, refused (403) about this many times a day. */
  refused?: ReadonlyArray<{ scope: string; perDay: number }>
  /** Share of requests over its rate limit (429). */
  rateLimitedShare?: number
  addresses: readonly string[]
  userAgents: readonly string[]
}

export interface DemoUsageToken {
  id: string
  accountId: string
  kind: AccountKind
  apiVersion: string
  scopes: readonly string[]
  createdAt: string
  lastUsedAt: string
  usage: DemoUsage
}

/** A fixed pseudo-random fraction in [0, 1) for an hour and a stream, so seeded data is the same every time. */
function noise(hourIndex: number, stream: number): number {
  const x = Math.sin(hourIndex * 12.9898 + stream * 78.233) * 43_758.5453
  return x - Math.floor(x)
}

/** Quiet nights, busy working hours (UTC). */
function dayShape(hourOfDay: number): number {
  return 0.25 + 0.75 * Math.max(0, Math.sin(((hourOfDay - 6) / 16) * Math.PI))
}

/**
 * The usage rows of one demo token from its creation (at most the 90 days kept) to its last use:
 * hour rows for the last days, one row per day before; its refusals; its recent clients.
 */
export function demoUsageRows(
  token: DemoUsageToken,
  now: Date,
): { usage: TokenUsageTable[]; clients: TokenUsageClientsTable[] } {
  const { usage: plan } = token
  const catalog = allScopes(token.kind, token.apiVersion)
  const used =
    typeof plan.usedScopes === 'number'
      ? token.scopes.slice(0, plan.usedScopes)
      : plan.usedScopes.filter((scope) => token.scopes.includes(scope))
  const refused = (plan.refused ?? []).filter(
    (refusal) => catalog.has(refusal.scope) && !token.scopes.includes(refusal.scope),
  )
  const lastMs = Date.parse(token.lastUsedAt)
  const lastHourMs = lastMs - (lastMs % HOUR_MS)
  const createdMs = Date.parse(token.createdAt)
  // The first hour pruning keeps (it deletes the hours before now − 90 days).
  const keptFromMs = Math.ceil(daysBefore(now, USAGE_RETENTION_DAYS).getTime() / HOUR_MS) * HOUR_MS
  const fromMs = Math.max(createdMs, keptFromMs)
  const startMs = fromMs - (fromMs % HOUR_MS)
  if (lastHourMs < startMs) return { usage: [], clients: [] }
  const hourlyFromMs = daysBefore(now, HOURLY_DAYS).getTime()
  const runsEveryMs = plan.everyHours === undefined ? null : plan.everyHours * HOUR_MS
  const rows = new Map<string, TokenUsageTable>()
  const add = (hourMs: number, scope: string, outcome: string, count: number) => {
    if (count <= 0) return
    const noonMs = hourMs - (hourMs % DAY_MS) + 12 * HOUR_MS
    // A day row sits at noon, but never before the first kept hour nor after the last use's hour,
    // and the last use keeps its own hour: the latest row is always the hour of the last use.
    const hourOfRow =
      hourMs >= hourlyFromMs || hourMs === lastHourMs
        ? hourMs
        : Math.min(Math.max(noonMs, startMs), lastHourMs)
    const hour = new Date(hourOfRow).toISOString()
    const at = new Date(hourMs === lastHourMs ? lastMs : hourMs + 59 * 60_000).toISOString()
    const key = `${hour} ${scope} ${outcome}`
    const row = rows.get(key)
    if (row) {
      row.count += count
      if (at > row.last_at) row.last_at = at
    } else {
      rows.set(key, {
        token_id: token.id,
        account_id: token.accountId,
        hour,
        scope,
        outcome,
        count,
        last_at: at,
      })
    }
  }
  for (let hourMs = startMs; hourMs <= lastMs; hourMs += HOUR_MS) {
    const index = hourMs / HOUR_MS
    // A scheduled job runs in its hours only, whatever the time of day.
    const runs = runsEveryMs === null || (lastHourMs - hourMs) % runsEveryMs === 0
    if (!runs) continue
    const shape = runsEveryMs === null ? dayShape(new Date(hourMs).getUTCHours()) : 1
    used.forEach((scope, k) => {
      const planned = Math.round(((plan.callsPerHour * shape) / (k + 1)) * (0.6 + 0.8 * noise(index, k)))
      // The last use is a call: its hour has one at least.
      const calls = hourMs === lastHourMs && k === 0 ? Math.max(1, planned) : planned
      const limited = Math.round(calls * (plan.rateLimitedShare ?? 0) * noise(index, k + 50))
      const failed = noise(index, k + 100) > 0.85 ? Math.max(1, Math.round(calls / 50)) : 0
      add(hourMs, scope, 'ok', calls - limited - failed)
      add(hourMs, scope, 'rateLimited', limited)
      add(hourMs, scope, 'clientError', Math.min(failed, calls - limited))
    })
    for (const [k, refusal] of refused.entries()) {
      // Spread over the day: a refusal lands in this hour with the matching chance.
      const hoursPerRun = (runsEveryMs ?? HOUR_MS) / HOUR_MS
      if (noise(index, k + 200) < (refusal.perDay * hoursPerRun) / 24)
        add(hourMs, refusal.scope, 'refused', 1)
    }
  }
  const clients: TokenUsageClientsTable[] = [
    ...plan.addresses.map((value, i) => ({ value, i, kind: 'address' })),
    ...plan.userAgents.map((value, i) => ({ value, i, kind: 'user_agent' })),
  ].map(({ value, i, kind }) => ({
    token_id: token.id,
    kind,
    value,
    // The first one is the latest; the others were seen a few hours or days before.
    last_at: new Date(Math.max(fromMs, lastMs - i * 7 * HOUR_MS)).toISOString(),
  }))
  return { usage: [...rows.values()], clients }
}

export async function insertDemoUsage(
  executor: Executor,
  tokens: DemoUsageToken[],
  now: Date,
): Promise<void> {
  const usage: TokenUsageTable[] = []
  const clients: TokenUsageClientsTable[] = []
  for (const token of tokens) {
    const rows = demoUsageRows(token, now)
    usage.push(...rows.usage)
    clients.push(...rows.clients)
  }
  for (let i = 0; i < usage.length; i += ROWS_PER_STATEMENT) {
    await executor
      .insertInto('token_usage')
      .values(usage.slice(i, i + ROWS_PER_STATEMENT))
      .execute()
  }
  for (let i = 0; i < clients.length; i += ROWS_PER_STATEMENT) {
    await executor
      .insertInto('token_usage_clients')
      .values(clients.slice(i, i + ROWS_PER_STATEMENT))
      .execute()
  }
}
