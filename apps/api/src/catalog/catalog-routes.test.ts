import type { ScopeCatalog, UserSummary } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite } from '../test-support/suite-fixture.js'

describe('catalog, users and audit events', () => {
  const f = apiFixtureForSuite()

  it("answers the scope catalog of the caller's account kind, latest version by default", async () => {
    const session = await f.signIn(f.a.impl)
    const latest = await bodyOf<ScopeCatalog>(await f.call('GET', '/api/catalog', { session }))
    expect(latest).toMatchObject({
      kind: 'brand',
      versions: ['v12', 'v13', 'v14'],
      latest: 'v14',
      apiVersion: 'v14',
    })
    expect(latest.categories.map((c) => c.id)).toEqual(
      expect.arrayContaining(['account', 'api-tokens', 'audit-events']),
    )
    const older = await bodyOf<ScopeCatalog>(await f.call('GET', '/api/catalog?apiVersion=v12', { session }))
    expect(older.apiVersion).toBe('v12')
    const agency = await bodyOf<ScopeCatalog>(
      await f.call('GET', '/api/catalog', { session: await f.signIn(f.b.admin) }),
    )
    expect(agency).toMatchObject({ kind: 'agency', latest: 'v3' })
  })

  it('refuses an API version of another account kind or a malformed one with 400', async () => {
    const session = await f.signIn(f.a.admin)
    const foreign = await f.call('GET', '/api/catalog?apiVersion=v3', { session })
    expect(foreign.status).toBe(400)
    expect(await bodyOf(foreign)).toMatchObject({
      code: 'ApiVersionNotForAccount',
      params: { apiVersion: 'v3' },
    })
    expect((await f.call('GET', '/api/catalog?apiVersion=fourteen', { session })).status).toBe(400)
  })

  it("lists the users of the caller's account only, without roles", async () => {
    const res = await f.call('GET', '/api/users', { session: await f.signIn(f.a.admin) })
    const { items } = await bodyOf<{ items: (UserSummary & { role?: string })[] }>(res)
    expect(items.map((u) => u.id).sort()).toEqual([f.a.admin.id, f.a.impl.id, f.a.analyst.id].sort())
    expect(items.every((u) => u.role === undefined)).toBe(true)
  })

  it('pages the audit trail newest first and refuses a bad limit', async () => {
    const session = await f.signIn(f.a.admin)
    await f.createToken(f.a)
    const first = await bodyOf<{ items: { action: string }[]; nextCursor: string | null }>(
      await f.call('GET', '/api/audit-events?limit=1', { session }),
    )
    expect(first.items).toHaveLength(1)
    expect(first.nextCursor).not.toBeNull()
    expect((await f.call('GET', '/api/audit-events?limit=1000', { session })).status).toBe(400)
  })
})
