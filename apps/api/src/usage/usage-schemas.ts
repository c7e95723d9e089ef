import {
  AccountUsage,
  EndpointShapeChange,
  LeastPrivilege,
  LegacyUpgradePreview,
  ScopeRefusal,
  ScopeUsage,
  TokenUsage,
  TokenUsageSummary,
  UpgradePreview,
  UpgradePreviewQuery,
  UsageBucket,
  UsageCounts,
  UsageQuery,
} from '@tokens/core'
import { documented } from '../docs/component-schemas.js'

/** The core's usage schemas under the names the OpenAPI document shows. */
export const UsageQueryParams = documented(UsageQuery).openapi('UsageQuery', {
  description:
    '`range`: `24h` and `7d` answer hour buckets, `30d` and `90d` UTC-day buckets, each ending with the current one (default `7d`).',
})
documented(UsageCounts).openapi('UsageCounts', {
  description:
    'Requests by outcome: answered (`ok`, 2xx), `clientError` (4xx), `refused` for a missing scope (403 ScopeMissing, or EndpointNotInVersion for an endpoint the token’s version lacks), `rateLimited` (429), `serverError` (5xx). A refused credential (401) is never counted.',
})
documented(UsageBucket).openapi('UsageBucket')
documented(ScopeUsage).openapi('ScopeUsage', {
  description:
    '`scope` null: requests for paths outside the catalog of the token’s version (seen on /verify).',
})
documented(ScopeRefusal).openapi('ScopeRefusal')
documented(LeastPrivilege).openapi('LeastPrivilege')
documented(TokenUsageSummary).openapi('TokenUsageSummary')
documented(EndpointShapeChange).openapi('EndpointShapeChange')

export const TokenUsageSchema = documented(TokenUsage).openapi('TokenUsage', {
  description:
    'Usage of one token in the range: series by outcome, totals by scope with the last call, refusals by missing scope, the five most recent client addresses and user agents, and (scoped tokens) least privilege over the last 30 days. Counts are written within about a second of the request.',
})
export const AccountUsageSchema = documented(AccountUsage).openapi('AccountUsage', {
  description:
    "The account's totals and series in the range, and every token with traffic in it, busiest first.",
})
export const UpgradePreviewQueryParams = documented(UpgradePreviewQuery).openapi('UpgradePreviewQuery', {
  description: 'The target version; without it, the latest version of the account kind.',
})
export const UpgradePreviewSchema = documented(UpgradePreview).openapi('UpgradePreview', {
  description:
    "What upgrading changes for the integration: for each endpoint the token called in the last 30 days and still holds, how the answer's shape differs between its version and the target (envelope, fields renamed — to one of several names where the item decides which, as the classic `ActorId` becomes `actor.userId` or `actor.tokenId` —, added, removed; `notDescribed` for endpoints only verified for other services), and the endpoints the target version adds (a scoped token may then be granted them, as an upgrade grants no scope; a legacy credential gets those its access holds: Read-Only, the GET endpoints).",
})
export const LegacyUpgradePreviewSchema = documented(LegacyUpgradePreview).openapi('LegacyUpgradePreview', {
  description:
    'What upgrading the legacy tokens changes: both upgrade together, each credential with the endpoints it called.',
})
