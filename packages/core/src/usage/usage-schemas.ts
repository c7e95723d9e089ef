import { z } from 'zod'
import { ApiVersion } from '../accounts/account-kinds.js'
import { TokenKind } from '../tokens/token-schemas.js'

/**
 * What became of one authenticated request (a refused credential, 401, is never recorded):
 * answered (2xx), refused for a missing scope (403 ScopeMissing or EndpointNotInVersion), over the token's rate (429),
 * any other client error (4xx) and server error (5xx).
 */
export const USAGE_OUTCOMES = ['ok', 'clientError', 'refused', 'rateLimited', 'serverError'] as const
export const UsageOutcome = z.enum(USAGE_OUTCOMES)
export type UsageOutcome = z.infer<typeof UsageOutcome>

export const USAGE_RANGES = ['24h', '7d', '30d', '90d'] as const
export const UsageRange = z.enum(USAGE_RANGES)
export type UsageRange = z.infer<typeof UsageRange>

/** GET …/usage?range= (default 7d). */
export const UsageQuery = z.strictObject({ range: UsageRange.default('7d') })
export type UsageQuery = z.input<typeof UsageQuery>

/** Usage is kept this long, then pruned. */
export const USAGE_RETENTION_DAYS = 90
/** Scopes unused this long are offered for removal, on tokens at least this old. */
export const LEAST_PRIVILEGE_DAYS = 30
/** Distinct client addresses and user agents kept per token (the most recent ones). */
export const USAGE_RECENT_CLIENTS = 5

export const UsageCounts = z.object({
  ok: z.number().int(),
  clientError: z.number().int(),
  refused: z.number().int(),
  rateLimited: z.number().int(),
  serverError: z.number().int(),
})
export type UsageCounts = z.infer<typeof UsageCounts>

/** One bucket of the series: an hour (ranges 24h and 7d) or a UTC day (30d and 90d). */
export const UsageBucket = z.object({ start: z.iso.datetime(), counts: UsageCounts })
export type UsageBucket = z.infer<typeof UsageBucket>

/** `scope` null: requests for a path outside the catalog of the token's version (seen on /verify). */
export const ScopeUsage = z.object({
  scope: z.string().nullable(),
  total: z.number().int(),
  counts: UsageCounts,
  lastCallAt: z.iso.datetime(),
})
export type ScopeUsage = z.infer<typeof ScopeUsage>

/** Requests refused because the token lacks this scope. */
export const ScopeRefusal = z.object({ scope: z.string(), count: z.number().int(), lastAt: z.iso.datetime() })
export type ScopeRefusal = z.infer<typeof ScopeRefusal>

export const RecentClient = z.object({ value: z.string(), lastSeenAt: z.iso.datetime() })
export type RecentClient = z.infer<typeof RecentClient>

/**
 * Least privilege for a scoped token (null for legacy credentials, whose access is a whole
 * version). `eligible`: older than 30 days with traffic in them, and usage recorded on the
 * database for all 30 days; only then are `unusedScopes` proposed for removal: scopes held for
 * those 30 days without a call (all of them when it called none: unusedScopesAdviceOf then offers
 * no removal). `missingScopes`: refusals in 30 days for catalog scopes it still lacks.
 */
export const LeastPrivilege = z.object({
  eligible: z.boolean(),
  days: z.number().int(),
  grantedCount: z.number().int(),
  unusedScopes: z.array(z.string()),
  missingScopes: z.array(ScopeRefusal),
})
export type LeastPrivilege = z.infer<typeof LeastPrivilege>

/** The range asked for, its buckets and totals: what token and account usage both answer. */
const UsageOverTime = z.object({
  range: UsageRange,
  bucket: z.enum(['hour', 'day']),
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  totals: UsageCounts,
  series: z.array(UsageBucket),
})
export type UsageOverTime = z.infer<typeof UsageOverTime>

/** GET /api/tokens/:id/usage and the legacy credentials' usage. */
export const TokenUsage = z.object({
  tokenId: z.string(),
  ...UsageOverTime.shape,
  scopes: z.array(ScopeUsage),
  refusals: z.array(ScopeRefusal),
  recentAddresses: z.array(RecentClient),
  recentUserAgents: z.array(RecentClient),
  /**
   * The last answered call (any outcome but a refusal) of every catalog scope called in the 90
   * days kept, whatever the range: what "unused for N days" is counted from.
   */
  lastCalls: z.array(z.object({ scope: z.string(), lastCallAt: z.iso.datetime() })),
  leastPrivilege: LeastPrivilege.nullable(),
})
export type TokenUsage = z.infer<typeof TokenUsage>

export const TokenUsageSummary = z.object({
  tokenId: z.string(),
  kind: TokenKind,
  name: z.string(),
  total: z.number().int(),
  counts: UsageCounts,
  lastCallAt: z.iso.datetime(),
})
export type TokenUsageSummary = z.infer<typeof TokenUsageSummary>

/** GET /api/usage: the account's totals and series, and every token with traffic, busiest first. */
export const AccountUsage = z.object({
  ...UsageOverTime.shape,
  tokens: z.array(TokenUsageSummary),
})
export type AccountUsage = z.infer<typeof AccountUsage>

/** GET /api/tokens/:id/upgrade-preview?apiVersion= (default: the latest version). */
export const UpgradePreviewQuery = z.strictObject({ apiVersion: ApiVersion.optional() })
export type UpgradePreviewQuery = z.infer<typeof UpgradePreviewQuery>

/**
 * How one called endpoint's answer changes. `shape`: `same`, `changed`, or `notDescribed` (an
 * endpoint Token Console only verifies for other services, whose answers it does not know).
 * `envelope`: the answer's wrapping before and after (null: a bare object / no body).
 */
export const EndpointShapeChange = z.object({
  scope: z.string(),
  calls: z.number().int(),
  shape: z.enum(['same', 'changed', 'notDescribed']),
  envelope: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
  /** More than one `to` when the item decides which the field becomes (a user's or a token's id). */
  renamed: z.array(z.object({ from: z.string(), to: z.array(z.string()) })),
  added: z.array(z.string()),
  removed: z.array(z.string()),
})
export type EndpointShapeChange = z.infer<typeof EndpointShapeChange>

export const UpgradePreview = z.object({
  tokenId: z.string(),
  fromVersion: z.string(),
  toVersion: z.string(),
  days: z.number().int(),
  endpoints: z.array(EndpointShapeChange),
  /**
   * Scopes of the target version's catalog that the current version does not have; for a legacy
   * credential only those its access holds (Read-Only: GET), which the upgrade grants it.
   */
  newEndpoints: z.array(z.string()),
})
export type UpgradePreview = z.infer<typeof UpgradePreview>

/** GET /api/legacy-tokens/upgrade-preview: both legacy credentials upgrade together, each has its own calls. */
export const LegacyUpgradePreview = z.object({ readWrite: UpgradePreview, readOnly: UpgradePreview })
export type LegacyUpgradePreview = z.infer<typeof LegacyUpgradePreview>
