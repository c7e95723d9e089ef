import type { KyselyPlugin } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createKeyring } from '../crypto/keyring.js'
import { resolveMasterKey } from '../crypto/master-key.js'
import { generateAccountSid, generateAuthToken } from '../crypto/random-secrets.js'
import {
  basicAuthorization,
  createTestToken,
  openTestAccountsClosedAfterEach,
  type TestCore,
} from '../test-support/open-test-core.js'
import { openLongCacheAccountsClosedAfterEach } from '../test-support/long-cache-accounts.js'
import { LastUsedRecorder } from './last-used-recorder.js'
import { VerificationCache } from './verification-cache.js'
import { verificationService } from './verification-service.js'

const openAccount = openTestAccountsClosedAfterEach()

/** A long cache TTL: only synchronous invalidation can make a change visible in these tests. */
const setup = openLongCacheAccountsClosedAfterEach()

describe('verifying credentials', () => {
  it('returns the account, version, scopes and limits of a valid credential', async () => {
    const { core, account } = await setup()
    const { token, credentials } = await createTestToken(core, account, {
      apiVersion: 'v13',
      scopes: ['GET /Reports', 'POST /Tokens'],
      rateLimitPerHour: 77,
    })
    const verified = await core.verification.verifyAuthorization(
      basicAuthorization(credentials.accountSid, credentials.authToken),
    )
    expect(verified).toMatchObject({
      tokenId: token.id,
      tokenKind: 'scoped',
      accountId: account.accountId,
      accountKind: 'brand',
      accountSid: credentials.accountSid,
      apiVersion: 'v13',
      rateLimitPerHour: 77,
    })
    expect(verified?.scopes).toEqual(new Set(['GET /Reports', 'POST /Tokens']))
  })

  it('gives one answer, null, for an unknown SID, a wrong token, a malformed SID and a truncated token', async () => {
    const { core, account } = await setup()
    const { credentials } = await createTestToken(core, account)
    const { verify } = core.verification
    expect(await verify(generateAccountSid(), credentials.authToken)).toBeNull()
    expect(await verify(credentials.accountSid, generateAuthToken())).toBeNull()
    expect(await verify('not-a-sid', credentials.authToken)).toBeNull()
    expect(await verify(credentials.accountSid, credentials.authToken.slice(0, -1))).toBeNull()
    expect(await verify(credentials.accountSid, `${credentials.authToken}x`)).toBeNull()
    expect(await verify(credentials.accountSid, '')).toBeNull()
    expect(await core.verification.verifyAuthorization('Basic')).toBeNull()
    expect(
      await core.verification.verifyAuthorization(`Basic ${credentials.accountSid}:${credentials.authToken}`),
    ).toBeNull()
  })

  it('verifies a header parsed once exactly as the header itself, and refuses what the parse refused', async () => {
    const { core, account } = await setup()
    const { token, credentials } = await createTestToken(core, account)
    const header = basicAuthorization(credentials.accountSid, credentials.authToken)
    const parsed = core.verification.parseAuthorization(header)
    expect(parsed).toEqual({ accountSid: credentials.accountSid, authToken: credentials.authToken })
    expect((await core.verification.verifyBasic(parsed))?.tokenId).toBe(token.id)
    const malformed = `Basic ${credentials.accountSid}:${credentials.authToken}`
    expect(core.verification.parseAuthorization(malformed)).toBeUndefined()
    expect(await core.verification.verifyBasic(core.verification.parseAuthorization(malformed))).toBeNull()
  })

  it('sees every change made in this process on the very next verification, despite the cache', async () => {
    const { core, account } = await setup()
    const { token, credentials } = await createTestToken(core, account, {
      apiVersion: 'v12',
      scopes: ['GET /Reports'],
    })
    const check = () => core.verification.verify(credentials.accountSid, credentials.authToken)
    expect((await check())?.apiVersion).toBe('v12')
    await core.tokens.upgrade(account.admin, token.id, { apiVersion: 'v13' })
    expect((await check())?.apiVersion).toBe('v13')
    await core.tokens.update(account.admin, token.id, { scopes: ['GET /Clicks'] })
    expect((await check())?.scopes).toEqual(new Set(['GET /Clicks']))
    await core.tokens.disable(account.admin, token.id)
    expect(await check()).toBeNull()
    await core.tokens.enable(account.admin, token.id)
    expect(await check()).not.toBeNull()
    const reset = await core.tokens.reset(account.admin, token.id)
    expect(await check()).toBeNull()
    expect(
      await core.verification.verify(reset.credentials.accountSid, reset.credentials.authToken),
    ).not.toBeNull()
    await core.tokens.remove(account.admin, token.id)
    expect(
      await core.verification.verify(reset.credentials.accountSid, reset.credentials.authToken),
    ).toBeNull()
  })

  it('writes last-used times in a batch, at the latest when the core closes', async () => {
    const { account, ...test } = await openAccount('brand', { lastUsedFlushIntervalMs: 60_000 })
    const { token } = await createTestToken(test.core, account)
    test.clock.set('2026-03-15T12:30:00.000Z')
    test.core.verification.recordUse(token.id)
    test.clock.set('2026-03-15T12:31:00.000Z')
    test.core.verification.recordUse(token.id)
    expect((await test.core.tokens.get(account.admin, token.id)).lastUsedAt).toBeNull()
    await test.core.close()
    const db = await test.database()
    const stored = await db
      .selectFrom('tokens')
      .select('last_used_at')
      .where('id', '=', token.id)
      .executeTakeFirst()
    expect(stored).toEqual({ last_used_at: '2026-03-15T12:31:00.000Z' })
  })

  it('flushes recorded uses on its timer', async () => {
    const { account, ...test } = await openAccount('brand', { lastUsedFlushIntervalMs: 20 })
    const { token } = await createTestToken(test.core, account)
    test.core.verification.recordUse(token.id)
    await expect
      .poll(async () => (await test.core.tokens.get(account.admin, token.id)).lastUsedAt, { timeout: 2_000 })
      .toBe(test.clock.now().toISOString())
  })
})

