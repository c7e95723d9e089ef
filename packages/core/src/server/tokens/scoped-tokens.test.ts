import { describe, expect, it } from 'vitest'
import { isWellFormedAuthToken } from '../../credentials/credential-format.js'
import { TokenConsoleError, type ErrorCode } from '../../errors/error-codes.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import {
  basicAuthorization,
  createTestToken,
  openTestCoresClosedAfterEach,
  provisionTestAccount,
  tokenActorFor,
} from '../test-support/open-test-core.js'

const openCore = openTestCoresClosedAfterEach()
async function setup(kind: 'brand' | 'agency' | 'partner' = 'brand') {
  const test = await openCore()
  const account = await provisionTestAccount(test.core, kind)
  return { ...test, account }
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode) {
  await expect(promise).rejects.toBeInstanceOf(TokenConsoleError)
  await promise.catch((error: TokenConsoleError) => expect(error.code).toBe(code))
}

function verify(core: TokenConsoleCore, credentials: { accountSid: string; authToken: string }) {
  return core.verification.verify(credentials.accountSid, credentials.authToken)
}

describe('creating scoped tokens', () => {
  it('creates an enabled token on the latest version with the default rate limit and well-formed credentials', async () => {
    const { core, account } = await setup('partner')
    const { token, credentials } = await createTestToken(core, account, {
      name: '  Nightly export  ',
      description: 'Pulls reports',
      developerEmails: ['Dev@Example.test', 'dev@example.test', 'ops@example.test'],
    })
    expect(token).toMatchObject({
      kind: 'scoped',
      name: 'Nightly export',
      description: 'Pulls reports',
      apiVersion: 'v16',
      state: 'enabled',
      rateLimitPerHour: 1000,
      primaryContactUserId: account.adminUserId,
      developerEmails: ['dev@example.test', 'ops@example.test'],
      accountSid: credentials.accountSid,
      lastUsedAt: null,
    })
    expect(isWellFormedAuthToken(credentials.authToken)).toBe(true)
    expect(JSON.stringify(token)).not.toContain(credentials.authToken)
  })

  it('stores scopes de-duplicated in catalog order', async () => {
    const { core, account } = await setup()
    const { token } = await createTestToken(core, account, {
      scopes: ['GET /Reports', 'GET /Account', 'GET /Reports'],
    })
    expect(token.scopes).toEqual(['GET /Account', 'GET /Reports'])
  })

  it('refuses a scope that is not in the catalog of the chosen version', async () => {
    const { core, account } = await setup()
    // /Reports/{Id}/Export appears from the second brand version on.
    await expectCode(
      createTestToken(core, account, { apiVersion: 'v12', scopes: ['POST /Reports/{Id}/Export'] }),
      'ScopeUnknown',
    )
    await expectCode(createTestToken(core, account, { scopes: ['GET /Nope'] }), 'ScopeUnknown')
    const { token } = await createTestToken(core, account, {
      apiVersion: 'v13',
      scopes: ['POST /Reports/{Id}/Export'],
    })
    expect(token.apiVersion).toBe('v13')
  })

  it('requires at least one scope, a name, and a version of the account kind', async () => {
    const { core, account } = await setup()
    await expectCode(createTestToken(core, account, { scopes: [] }), 'ValidationFailed')
    await expectCode(createTestToken(core, account, { name: '   ' }), 'ValidationFailed')
    await expectCode(createTestToken(core, account, { apiVersion: 'v3' }), 'ApiVersionNotForAccount')
  })

  it('requires the primary contact to be a user of the same account', async () => {
    const { core, account } = await setup()
    const other = await provisionTestAccount(core, 'brand')
    await expectCode(
      createTestToken(core, account, { primaryContactUserId: other.adminUserId }),
      'PrimaryContactNotFound',
    )
    await expectCode(
      createTestToken(core, account, { primaryContactUserId: 'usr_missing' }),
      'PrimaryContactNotFound',
    )
    const { token } = await createTestToken(core, account, { primaryContactUserId: account.analystUserId })
    expect(token.primaryContactUserId).toBe(account.analystUserId)
  })

  it('stores the auth token only as a keyed digest and a sealed value', async () => {
    const { core, account, database } = await setup()
    const { token, credentials } = await createTestToken(core, account)
    const row = await (
      await database()
    )
      .selectFrom('tokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain(credentials.authToken)
    expect(row.sealed_secret).toMatch(/^v1\./)
    expect(row.secret_digest).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })
})

describe('changing scoped tokens', () => {
  it('refuses the previous auth token right after a reset and accepts the new one', async () => {
    const { core, account } = await setup()
    const { token, credentials } = await createTestToken(core, account)
    expect(await verify(core, credentials)).not.toBeNull()
    const reset = await core.tokens.reset(account.admin, token.id)
    expect(reset.credentials.accountSid).toBe(credentials.accountSid)
    expect(reset.credentials.authToken).not.toBe(credentials.authToken)
    expect(await verify(core, credentials)).toBeNull()
    expect(await verify(core, reset.credentials)).not.toBeNull()
    expect((await core.tokens.reveal(account.admin, token.id)).authToken).toBe(reset.credentials.authToken)
  })

  it('refuses a disabled token until it is enabled again', async () => {
    const { core, account } = await setup()
    const { token, credentials } = await createTestToken(core, account)
    expect(await verify(core, credentials)).not.toBeNull()
    expect((await core.tokens.disable(account.admin, token.id)).state).toBe('disabled')
    expect(await verify(core, credentials)).toBeNull()
    expect(
      await core.verification.verifyAuthorization(
        basicAuthorization(credentials.accountSid, credentials.authToken),
      ),
    ).toBeNull()
    expect((await core.tokens.enable(account.admin, token.id)).state).toBe('enabled')
    expect(await verify(core, credentials)).not.toBeNull()
  })

  it('refuses a deleted token and forgets it completely', async () => {
    const { core, account, database } = await setup()
    const { token, credentials } = await createTestToken(core, account, {
      developerEmails: ['a@example.test'],
    })
    expect(await verify(core, credentials)).not.toBeNull()
    await core.tokens.remove(account.admin, token.id)
    expect(await verify(core, credentials)).toBeNull()
    await expectCode(core.tokens.get(account.admin, token.id), 'TokenNotFound')
    const db = await database()
    const leftovers = [
      await db
        .selectFrom('tokens')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', '=', token.id)
        .executeTakeFirstOrThrow(),
      await db
        .selectFrom('token_scopes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('token_id', '=', token.id)
        .executeTakeFirstOrThrow(),
      await db
        .selectFrom('token_developer_emails')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('token_id', '=', token.id)
        .executeTakeFirstOrThrow(),
    ]
    expect(leftovers).toEqual([{ n: 0 }, { n: 0 }, { n: 0 }])
  })

  it('duplicates scopes, settings and a disabled state under new credentials, never the secret', async () => {
    const { core, account } = await setup()
    const source = await createTestToken(core, account, {
      name: 'Order sync',
      description: 'Sends orders',
      apiVersion: 'v13',
      primaryContactUserId: account.implUserId,
      developerEmails: ['dev@example.test'],
      scopes: ['GET /Reports', 'POST /Conversions', 'GET /Account'],
      rateLimitPerHour: 5000,
    })
    await core.tokens.disable(account.admin, source.token.id)
    const copy = await core.tokens.duplicate(account.admin, source.token.id)
    expect(copy.token).toMatchObject({
      description: 'Sends orders',
      apiVersion: 'v13',
      primaryContactUserId: account.implUserId,
      developerEmails: ['dev@example.test'],
      scopes: source.token.scopes,
      rateLimitPerHour: 5000,
      state: 'disabled',
    })
    expect(copy.token.name).toBe('Order sync (2)')
    expect(copy.token.id).not.toBe(source.token.id)
    expect(copy.credentials.accountSid).not.toBe(source.credentials.accountSid)
    expect(copy.credentials.authToken).not.toBe(source.credentials.authToken)
    expect(await verify(core, copy.credentials)).toBeNull()
    const again = await core.tokens.duplicate(account.admin, copy.token.id, { enabled: true })
    expect(again.token.name).toBe('Order sync (3)')
    expect(again.token.state).toBe('enabled')
    expect(await verify(core, again.credentials)).not.toBeNull()
    expect(
      await core.verification.verify(again.credentials.accountSid, source.credentials.authToken),
    ).toBeNull()
    // The trail says what each copy was granted, as for a create: the source may change or go later.
    const duplicates = (await core.audit.list(account.admin, { limit: 50 })).items
      .filter((event) => event.action === 'token.duplicate')
      .map((event) => event.details)
      .sort((a, b) => String(a['name']).localeCompare(String(b['name'])))
    const access = {
      apiVersion: 'v13',
      scopeCount: 3,
      scopes: expect.arrayContaining(source.token.scopes),
      rateLimitPerHour: 5000,
      expiresAt: null,
    }
    expect(duplicates).toEqual([
      { name: 'Order sync (2)', sourceTokenId: source.token.id, ...access, state: 'disabled' },
      { name: 'Order sync (3)', sourceTokenId: copy.token.id, ...access, state: 'enabled' },
    ])
  })

  it('keeps the source state on a duplicate unless told otherwise, and refuses an unknown choice', async () => {
    const { core, account } = await setup()
    const { token } = await createTestToken(core, account, { scopes: ['GET /Reports'] })
    const enabledCopy = await core.tokens.duplicate(account.admin, token.id)
    expect(enabledCopy.token.state).toBe('enabled')
    const disabledCopy = await core.tokens.duplicate(account.admin, token.id, { enabled: false })
    expect(disabledCopy.token.state).toBe('disabled')
    expect(await verify(core, disabledCopy.credentials)).toBeNull()
    await expect(
      core.tokens.duplicate(account.admin, token.id, { enabled: 'yes' } as never),
    ).rejects.toMatchObject({ code: 'ValidationFailed' })
    await expect(
      core.tokens.duplicate(account.admin, token.id, { state: 'enabled' } as never),
    ).rejects.toMatchObject({ code: 'ValidationFailed' })
  })

  it('updates name, description, contact, e-mails, scopes and rate limit, and the next verification sees the new scopes', async () => {
    const { core, account } = await setup()
    const { token, credentials } = await createTestToken(core, account, { scopes: ['GET /Reports'] })
    expect((await verify(core, credentials))?.scopes.has('GET /Reports')).toBe(true)
    const changes = {
      name: 'Renamed',
      description: 'New text',
      primaryContactUserId: account.implUserId,
      developerEmails: ['x@example.test'],
      scopes: ['GET /Clicks'],
      rateLimitPerHour: 42,
    }
    expect(await core.tokens.update(account.impl, token.id, changes)).toMatchObject(changes)
    const verified = await verify(core, credentials)
    expect([...(verified?.scopes ?? [])]).toEqual(['GET /Clicks'])
    expect(verified?.rateLimitPerHour).toBe(42)
    await expectCode(
      core.tokens.update(account.admin, token.id, { primaryContactUserId: 'usr_nope' }),
      'PrimaryContactNotFound',
    )
    await expectCode(core.tokens.update(account.admin, token.id, { scopes: ['GET /Nope'] }), 'ScopeUnknown')
    await expectCode(core.tokens.update(account.admin, token.id, { rateLimitPerHour: 0 }), 'ValidationFailed')
  })

  it('lets an update move the version forward only, checking scopes against the target version', async () => {
    const { core, account } = await setup()
    const { token } = await createTestToken(core, account, { apiVersion: 'v12' })
    await expectCode(
      core.tokens.update(account.admin, token.id, { apiVersion: 'v16' }),
      'ApiVersionNotForAccount',
    )
    const moved = await core.tokens.update(account.admin, token.id, {
      apiVersion: 'v13',
      scopes: ['POST /Reports/{Id}/Export'],
    })
    expect(moved.apiVersion).toBe('v13')
    expect((await core.tokens.update(account.admin, token.id, { apiVersion: 'v13' })).apiVersion).toBe('v13')
    await expectCode(core.tokens.update(account.admin, token.id, { apiVersion: 'v12' }), 'ApiVersionNotNewer')
  })
})

describe('upgrading scoped tokens', () => {
  it('upgrades to the latest by default, keeps the scopes, and refuses the same or an older version', async () => {
    const { core, account, database } = await setup('agency')
    const { token, credentials } = await createTestToken(core, account, {
      apiVersion: 'v1',
      scopes: ['GET /Reports'],
    })
    expect((await verify(core, credentials))?.apiVersion).toBe('v1')
    const upgraded = await core.tokens.upgrade(account.admin, token.id, {})
    expect(upgraded.apiVersion).toBe('v3')
    expect(upgraded.scopes).toEqual(['GET /Reports'])
    expect((await verify(core, credentials))?.apiVersion).toBe('v3')
    await expectCode(core.tokens.upgrade(account.admin, token.id, {}), 'ApiVersionNotNewer')
    await expectCode(core.tokens.upgrade(account.admin, token.id, { apiVersion: 'v2' }), 'ApiVersionNotNewer')
    await expectCode(core.tokens.upgrade(account.admin, token.id, { apiVersion: 'v3' }), 'ApiVersionNotNewer')
    const db = await database()
    expect(
      await db.selectFrom('tokens').select('api_version').where('id', '=', token.id).executeTakeFirst(),
    ).toEqual({ api_version: 'v3' })
  })

  it('upgrades step by step to a named version, only within the account kind', async () => {
    const { core, account } = await setup('brand')
    const { token } = await createTestToken(core, account, { apiVersion: 'v12' })
    await expectCode(
      core.tokens.upgrade(account.admin, token.id, { apiVersion: 'v15' }),
      'ApiVersionNotForAccount',
    )
    await expectCode(
      core.tokens.upgrade(account.admin, token.id, { apiVersion: 'v2' }),
      'ApiVersionNotForAccount',
    )
    expect((await core.tokens.upgrade(account.admin, token.id, { apiVersion: 'v13' })).apiVersion).toBe('v13')
    expect((await core.tokens.upgrade(account.admin, token.id, { apiVersion: 'v14' })).apiVersion).toBe('v14')
  })
})

describe('who may manage tokens', () => {
  type Call = (core: TokenConsoleCore, context: ActorContext, id: string, userId: string) => Promise<unknown>
  const calls: Record<string, Call> = {
    list: (core, context) => core.tokens.list(context, {}),
    get: (core, context, id) => core.tokens.get(context, id),
    create: (core, context, _id, userId) =>
      core.tokens.create(context, { name: 'x', primaryContactUserId: userId, scopes: ['GET /Account'] }),
    update: (core, context, id) => core.tokens.update(context, id, { name: 'changed' }),
    duplicate: (core, context, id) => core.tokens.duplicate(context, id),
    reset: (core, context, id) => core.tokens.reset(context, id),
    upgrade: (core, context, id) => core.tokens.upgrade(context, id, {}),
    disable: (core, context, id) => core.tokens.disable(context, id),
    enable: (core, context, id) => core.tokens.enable(context, id),
    remove: (core, context, id) => core.tokens.remove(context, id),
    reveal: (core, context, id) => core.tokens.reveal(context, id),
    users: (core, context) => core.users.list(context),
    audit: (core, context) => core.audit.list(context, {}),
    legacyGet: (core, context) => core.legacy.get(context),
    legacyEnable: (core, context) => core.legacy.enable(context),
  }

  it.each(Object.keys(calls))('refuses an Analyst: %s', async (name) => {
    const { core, account } = await setup()
    const { token } = await createTestToken(core, account, { apiVersion: 'v12' })
    await expectCode(
      (calls[name] as Call)(core, account.analyst, token.id, account.analystUserId),
      'RoleNotPermitted',
    )
    expect((await core.tokens.get(account.admin, token.id)).name).toBe(token.name)
  })

  it('lets Account Administrators and Implementation Specialists manage tokens', async () => {
    const { core, account } = await setup()
    for (const context of [account.admin, account.impl]) {
      const { token } = await createTestToken(core, account, { apiVersion: 'v12' })
      for (const name of Object.keys(calls).filter((n) => n !== 'remove' && n !== 'legacyEnable')) {
        await (calls[name] as Call)(core, context, token.id, account.implUserId)
      }
      await core.tokens.remove(context, token.id)
    }
  })

  it.each(
    Object.keys(calls).filter(
      (n) => !['list', 'create', 'users', 'audit', 'legacyGet', 'legacyEnable'].includes(n),
    ),
  )('never reaches another account’s token: %s answers TokenNotFound and changes nothing', async (name) => {
    const { core, account } = await setup()
    const other = await provisionTestAccount(core, 'brand')
    const victim = await createTestToken(core, other, { apiVersion: 'v12' })
    await expectCode(
      (calls[name] as Call)(core, account.admin, victim.token.id, account.adminUserId),
      'TokenNotFound',
    )
    await expectCode(
      (calls[name] as Call)(core, account.admin, 'tok_doesNotExist000000', account.adminUserId),
      'TokenNotFound',
    )
    const after = await core.tokens.get(other.admin, victim.token.id)
    expect(after).toEqual(victim.token)
    expect(await verify(core, victim.credentials)).not.toBeNull()
  })

  it('lists only the caller account’s tokens', async () => {
    const { core, account } = await setup()
    const other = await provisionTestAccount(core, 'brand')
    await createTestToken(core, other, { name: 'theirs' })
    const mine = await createTestToken(core, account, { name: 'mine' })
    expect((await core.tokens.list(account.admin, {})).items.map((t) => t.id)).toEqual([mine.token.id])
  })

  it('lets an integration acting with a token manage tokens of its own account', async () => {
    const { core, account } = await setup()
    const { token, credentials } = await createTestToken(core, account)
    const integration = await tokenActorFor(core, credentials)
    const created = await createTestToken(core, { ...account, admin: integration })
    expect((await core.tokens.list(integration, {})).items).toHaveLength(2)
    const events = await core.audit.list(account.admin, {})
    expect(events.items.find((e) => e.tokenId === created.token.id)?.actor).toEqual({
      type: 'token',
      tokenId: token.id,
    })
  })
})

describe('legacy rows in the scoped-token service', () => {
  it('keeps legacy credentials out of the scoped list and id lookups', async () => {
    const { core, account } = await setup()
    const legacy = await core.legacy.enable(account.admin)
    if (!legacy.enabled) throw new Error('legacy should be enabled')
    expect((await core.tokens.list(account.admin, {})).items).toEqual([])
    await expectCode(core.tokens.get(account.admin, legacy.readWrite.id), 'TokenNotFound')
    await expectCode(core.tokens.reset(account.admin, legacy.readOnly.id), 'TokenNotFound')
    await expectCode(core.tokens.remove(account.admin, legacy.readOnly.id), 'TokenNotFound')
  })
})
