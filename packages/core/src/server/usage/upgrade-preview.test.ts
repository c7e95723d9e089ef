import { describe, expect, it } from 'vitest'
import { ACCOUNT_KINDS, apiVersionsOf, isLatestApiVersion } from '../../accounts/api-version-lines.js'
import { legacyScopes } from '../../legacy/legacy-scopes.js'
import { allScopes } from '../../scopes/catalog.js'
import {
  createTestToken,
  openTestCoresClosedAfterEach,
  provisionTestAccount,
} from '../test-support/open-test-core.js'

const openCore = openTestCoresClosedAfterEach()

function added(before: Iterable<string>, after: Iterable<string>): string[] {
  const had = new Set(before)
  return [...after].filter((scope) => !had.has(scope))
}

describe('the upgrade preview for every version pair', () => {
  it.each(ACCOUNT_KINDS)(
    '%s: names the endpoints each credential gains (a legacy Read-Only one its new GET scopes only) and a changed answer only towards the latest version',
    async (kind) => {
      const test = await openCore()
      const account = await provisionTestAccount(test.core, kind)
      const versions = apiVersionsOf(kind)
      await test.core.legacy.enable(account.admin)
      const { readOnly } = await test.core.legacy.reveal(account.admin)
      const legacyCredential = await test.core.verification.verify(readOnly.accountSid, readOnly.authToken)
      if (!legacyCredential) throw new Error('the legacy credential does not verify')
      test.core.usage.record(legacyCredential, 'GET /Tokens', 'ok', null, null)
      await test.core.close()
      const reader = await test.openSibling()

      for (const [i, from] of versions.entries()) {
        if (i > 0) await reader.core.legacy.upgrade(account.admin, { apiVersion: from })
        const { token } = await createTestToken(reader.core, account, {
          apiVersion: from,
          scopes: ['GET /Tokens'],
        })
        for (const to of versions.slice(i + 1)) {
          const pair = `${kind} ${from} → ${to}`
          const legacy = await reader.core.usage.legacyUpgradePreview(account.admin, { apiVersion: to })
          expect(legacy.readOnly.newEndpoints, pair).toEqual(
            added(legacyScopes(kind, from, 'read_only'), legacyScopes(kind, to, 'read_only')),
          )
          expect(legacy.readWrite.newEndpoints, pair).toEqual(
            added(legacyScopes(kind, from, 'read_write'), legacyScopes(kind, to, 'read_write')),
          )
          expect(
            legacy.readOnly.endpoints.map((endpoint) => [endpoint.scope, endpoint.shape]),
            pair,
          ).toEqual([['GET /Tokens', isLatestApiVersion(kind, to) ? 'changed' : 'same']])
          const scoped = await reader.core.usage.upgradePreview(account.admin, token.id, { apiVersion: to })
          expect(scoped.newEndpoints, pair).toEqual(added(allScopes(kind, from), allScopes(kind, to)))
        }
      }
    },
  )
})