describe('verification cache and new credentials', () => {
  it('accepts newly issued legacy and duplicated credentials at once, and refuses a deleted one, under a long cache TTL', async () => {
    const { account, ...test } = await openAccount('agency', { verificationCacheTtlMs: 60_000 })
    const { core } = test
    const created = await createTestToken(core, account, { scopes: ['GET /Account'] })
    await core.tokens.remove(account.admin, created.token.id)
    expect(
      await core.verification.verify(created.credentials.accountSid, created.credentials.authToken),
    ).toBeNull()
    const legacy = await core.legacy.enable(account.admin)
    if (!legacy.enabled) throw new Error('legacy should be enabled')
    const credentials = await core.legacy.reveal(account.admin)
    expect(
      await core.verification.verify(credentials.readOnly.accountSid, credentials.readOnly.authToken),
    ).not.toBeNull()
    const duplicateSource = await createTestToken(core, account, { scopes: ['GET /Account'] })
    const copy = await core.tokens.duplicate(account.admin, duplicateSource.token.id)
    expect(
      await core.verification.verify(copy.credentials.accountSid, copy.credentials.authToken),
    ).not.toBeNull()
  })
})

describe('the lookup of a SID the cache does not hold', () => {
  /** A verifier on its own database handle whose every query is counted, with an empty cache. */
  async function countingVerifier(test: TestCore) {
    const queries: string[] = []
    const counting: KyselyPlugin = {
      transformQuery(args) {
        queries.push(args.node.kind)
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const db = (await test.database()).withPlugin(counting)
    const lastUsed = new LastUsedRecorder(db, test.clock.now, 60_000)
    const verification = verificationService({
      db,
      dialect: test.dialect,
      keyring: createKeyring(resolveMasterKey({ dataDir: test.dataDir, masterKey: test.masterKey })),
      verificationCache: new VerificationCache(100, 60_000),
      lastUsed,
      now: test.clock.now,
    })
    return { queries, verification, close: () => lastUsed.close() }
  }

  it('decides a refusal on a fresh read, so a cached row that a change made stale refuses nothing', async () => {
    const { core, account, ...test } = await setup()
    const { token, credentials } = await createTestToken(core, account)
    await core.tokens.disable(account.admin, token.id)
    expect(await core.verification.verify(credentials.accountSid, credentials.authToken)).toBeNull()
    // Enabled where this instance hears nothing of it (as by another instance whose notice is late):
    // the cache still holds the disabled row for a minute.
    const db = await test.database()
    await db.updateTable('tokens').set({ state: 'enabled' }).where('id', '=', token.id).execute()
    expect(await core.verification.verify(credentials.accountSid, credentials.authToken)).toMatchObject({
      tokenId: token.id,
    })
  })

  it('reads the token, its scopes and its account in one query, and answers what the core answers', async () => {
    const { core, account, ...test } = await setup()
    const { credentials } = await createTestToken(core, account, {
      apiVersion: 'v13',
      scopes: ['GET /Reports', 'POST /Tokens', 'GET /Account'],
    })
    const legacy = await core.legacy.enable(account.admin)
    if (!legacy.enabled) throw new Error('legacy should be enabled')
    const legacyCredentials = (await core.legacy.reveal(account.admin)).readWrite
    const counted = await countingVerifier({ core, ...test })
    try {
      for (const { accountSid, authToken } of [credentials, legacyCredentials]) {
        const before = counted.queries.length
        const verified = await counted.verification.verify(accountSid, authToken)
        expect(counted.queries.length - before).toBe(1)
        expect(verified).toEqual(await core.verification.verify(accountSid, authToken))
        expect(verified?.scopes.size).toBeGreaterThan(0)
      }
      // Once cached, a credential that verifies costs no query at all.
      const before = counted.queries.length
      expect(await counted.verification.verify(credentials.accountSid, credentials.authToken)).not.toBeNull()
      expect(counted.queries.length - before).toBe(0)
      // Every refusal costs one, whatever the SID: an unknown one (again and again), or a wrong auth
      // token for a SID its integration keeps cached. Were a refusal answered from memory, its
      // timing would tell which SIDs exist and are in use.
      const unknown = generateAccountSid()
      for (const [sid, authToken] of [
        [unknown, credentials.authToken],
        [unknown, credentials.authToken],
        [credentials.accountSid, generateAuthToken()],
      ] as const) {
        const queried = counted.queries.length
        expect(await counted.verification.verify(sid, authToken)).toBeNull()
        expect(counted.queries.length - queried).toBe(1)
      }
    } finally {
      await counted.close()
    }
  })
})
