import type { AccountKind } from '../../accounts/account-kinds.js'
import { legacyScopes } from '../../legacy/legacy-scopes.js'
import { allScopes } from '../../scopes/catalog.js'
import { TokenKind } from '../../tokens/token-schemas.js'
import { answerFormOf, answerShapeOf, shapeDifference } from '../../usage/answer-shapes.js'
import {
  LEAST_PRIVILEGE_DAYS,
  UpgradePreviewQuery,
  type EndpointShapeChange,
  type UpgradePreview,
} from '../../usage/usage-schemas.js'
import type { Db, TokensTable } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import { resolveUpgradeTarget } from '../tokens/resolve-upgrade-target.js'
import { grantedScopes, legacyAccessOf, loadScopedScopes } from '../tokens/token-records.js'
import { hourBucketDaysBefore } from '../../usage/usage-window.js'

/**
 * What upgrading a token to `apiVersion` (default: the latest) changes for the integration: for
 * each endpoint it called in the last 30 days and still holds, how the answer's shape differs between the two
 * versions' forms; and which endpoints the target adds for it: its catalog's new scopes, to a
 * legacy credential only those its access holds (Read-Only: GET). The target follows the upgrade
 * rule (forward only, own version line), so the preview refuses what the upgrade would refuse.
 */
export async function upgradePreviewOf(
  db: Db,
  kind: AccountKind,
  row: TokensTable,
  query: UpgradePreviewQuery,
  now: Date,
): Promise<UpgradePreview> {
  const { apiVersion } = parseInput(UpgradePreviewQuery, query)
  const access = legacyAccessOf(TokenKind.parse(row.kind))
  const target = resolveUpgradeTarget(kind, row.api_version, apiVersion)
  const since = hourBucketDaysBefore(now, LEAST_PRIVILEGE_DAYS)
  const called = await db
    .selectFrom('token_usage')
    .select('scope')
    .select((eb) => eb.fn.sum<number>('count').as('count'))
    .where('token_id', '=', row.id)
    .where('hour', '>=', since)
    .where('outcome', '!=', 'refused')
    .where('scope', '!=', '')
    .groupBy('scope')
    .execute()
  // Only what it holds now: a request stopped by the rate limit or the API version is counted
  // under its route's scope before the scope check, and a scope removed since is no longer called.
  const stored = access ? [] : ((await loadScopedScopes(db, [row.id])).get(row.id) ?? [])
  const held = new Set(grantedScopes(kind, row, stored))
  const from = answerFormOf(kind, row.api_version)
  const to = answerFormOf(kind, target)
  const endpoints: EndpointShapeChange[] = called
    .filter((entry) => held.has(entry.scope))
    .map((entry) => {
      const shape = answerShapeOf(entry.scope)
      const calls = Number(entry.count)
      if (!shape) {
        return {
          scope: entry.scope,
          calls,
          shape: 'notDescribed' as const,
          envelope: null,
          renamed: [],
          added: [],
          removed: [],
        }
      }
      const difference = shapeDifference(shape, from, to)
      const changed =
        difference.envelope !== null ||
        difference.renamed.length + difference.added.length + difference.removed.length > 0
      return {
        scope: entry.scope,
        calls,
        shape: changed ? ('changed' as const) : ('same' as const),
        ...difference,
      }
    })
    .sort((a, b) => b.calls - a.calls || (a.scope < b.scope ? -1 : 1))
  const reachable = (version: string): readonly string[] =>
    access ? legacyScopes(kind, version, access) : [...allScopes(kind, version)]
  const current = new Set(reachable(row.api_version))
  return {
    tokenId: row.id,
    fromVersion: row.api_version,
    toVersion: target,
    days: LEAST_PRIVILEGE_DAYS,
    endpoints,
    newEndpoints: reachable(target).filter((scope) => !current.has(scope)),
  }
}
