import { describe, expect, it, vi } from 'vitest'
import type { AuditAction } from '../../audit/audit-schemas.js'
import {
  basicAuthorization,
  createTestToken,
  openTestCoresClosedAfterEach,
  provisionTestAccount,
  reportLegacyReadWriteLeaked,
  TEST_USER_PASSWORD,
} from '../test-support/open-test-core.js'

const openCore = openTestCoresClosedAfterEach()

describe('audit trail', () => {
  it('records every management action and every reveal, with who, what, when and where, and never a secret', async () => {
    const test = await openCore()
    const { core, clock } = test
    const account = await provisionTestAccount(core, 'agency')
    const secrets: string[] = [TEST_USER_PASSWORD, test.masterKey]
    const users = await core.users.list(account.admin)
    const login = await core.auth.login(
      users.find((u) => u.id === account.adminUserId)?.email as string,
      TEST_USER_PASSWORD,
      '192.0.2.1',
    )
    secrets.push(login.sessionId, login.session.csrfToken)

    const created = await createTestToken(core, account, { apiVersion: 'v1' })
    secrets.push(created.credentials.authToken)
    await core.tokens.update(account.impl, created.token.id, { name: 'Renamed' })
    secrets.push((await core.tokens.reveal(account.admin, created.token.id)).authToken)
    secrets.push((await core.tokens.duplicate(account.admin, created.token.id)).credentials.authToken)
    secrets.push((await core.tokens.reset(account.admin, created.token.id)).credentials.authToken)
    await core.tokens.upgrade(account.admin, created.token.id, {})
    await core.tokens.disable(account.admin, created.token.id)
    await core.tokens.enable(account.admin, created.token.id)
    await core.legacy.enable(account.admin)
    const legacy = await core.legacy.reveal(account.admin)
    secrets.push(legacy.readWrite.authToken, legacy.readOnly.authToken)
    secrets.push((await core.legacy.reset(account.admin, 'read_write')).credentials.authToken)
    secrets.push((await core.legacy.reset(account.admin, 'read_only')).credentials.authToken)
    await core.legacy.upgrade(account.admin, {})
    clock.advance(1000)
    await core.tokens.remove(account.admin, created.token.id)
    await core.auth.logout(login.sessionId, '192.0.2.9')
    const wrongPassword = 'not-the-password-at-all'
    secrets.push(wrongPassword)
    const email = users.find((u) => u.id === account.adminUserId)?.email as string
    await expect(core.auth.login(email, wrongPassword, '192.0.2.10')).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
    await vi.waitFor(async () => {
      const { items } = await core.audit.list(account.admin, { limit: 200 })
      expect(items.some((event) => event.action === 'session.login_failed')).toBe(true)
    })
    secrets.push(basicAuthorization('TK', created.credentials.authToken).slice('Basic '.length))

    const db = await test.database()
    const stored = {
      audit: (await db.selectFrom('audit_events').selectAll().execute()) as unknown as Record<
        string,
        unknown
      >[],
      tokens: await db.selectFrom('tokens').select(['secret_digest', 'sealed_secret']).execute(),
    }
    for (const row of stored.tokens) secrets.push(row.secret_digest, row.sealed_secret)
    for (const event of stored.audit) {
      for (const [column, value] of Object.entries(event)) {
        for (const secret of secrets) {
          expect(String(value).includes(secret), `${column} of ${String(event.action)}`).toBe(false)
        }
      }
    }

    const expected: AuditAction[] = [
      'session.login',
      'token.create',
      'token.update',
      'token.reveal',
      'token.duplicate',
      'token.reset',
      'token.upgrade',
      'token.disable',
      'token.enable',
      'legacy.enable',
      'legacy.reveal',
      'legacy.reset',
      'legacy.reset',
      'legacy.upgrade',
      'token.delete',
      'session.logout',
      'session.login_failed',
    ]
    expect(stored.audit.map((e) => e.action).sort()).toEqual([...expected].sort())

    const listed = await core.audit.list(account.admin, { limit: 200 })
    const deletion = listed.items.find((e) => e.action === 'token.delete')
    expect(deletion).toMatchObject({
      actor: { type: 'user', userId: account.adminUserId },
      tokenId: created.token.id,
      ip: '203.0.113.7',
      at: clock.now().toISOString(),
    })
    expect(listed.items.find((e) => e.action === 'token.update')?.actor).toEqual({
      type: 'user',
      userId: account.implUserId,
    })
    expect(listed.items.find((e) => e.action === 'session.login')?.ip).toBe('192.0.2.1')
    expect(listed.items.find((e) => e.action === 'session.logout')?.ip).toBe('192.0.2.9')
    expect(listed.items.find((e) => e.action === 'session.login_failed')).toMatchObject({
      actor: { type: 'user', userId: account.adminUserId },
      ip: '192.0.2.10',
    })
  })

  it('pages through events newest first and shows each account only its own', async () => {
    const test = await openCore()
    const account = await provisionTestAccount(test.core, 'brand')
    const other = await provisionTestAccount(test.core, 'brand')
    await createTestToken(test.core, other)
    for (let i = 0; i < 7; i++) {
      test.clock.advance(1000)
      await createTestToken(test.core, account, { name: `t${i}` })
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof test.core.audit.list>> = await test.core.audit.list(
        account.admin,
        {
          limit: 3,
          ...(cursor ? { cursor } : {}),
        },
      )
      seen.push(...page.items.map((e) => String(e.details.name)))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(['t6', 't5', 't4', 't3', 't2', 't1', 't0'])
  })

  it("says what kind of token an event is about whatever its action: a legacy credential's leak is legacy, a scoped token's scoped", async () => {
    const { core } = await openCore()
    const account = await provisionTestAccount(core, 'agency')
    const scoped = await createTestToken(core, account, { name: 'Reports sync' })
    await core.leaks.report([
      {
        token: scoped.credentials.authToken,
        type: 'token_console_auth_token',
        url: 'https://github.com/o/r/blob/abc/config.env',
        source: 'content',
      },
    ])
    await reportLegacyReadWriteLeaked(core, account)
    const gone = await createTestToken(core, account, { name: 'Old feed' })
    await core.tokens.remove(account.admin, gone.token.id)
    const legacy = await core.legacy.get(account.admin)
    if (!legacy.enabled) throw new Error('legacy tokens are enabled above')

    const { items } = await core.audit.list(account.admin, { limit: 200 })
    const targets = items.map((e) => [e.action, e.tokenId, e.tokenKind])
    expect(targets).toContainEqual(['token.leaked', scoped.token.id, 'scoped'])
    expect(targets).toContainEqual(['token.leaked', legacy.readWrite.id, 'legacy'])
    expect(targets).toContainEqual(['legacy.enable', null, null])
    // Deleted, it has no kind any more: the trail names it by the name its events recorded.
    expect(targets).toContainEqual(['token.delete', gone.token.id, null])
  })

  it("never names, nor says the kind of, another account's token an event points at", async () => {
    const test = await openCore()
    const account = await provisionTestAccount(test.core, 'agency')
    const other = await provisionTestAccount(test.core, 'agency')
    await test.core.legacy.enable(other.admin)
    const otherLegacy = await test.core.legacy.get(other.admin)
    if (!otherLegacy.enabled) throw new Error('legacy tokens are enabled above')
    const otherScoped = await createTestToken(test.core, other, { name: 'Not yours' })
    // No action records another account's token: written here as a corrupt or forged row would be.
    const db = await test.database()
    const foreign = [otherScoped.token.id, otherLegacy.readWrite.id]
    await db
      .insertInto('audit_events')
      .values(
        foreign.map((tokenId, i) => ({
          id: `evt_foreign_${i}`,
          account_id: account.accountId,
          actor_type: 'token',
          actor_id: tokenId,
          action: 'token.disable',
          token_id: tokenId,
          at: new Date().toISOString(),
          ip: null,
          details: '{}',
        })),
      )
      .execute()

    const { items } = await test.core.audit.list(account.admin, { limit: 200 })
    const seen = items.filter((e) => e.tokenId !== null && foreign.includes(e.tokenId))
    expect(seen.map((e) => [e.tokenName, e.tokenKind, e.actorName])).toEqual([
      [null, null, null],
      [null, null, null],
    ])
  })
})
