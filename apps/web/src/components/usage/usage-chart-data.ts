import {
  totalOf,
  USAGE_OUTCOMES,
  wholeDaysSince,
  type TokenUsage,
  type UsageBucket,
  type UsageOutcome,
} from '@tokens/core'

/** The stack's order, bottom first: answered requests carry the chart, failures sit on top. */
export const STACK_ORDER: readonly UsageOutcome[] = USAGE_OUTCOMES

export interface StackLayer {
  outcome: UsageOutcome
  /** The layer's own count per bucket. */
  counts: number[]
  /** The top of the layer per bucket: its count plus every layer below it. */
  tops: number[]
}

export interface StackedSeries {
  /** Each bucket's start in seconds since the epoch (the chart's x values). */
  x: number[]
  /** Bottom layer first; draw them top first so each lower layer paints over the one above. */
  layers: StackLayer[]
}

/** The usage series as stacked layers by outcome, one value per bucket. */
export function stackedSeriesOf(series: readonly UsageBucket[]): StackedSeries {
  const x = series.map((bucket) => Date.parse(bucket.start) / 1000)
  const below = series.map(() => 0)
  const layers = STACK_ORDER.map((outcome) => {
    const counts = series.map((bucket) => bucket.counts[outcome])
    const tops = counts.map((count, i) => (below[i] = (below[i] ?? 0) + count))
    return { outcome, counts, tops }
  })
  return { x, layers }
}

/** Outcomes that happened in the range (the legend and the table leave out the others). */
export function outcomesSeen(usage: Pick<TokenUsage, 'totals'>): UsageOutcome[] {
  return STACK_ORDER.filter((outcome) => outcome === 'ok' || usage.totals[outcome] > 0)
}

export function hasRequests(usage: Pick<TokenUsage, 'totals'>): boolean {
  return totalOf(usage.totals) > 0
}

export interface ScopeRow {
  /** null: paths outside the catalog of the token's version. */
  scope: string | null
  /** Requests in the range. */
  requests: number
  /** The last call in the range, else the last answered one in the days kept; null: none. */
  lastCallAt: string | null
  /**
   * Whole days since the last answered call in the days kept (0 today), whatever the range: refused
   * calls do not count as use. null: no answered call in the days kept.
   */
  idleDays: number | null
  granted: boolean
}

/**
 * One row per scope the token holds or called in the range: requests, last call and how long it
 * has been unused. Granted scopes it did not call in the range come last, so they are easy to see.
 */
export function scopeRowsOf(
  usage: Pick<TokenUsage, 'scopes' | 'lastCalls'>,
  granted: readonly string[],
  now: Date,
): ScopeRow[] {
  const grantedSet = new Set(granted)
  const lastAnswered = new Map(usage.lastCalls.map((call) => [call.scope, call.lastCallAt]))
  const idleDaysOf = (scope: string | null): number | null => {
    const at = scope === null ? undefined : lastAnswered.get(scope)
    return at === undefined ? null : wholeDaysSince(at, now)
  }
  const called: ScopeRow[] = [...usage.scopes]
    .sort((a, b) => b.total - a.total)
    .map((scope) => ({
      scope: scope.scope,
      requests: scope.total,
      lastCallAt: scope.lastCallAt,
      // Paths outside the catalog have no per-scope history; their last call in the range is it.
      idleDays: scope.scope === null ? wholeDaysSince(scope.lastCallAt, now) : idleDaysOf(scope.scope),
      granted: scope.scope !== null && grantedSet.has(scope.scope),
    }))
  const calledScopes = new Set(usage.scopes.map((scope) => scope.scope))
  const idle: ScopeRow[] = granted
    .filter((scope) => !calledScopes.has(scope))
    .map((scope) => ({
      scope,
      requests: 0,
      lastCallAt: lastAnswered.get(scope) ?? null,
      idleDays: idleDaysOf(scope),
      granted: true,
    }))
  return [...called, ...idle]
}
