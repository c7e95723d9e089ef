import { z } from '@hono/zod-openapi'
import { USAGE_RANGES, type ScopeRefusal, type TokenUsage, type UsageCounts } from '@tokens/core'

/**
 * A token's usage in the classic shape of older API versions (see versioned-shapes.ts): today the
 * scope GET /Tokens/{Id}/Usage exists in the latest version of each kind only, so this form is
 * answered once a newer version makes today's latest an older one.
 */
const ClassicUsageCounts = z
  .object({
    Ok: z.number().int(),
    ClientError: z.number().int(),
    Refused: z.number().int(),
    RateLimited: z.number().int(),
    ServerError: z.number().int(),
  })
  .openapi('ClassicUsageCounts')
const ClassicScopeRefusal = z
  .object({ Scope: z.string(), Count: z.number().int(), DateLast: z.iso.datetime() })
  .openapi('ClassicScopeRefusal')
const ClassicRecentClient = z.object({ Value: z.string(), DateLastSeen: z.iso.datetime() })

export const ClassicTokenUsage = z
  .object({
    TokenId: z.string(),
    Range: z.enum(USAGE_RANGES),
    Bucket: z.enum(['Hour', 'Day']),
    DateFrom: z.iso.datetime(),
    DateTo: z.iso.datetime(),
    Totals: ClassicUsageCounts,
    Series: z.array(z.object({ DateStart: z.iso.datetime(), Counts: ClassicUsageCounts })),
    Scopes: z.array(
      z.object({
        Scope: z.string().nullable(),
        Total: z.number().int(),
        Counts: ClassicUsageCounts,
        DateLastCall: z.iso.datetime(),
      }),
    ),
    Refusals: z.array(ClassicScopeRefusal),
    RecentAddresses: z.array(ClassicRecentClient),
    RecentUserAgents: z.array(ClassicRecentClient),
    LastCalls: z.array(z.object({ Scope: z.string(), DateLastCall: z.iso.datetime() })),
    LeastPrivilege: z
      .object({
        Eligible: z.boolean(),
        Days: z.number().int(),
        GrantedCount: z.number().int(),
        UnusedScopes: z.array(z.string()),
        MissingScopes: z.array(ClassicScopeRefusal),
      })
      .nullable(),
  })
  .openapi('ClassicTokenUsage', {
    description: "A token's usage in the classic shape of older API versions.",
  })
type ClassicTokenUsage = z.infer<typeof ClassicTokenUsage>

function classicCounts(counts: UsageCounts): z.infer<typeof ClassicUsageCounts> {
  return {
    Ok: counts.ok,
    ClientError: counts.clientError,
    Refused: counts.refused,
    RateLimited: counts.rateLimited,
    ServerError: counts.serverError,
  }
}

function classicRefusal(refusal: ScopeRefusal): z.infer<typeof ClassicScopeRefusal> {
  return { Scope: refusal.scope, Count: refusal.count, DateLast: refusal.lastAt }
}

export function classicTokenUsage(usage: TokenUsage): ClassicTokenUsage {
  const privilege = usage.leastPrivilege
  return {
    TokenId: usage.tokenId,
    Range: usage.range,
    Bucket: usage.bucket === 'hour' ? 'Hour' : 'Day',
    DateFrom: usage.from,
    DateTo: usage.to,
    Totals: classicCounts(usage.totals),
    Series: usage.series.map((bucket) => ({ DateStart: bucket.start, Counts: classicCounts(bucket.counts) })),
    Scopes: usage.scopes.map((scope) => ({
      Scope: scope.scope,
      Total: scope.total,
      Counts: classicCounts(scope.counts),
      DateLastCall: scope.lastCallAt,
    })),
    Refusals: usage.refusals.map(classicRefusal),
    RecentAddresses: usage.recentAddresses.map((c) => ({ Value: c.value, DateLastSeen: c.lastSeenAt })),
    RecentUserAgents: usage.recentUserAgents.map((c) => ({ Value: c.value, DateLastSeen: c.lastSeenAt })),
    LastCalls: usage.lastCalls.map((call) => ({ Scope: call.scope, DateLastCall: call.lastCallAt })),
    LeastPrivilege: privilege && {
      Eligible: privilege.eligible,
      Days: privilege.days,
      GrantedCount: privilege.grantedCount,
      UnusedScopes: privilege.unusedScopes,
      MissingScopes: privilege.missingScopes.map(classicRefusal),
    },
  }
}
