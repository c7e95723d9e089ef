import { AUDIT_ACTIONS, AuditActorFilter, type AuditAction } from '@tokens/core'
import type { LocationQuery, LocationQueryRaw } from 'vue-router'

/**
 * The audit trail's filters as they live in the URL (?tokenId=&actor=&action=&from=&to=), so a
 * filtered view can be shared. `from` and `to` are calendar days (YYYY-MM-DD) in the user's time zone.
 */
export interface AuditFilterQuery {
  tokenId: string | undefined
  actor: string | undefined
  action: AuditAction | undefined
  from: string | undefined
  to: string | undefined
}

export const NO_AUDIT_FILTER: AuditFilterQuery = {
  tokenId: undefined,
  actor: undefined,
  action: undefined,
  from: undefined,
  to: undefined,
}

const KEYS = ['tokenId', 'actor', 'action', 'from', 'to'] as const
const DAY = /^\d{4}-\d{2}-\d{2}$/
const ID = /^[A-Za-z0-9_-]{1,64}$/

function first(value: LocationQuery[string] | undefined): string | undefined {
  const single = Array.isArray(value) ? value[0] : value
  return typeof single === 'string' && single !== '' ? single : undefined
}

function day(value: string | undefined): string | undefined {
  return value !== undefined && DAY.test(value) && localDayStart(value) !== null ? value : undefined
}

/** Reads the filters from a URL query; values the core would refuse are ignored, not errors. */
export function auditFilterFromQuery(query: LocationQuery): AuditFilterQuery {
  const tokenId = first(query['tokenId'])
  const actor = first(query['actor'])
  const action = first(query['action'])
  return {
    tokenId: tokenId && ID.test(tokenId) ? tokenId : undefined,
    actor: actor && AuditActorFilter.safeParse(actor).success ? actor : undefined,
    action: AUDIT_ACTIONS.find((known) => known === action),
    from: day(first(query['from'])),
    to: day(first(query['to'])),
  }
}

/** The query for a filter, keeping unrelated parameters and dropping empty filters. */
export function queryWithAuditFilter(query: LocationQuery, filter: AuditFilterQuery): LocationQueryRaw {
  const next: LocationQueryRaw = { ...query }
  for (const key of KEYS) {
    delete next[key]
    const value = filter[key]
    if (value !== undefined) next[key] = value
  }
  return next
}

export function isAuditFiltered(filter: AuditFilterQuery): boolean {
  return KEYS.some((key) => filter[key] !== undefined)
}

/** A day's first instant in the browser's time zone, or null for a day that does not exist. */
function localDayStart(value: string, offsetDays = 0): Date | null {
  const [year, month, date] = value.split('-').map(Number) as [number, number, number]
  const start = new Date(year, month - 1, date + offsetDays)
  const real = new Date(year, month - 1, date)
  return real.getFullYear() === year && real.getMonth() === month - 1 && real.getDate() === date
    ? start
    : null
}

/** The range is backwards: the last day comes before the first. */
export function isRangeReversed(filter: Pick<AuditFilterQuery, 'from' | 'to'>): boolean {
  return filter.from !== undefined && filter.to !== undefined && filter.to < filter.from
}

/**
 * The API query for the filters: the days become the instants where the user's days start (`from`)
 * and where the day after `to` starts (`to` is exclusive there), so "to 3 March" includes 3 March.
 */
export function auditRequestOf(filter: AuditFilterQuery): Record<string, string | undefined> {
  const from = filter.from === undefined ? null : localDayStart(filter.from)
  const to = filter.to === undefined ? null : localDayStart(filter.to, 1)
  return {
    tokenId: filter.tokenId,
    actor: filter.actor,
    action: filter.action,
    from: from?.toISOString(),
    to: to?.toISOString(),
  }
}
