import { describe, expect, it } from 'vitest'
import { API_VERSIONS, type AccountKind } from '../../accounts/account-kinds.js'
import type { LegacyTokensView } from '../../legacy/legacy-schemas.js'
import { allScopes } from '../../scopes/catalog.js'
import { parseScope } from '../../scopes/scope.js'
import { openTestCoresClosedAfterEach, provisionTestAccount } from '../test-support/open-test-core.js'

const openCore = openTestCoresClosedAfterEach()

async function setup(kind: AccountKind = 'agency') {
  const test = await openCore()
  return { ...test, account: await provisionTestAccount(test.core, kind) }
}

function enabled(view: LegacyTokensView) {
  if (!view.enabled) throw new Error('expected legacy tokens to be enabled')
  return view
}

describe('legacy tokens', () => {
  it.each(['brand', 'agency', 'partner'] as const)(
    'enables once, with a Read/Write and a Read-Only credential on the oldest %s version',
    async (kind) => {
      const { core, account, clock } = await setup(kind)
      expect(await core.legacy.get(account.admin)).toEqual({ enabled: false })
      const view = enabled(await core.legacy.enable(account.impl))
      expect(view.apiVersion).toBe(API_VERSIONS[kind][0])
      expect(view.enabledAt).toBe(clock.now().toISOString())
      expect(view.readWrite.kind).toBe('legacy_read_write')
      expect(view.readOnly.kind).toBe('legacy_read_only')
      expect(view.readWrite.accountSid).not.toBe(view.readOnly.accountSid)
      expect((await core.accounts.get(account.admin)).legacyEnabledAt).toBe(view.enabledAt)
      await expect(core.legacy.enable(account.admin)).rejects.toMatchObject({ code: 'LegacyAlreadyEnabled' })
      expect(await core.legacy.get(account.admin)).toEqual(view)
    },
  )

  it('enables only once when two requests race', async () => {
    const { core, account } = await setup()
    const results = await Promise.allSettled([
      core.legacy.enable(account.admin),
      core.legacy.enable(account.impl),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'LegacyAlreadyEnabled' },
    })
  })

  it('grants Read/Write every scope of its version and Read-Only every GET scope, failing every non-GET scope', async () => {
    const { core, account } = await setup('brand')
    enabled(await core.legacy.enable(account.admin))
    const credentials = await core.legacy.reveal(account.admin)
    const readWrite = await core.verification.verify(
      credentials.readWrite.accountSid,
      credentials.readWrite.authToken,
    )
    const readOnly = await core.verification.verify(
      credentials.readOnly.accountSid,
      credentials.readOnly.authToken,
    )
    const catalog = allScopes('brand', 'v12')
    expect(new Set(readWrite?.scopes)).toEqual(new Set(catalog))
    for (const scope of catalog) {
      expect(readOnly?.scopes.has(scope), scope).toBe(parseScope(scope).method === 'GET')
    }
    expect([...catalog].some((scope) => parseScope(scope).method !== 'GET')).toBe(true)
    expect(readOnly?.tokenKind).toBe('legacy_read_only')
  })

  it('resets each credential on its own: the previous auth token fails at once, the other keeps working', async () => {
    const { core, account } = await setup()
    enabled(await core.legacy.enable(account.admin))
    const before = await core.legacy.reveal(account.admin)
    const { credentials, legacy } = await core.legacy.reset(account.admin, 'read_write')
    expect(credentials.accountSid).toBe(before.readWrite.accountSid)
    expect(enabled(legacy).readWrite.accountSid).toBe(before.readWrite.accountSid)
    expect(await core.verification.verify(before.readWrite.accountSid, before.readWrite.authToken)).toBeNull()
    expect(await core.verification.verify(credentials.accountSid, credentials.authToken)).not.toBeNull()
    expect(
      await core.verification.verify(before.readOnly.accountSid, before.readOnly.authToken),
    ).not.toBeNull()

    const readOnlyReset = await core.legacy.reset(account.admin, 'read_only')
    expect(await core.verification.verify(before.readOnly.accountSid, before.readOnly.authToken)).toBeNull()
    expect((await core.legacy.reveal(account.admin)).readOnly).toEqual(readOnlyReset.credentials)
  })

  it('upgrades both credentials together, forward only and only to versions of the account kind', async () => {
    const { core, account } = await setup('partner')
    enabled(await core.legacy.enable(account.admin))
    const credentials = await core.legacy.reveal(account.admin)
    await expect(core.legacy.upgrade(account.admin, { apiVersion: 'v3' })).rejects.toMatchObject({
      code: 'ApiVersionNotForAccount',
    })
    await expect(core.legacy.upgrade(account.admin, { apiVersion: 'v14' })).rejects.toMatchObject({
      code: 'ApiVersionNotNewer',
    })
    const upgraded = enabled(await core.legacy.upgrade(account.admin, { apiVersion: 'v15' }))
    expect([upgraded.apiVersion, upgraded.readWrite.apiVersion, upgraded.readOnly.apiVersion]).toEqual([
      'v15',
      'v15',
      'v15',
    ])
    const verified = await core.verification.verify(
      credentials.readOnly.accountSid,
      credentials.readOnly.authToken,
    )
    expect(verified?.apiVersion).toBe('v15')
    expect(new Set(verified?.scopes)).toEqual(
      new Set(enabled(await core.legacy.get(account.admin)).readOnly.scopes),
    )
    expect(enabled(await core.legacy.upgrade(account.admin, {})).apiVersion).toBe('v16')
    await expect(core.legacy.upgrade(account.admin, {})).rejects.toMatchObject({ code: 'ApiVersionNotNewer' })
    await expect(core.legacy.upgrade(account.admin, { apiVersion: 'v15' })).rejects.toMatchObject({
      code: 'ApiVersionNotNewer',
    })
  })

  it('refuses resets, upgrades and reveals before legacy tokens are enabled', async () => {
    const { core, account } = await setup()
    await expect(core.legacy.reset(account.admin, 'read_only')).rejects.toMatchObject({
      code: 'LegacyNotEnabled',
    })
    await expect(core.legacy.upgrade(account.admin, {})).rejects.toMatchObject({ code: 'LegacyNotEnabled' })
    await expect(core.legacy.reveal(account.admin)).rejects.toMatchObject({ code: 'LegacyNotEnabled' })
  })

  it('keeps each account’s legacy credentials to itself', async () => {
    const { core, account } = await setup()
    const other = await provisionTestAccount(core, 'agency')
    enabled(await core.legacy.enable(other.admin))
    expect(await core.legacy.get(account.admin)).toEqual({ enabled: false })
    await expect(core.legacy.reveal(account.admin)).rejects.toMatchObject({ code: 'LegacyNotEnabled' })
    enabled(await core.legacy.enable(account.admin))
    const mine = await core.legacy.reveal(account.admin)
    const theirs = await core.legacy.reveal(other.admin)
    expect(mine.readWrite.accountSid).not.toBe(theirs.readWrite.accountSid)
    await core.legacy.reset(account.admin, 'read_write')
    expect(
      await core.verification.verify(theirs.readWrite.accountSid, theirs.readWrite.authToken),
    ).not.toBeNull()
  })

  it('refuses an Analyst every legacy action', async () => {
    const { core, account } = await setup()
    enabled(await core.legacy.enable(account.admin))
    for (const call of [
      () => core.legacy.get(account.analyst),
      () => core.legacy.reset(account.analyst, 'read_write'),
      () => core.legacy.upgrade(account.analyst, {}),
      () => core.legacy.reveal(account.analyst),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: 'RoleNotPermitted' })
    }
  })
})
