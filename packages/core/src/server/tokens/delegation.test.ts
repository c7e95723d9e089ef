import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { TokenUpdateDetails } from '../../audit/audit-schemas.js'
import { allScopes } from '../../scopes/catalog.js'
import type { TokenWithCredentials } from '../../tokens/token-schemas.js'
import type { ActorContext } from '../core-contract.js'
import {
  createTestToken,
  openTestAccountsClosedAfterEach,
  type TestAccount,
  type TestCore,
  tokenActorFor,
} from '../test-support/open-test-core.js'

/** What the acting integration's token holds. */
const HELD = [
  'GET /Account',
  'GET /Reports',
  'GET /Tokens',
  'POST /Tokens',
  'GET /Tokens/{Id}',
  'PUT /Tokens/{Id}',
  'POST /Tokens/{Id}/Reset',
]
const HELD_LIMIT = 500
const CATALOG = [...allScopes('brand', 'v14')]
const NOT_HELD = CATALOG.filter((scope) => !HELD.includes(scope))

const openAccount = openTestAccountsClosedAfterEach()

interface Arena {
  test: TestCore
  account: TestAccount
  holder: TokenWithCredentials
  /** The integration acting with `holder`, as the platform API builds it. */
  actor: ActorContext
  /** A token the holder could have made: fewer scopes, a lower limit. */
  narrower: TokenWithCredentials
  /** A token of the account with more scopes than the holder. */
  broader: TokenWithCredentials
  /** A token of the account with the holder's scopes but a higher rate limit. */
  faster: TokenWithCredentials
}

async function arena(): Promise<Arena> {
  const { account, ...test } = await openAccount('brand')
  const make = (scopes: string[], rateLimitPerHour: number, name: string) =>
    createTestToken(test.core, account, { name, scopes, rateLimitPerHour, apiVersion: 'v14' })
  const holder = await make(HELD, HELD_LIMIT, 'Holder')
  return {
    test,
    account,
    holder,
    actor: await tokenActorFor(test.core, holder.credentials),
    narrower: await make(['GET /Reports'], 100, 'Narrower'),
    broader: await make([...HELD, 'DELETE /Tokens/{Id}', 'GET /AuditEvents'], 100, 'Broader'),
    faster: await make(HELD, 5_000, 'Faster'),
  }
}

function creating(a: Arena, overrides: Record<string, unknown>) {
  return a.test.core.tokens.create(a.actor, {
    name: 'Made by the integration',
    primaryContactUserId: a.account.implUserId,
    scopes: ['GET /Reports'],
    ...overrides,
  })
}

async function tokenCount(a: Arena): Promise<number> {
  return (await a.test.core.tokens.list(a.account.admin, {})).items.length
}

describe('a token creating tokens', () => {
  it('creates a token with some of its scopes and a rate limit up to its own', async () => {
    const a = await arena()
    const { token } = await creating(a, {
      scopes: ['GET /Reports', 'GET /Tokens'],
      rateLimitPerHour: HELD_LIMIT,
    })
    expect([...token.scopes].sort()).toEqual(['GET /Reports', 'GET /Tokens'])
    expect(token.rateLimitPerHour).toBe(HELD_LIMIT)
  })

  it('gives a new token its own rate limit when that is below the default and none is asked for', async () => {
    const a = await arena()
    expect((await creating(a, {})).token.rateLimitPerHour).toBe(HELD_LIMIT)
  })

  it.each([
    { asked: ['GET /Reports', 'DELETE /Tokens/{Id}'], lacking: 'DELETE /Tokens/{Id}' },
    {
      asked: ['GET /AuditEvents', 'GET /Account', 'DELETE /Tokens/{Id}'],
      lacking: 'DELETE /Tokens/{Id}, GET /AuditEvents',
    },
    { asked: CATALOG, lacking: NOT_HELD.join(', ') },
  ])(
    'refuses scopes it does not hold with DelegationExceedsScopes naming them: $lacking',
    async ({ asked, lacking }) => {
      const a = await arena()
      const before = await tokenCount(a)
      await expect(creating(a, { scopes: asked })).rejects.toMatchObject({
        code: 'DelegationExceedsScopes',
        params: { scopes: lacking },
      })
      expect(await tokenCount(a)).toBe(before)
    },
  )

  it.each([HELD_LIMIT + 1, 1_000, 10_000_000])(
    'refuses a rate limit of %i above its own with DelegationExceedsRateLimit, creating nothing',
    async (rateLimitPerHour) => {
      const a = await arena()
      const before = await tokenCount(a)
      await expect(creating(a, { rateLimitPerHour })).rejects.toMatchObject({
        code: 'DelegationExceedsRateLimit',
        params: { rateLimitPerHour, limit: HELD_LIMIT },
      })
      expect(await tokenCount(a)).toBe(before)
    },
  )

  it('lets a user with a managing role grant any scope of the catalog and any rate limit, as before', async () => {
    const a = await arena()
    const { token } = await createTestToken(a.test.core, a.account, {
      scopes: CATALOG,
      rateLimitPerHour: 10_000_000,
    })
    expect(token.scopes).toHaveLength(CATALOG.length)
    expect(token.rateLimitPerHour).toBe(10_000_000)
  })
})

describe('a token updating tokens', () => {
  it('renames, narrows and slows a token within its own access, and records exactly what changed', async () => {
    const a = await arena()
    a.test.clock.advance(1_000)
    const updated = await a.test.core.tokens.update(a.actor, a.narrower.token.id, {
      name: 'Renamed',
      scopes: ['GET /Account', 'GET /Tokens'],
      rateLimitPerHour: 50,
    })
    expect(updated).toMatchObject({
      name: 'Renamed',
      scopes: ['GET /Account', 'GET /Tokens'],
      rateLimitPerHour: 50,
    })
    const event = (await a.test.core.audit.list(a.account.admin, {})).items[0]
    expect(event).toMatchObject({
      action: 'token.update',
      tokenId: a.narrower.token.id,
      actor: { type: 'token' },
    })
    expect(TokenUpdateDetails.parse(event?.details)).toEqual({
      fields: ['scopes', 'name', 'rateLimitPerHour'],
      scopesAdded: ['GET /Account', 'GET /Tokens'],
      scopesRemoved: ['GET /Reports'],
      fromRateLimitPerHour: 100,
      toRateLimitPerHour: 50,
    })
  })

  it.each([
    {
      change: { scopes: ['GET /Reports', 'GET /AuditEvents'] },
      code: 'DelegationExceedsScopes',
      params: { scopes: 'GET /AuditEvents' },
    },
    { change: { scopes: CATALOG }, code: 'DelegationExceedsScopes', params: { scopes: NOT_HELD.join(', ') } },
    {
      change: { rateLimitPerHour: 10_000_000 },
      code: 'DelegationExceedsRateLimit',
      params: { limit: HELD_LIMIT },
    },
  ])(
    'refuses to give another token more than it holds ($code) and changes nothing',
    async ({ change, code, params }) => {
      const a = await arena()
      await expect(a.test.core.tokens.update(a.actor, a.narrower.token.id, change)).rejects.toMatchObject({
        code,
        params,
      })
      expect(await a.test.core.tokens.get(a.account.admin, a.narrower.token.id)).toEqual(a.narrower.token)
    },
  )

  it.each([
    {
      target: 'broader' as const,
      code: 'DelegationExceedsScopes',
      params: { scopes: 'DELETE /Tokens/{Id}, GET /AuditEvents' },
    },
    { target: 'faster' as const, code: 'DelegationExceedsRateLimit', params: { rateLimitPerHour: 5_000 } },
  ])(
    'refuses to touch a token that holds more than it does ($target), even to rename it',
    async ({ target, code, params }) => {
      const a = await arena()
      const victim = a[target]
      await expect(
        a.test.core.tokens.update(a.actor, victim.token.id, { name: 'Mine now' }),
      ).rejects.toMatchObject({
        code,
        params,
      })
      await expect(
        a.test.core.tokens.update(a.actor, victim.token.id, {
          scopes: ['GET /Reports'],
          rateLimitPerHour: 1,
        }),
      ).rejects.toMatchObject({ code })
      expect(await a.test.core.tokens.get(a.account.admin, victim.token.id)).toEqual(victim.token)
    },
  )
})

describe('a token changing itself', () => {
  it.each([
    { change: { scopes: CATALOG } },
    { change: { scopes: [...HELD, 'DELETE /Tokens/{Id}'] } },
    { change: { scopes: ['GET /Reports'] } },
    { change: { rateLimitPerHour: 10_000_000 } },
    { change: { rateLimitPerHour: 1 } },
    { change: { name: 'Renamed too', rateLimitPerHour: HELD_LIMIT + 1 } },
  ])('refuses $change with OwnAccessImmutable and changes nothing', async ({ change }) => {
    const a = await arena()
    await expect(a.test.core.tokens.update(a.actor, a.holder.token.id, change)).rejects.toMatchObject({
      code: 'OwnAccessImmutable',
    })
    expect(await a.test.core.tokens.get(a.account.admin, a.holder.token.id)).toEqual(a.holder.token)
  })

  it('renames itself, and may send its scopes and rate limit back unchanged', async () => {
    const a = await arena()
    const updated = await a.test.core.tokens.update(a.actor, a.holder.token.id, {
      name: 'Renamed by itself',
      scopes: [...HELD].reverse(),
      rateLimitPerHour: HELD_LIMIT,
    })
    expect(updated).toMatchObject({
      name: 'Renamed by itself',
      scopes: a.holder.token.scopes,
      rateLimitPerHour: HELD_LIMIT,
    })
  })

  it('resets its own secret: the new one verifies with the same scopes and limit, the old one no longer', async () => {
    const a = await arena()
    const { credentials } = await a.test.core.tokens.reset(a.actor, a.holder.token.id)
    const verified = await a.test.core.verification.verify(credentials.accountSid, credentials.authToken)
    expect([...(verified?.scopes ?? [])].sort()).toEqual([...HELD].sort())
    expect(verified?.rateLimitPerHour).toBe(HELD_LIMIT)
    expect(
      await a.test.core.verification.verify(a.holder.credentials.accountSid, a.holder.credentials.authToken),
    ).toBeNull()
  })

  it('duplicates itself into a token with exactly its scopes and limit', async () => {
    const a = await arena()
    const { token } = await a.test.core.tokens.duplicate(a.actor, a.holder.token.id)
    expect(token).toMatchObject({ scopes: a.holder.token.scopes, rateLimitPerHour: HELD_LIMIT })
  })
})

describe('a token handing out credentials of other tokens', () => {
  it('resets, duplicates and reveals a token within its access', async () => {
    const a = await arena()
    expect((await a.test.core.tokens.reset(a.actor, a.narrower.token.id)).token.id).toBe(a.narrower.token.id)
    expect((await a.test.core.tokens.duplicate(a.actor, a.narrower.token.id)).token.scopes).toEqual([
      'GET /Reports',
    ])
    expect((await a.test.core.tokens.reveal(a.actor, a.narrower.token.id)).accountSid).toBe(
      a.narrower.credentials.accountSid,
    )
  })

  it.each([
    { target: 'broader' as const, code: 'DelegationExceedsScopes' },
    { target: 'faster' as const, code: 'DelegationExceedsRateLimit' },
  ])(
    'refuses to reset, duplicate or reveal a token that holds more ($target): its secret keeps working',
    async ({ target, code }) => {
      const a = await arena()
      const victim = a[target]
      const before = await tokenCount(a)
      await expect(a.test.core.tokens.reset(a.actor, victim.token.id)).rejects.toMatchObject({ code })
      await expect(a.test.core.tokens.duplicate(a.actor, victim.token.id)).rejects.toMatchObject({ code })
      await expect(a.test.core.tokens.reveal(a.actor, victim.token.id)).rejects.toMatchObject({ code })
      expect(await tokenCount(a)).toBe(before)
      expect(
        await a.test.core.verification.verify(victim.credentials.accountSid, victim.credentials.authToken),
      ).not.toBeNull()
    },
  )
})

describe('whatever a token attempts', () => {
  const scopeSet = fc.subarray(CATALOG, { minLength: 1, maxLength: 6 })
  const limit = fc.oneof(
    fc.constantFrom(1, HELD_LIMIT, HELD_LIMIT + 1, 10_000_000),
    fc.integer({ min: 1, max: 10_000_000 }),
  )
  const step = fc.oneof(
    fc.record({
      op: fc.constant('create' as const),
      scopes: scopeSet,
      rateLimitPerHour: fc.option(limit, { nil: undefined }),
    }),
    fc.record({
      op: fc.constant('update' as const),
      target: fc.nat(),
      scopes: fc.option(scopeSet, { nil: undefined }),
      rateLimitPerHour: fc.option(limit, { nil: undefined }),
    }),
    fc.record({ op: fc.constantFrom('reset' as const, 'duplicate' as const), target: fc.nat() }),
  )
  const REFUSALS = ['DelegationExceedsScopes', 'DelegationExceedsRateLimit', 'OwnAccessImmutable']

  it('ends with no token it made or changed holding a scope or a rate limit it does not hold (property)', async () => {
    const a = await arena()
    const untouchable = [a.broader.token, a.faster.token]
    // The integration's actor; once it has reset its own token it goes on with the new secret.
    let actor = a.actor
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        for (const s of steps) {
          const tokens = (await a.test.core.tokens.list(a.account.admin, { limit: 200 })).items
          const target = tokens[('target' in s ? s.target : 0) % tokens.length]?.id as string
          const attempt =
            s.op === 'create'
              ? creating(
                  { ...a, actor },
                  {
                    scopes: s.scopes,
                    ...(s.rateLimitPerHour ? { rateLimitPerHour: s.rateLimitPerHour } : {}),
                  },
                )
              : s.op === 'update'
                ? a.test.core.tokens.update(actor, target, {
                    ...(s.scopes ? { scopes: s.scopes } : {}),
                    ...(s.rateLimitPerHour ? { rateLimitPerHour: s.rateLimitPerHour } : {}),
                  })
                : a.test.core.tokens[s.op](actor, target)
          const done = await attempt.catch((error: { code?: string }) => {
            if (!REFUSALS.includes(error.code ?? '')) throw error
          })
          if (s.op === 'reset' && target === a.holder.token.id && done && 'credentials' in done) {
            actor = await tokenActorFor(a.test.core, done.credentials)
          }
        }
        const tokens = (await a.test.core.tokens.list(a.account.admin, { limit: 200 })).items
        for (const token of tokens) {
          const pinned = untouchable.find((t) => t.id === token.id)
          if (pinned) {
            expect(token).toEqual(pinned)
            continue
          }
          expect(
            token.scopes.filter((scope) => !HELD.includes(scope)),
            token.name,
          ).toEqual([])
          expect(token.rateLimitPerHour, token.name).toBeLessThanOrEqual(HELD_LIMIT)
        }
      }),
      { numRuns: 15 },
    )
  })
})

describe('a token enabling or upgrading other tokens', () => {
  /** A token of the holder's scopes on the previous version, disabled by the account's people. */
  async function disabledOnV13(a: Arena, scopes: string[], rateLimitPerHour: number) {
    const made = await createTestToken(a.test.core, a.account, {
      name: 'Disabled on v13',
      scopes,
      rateLimitPerHour,
      apiVersion: 'v13',
    })
    await a.test.core.tokens.disable(a.account.admin, made.token.id)
    return made
  }

  it('enables and upgrades a token within its access', async () => {
    const a = await arena()
    const { token } = await disabledOnV13(a, ['GET /Reports'], 100)
    expect(await a.test.core.tokens.enable(a.actor, token.id)).toMatchObject({ state: 'enabled' })
    expect(await a.test.core.tokens.upgrade(a.actor, token.id, {})).toMatchObject({ apiVersion: 'v14' })
  })

  it.each([
    {
      more: 'a scope',
      scopes: [...HELD, 'DELETE /Tokens/{Id}'],
      limit: 100,
      code: 'DelegationExceedsScopes',
    },
    { more: 'a higher rate limit', scopes: HELD, limit: 5_000, code: 'DelegationExceedsRateLimit' },
  ])(
    'refuses to enable or upgrade a token holding $more with $code: its secret stays refused, its version kept',
    async ({ scopes, limit, code }) => {
      const a = await arena()
      const victim = await disabledOnV13(a, scopes, limit)
      await expect(a.test.core.tokens.enable(a.actor, victim.token.id)).rejects.toMatchObject({ code })
      await expect(a.test.core.tokens.upgrade(a.actor, victim.token.id, {})).rejects.toMatchObject({ code })
      expect(await a.test.core.tokens.get(a.account.admin, victim.token.id)).toMatchObject({
        state: 'disabled',
        apiVersion: 'v13',
      })
      expect(
        await a.test.core.verification.verify(victim.credentials.accountSid, victim.credentials.authToken),
      ).toBeNull()
    },
  )
})

describe('a token acting on legacy credentials, which grant a whole version', () => {
  async function withLegacy() {
    const a = await arena()
    await a.test.core.legacy.enable(a.account.admin)
    const legacy = await a.test.core.legacy.reveal(a.account.admin)
    return {
      ...a,
      legacy,
      readWrite: await tokenActorFor(a.test.core, legacy.readWrite),
      readOnly: await tokenActorFor(a.test.core, legacy.readOnly),
    }
  }

  it('refuses a scoped token revealing, resetting or upgrading them with DelegationExceedsScopes', async () => {
    const a = await withLegacy()
    for (const attempt of [
      () => a.test.core.legacy.reveal(a.actor),
      () => a.test.core.legacy.reset(a.actor, 'read_write'),
      () => a.test.core.legacy.reset(a.actor, 'read_only'),
      () => a.test.core.legacy.upgrade(a.actor, { apiVersion: 'v14' }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: 'DelegationExceedsScopes' })
    }
    expect(await a.test.core.legacy.reveal(a.account.admin)).toEqual(a.legacy)
  })

  it('refuses a scoped token enabling them', async () => {
    const a = await arena()
    await expect(a.test.core.legacy.enable(a.actor)).rejects.toMatchObject({
      code: 'DelegationExceedsScopes',
    })
    expect(await a.test.core.legacy.get(a.account.admin)).toEqual({ enabled: false })
  })

  it('refuses Read/Write upgrading itself to a version that adds endpoints: that widens its own access', async () => {
    const a = await withLegacy()
    const before = await a.test.core.legacy.get(a.account.admin)
    await expect(a.test.core.legacy.upgrade(a.readWrite, {})).rejects.toMatchObject({
      code: 'DelegationExceedsScopes',
    })
    expect(await a.test.core.legacy.get(a.account.admin)).toEqual(before)
  })

  it('lets Read-Only reset itself but not Read/Write, and Read/Write reset either', async () => {
    const a = await withLegacy()
    await expect(a.test.core.legacy.reset(a.readOnly, 'read_write')).rejects.toMatchObject({
      code: 'DelegationExceedsScopes',
    })
    await expect(a.test.core.legacy.reveal(a.readOnly)).rejects.toMatchObject({
      code: 'DelegationExceedsScopes',
    })
    expect((await a.test.core.legacy.reset(a.readOnly, 'read_only')).credentials.accountSid).toBe(
      a.legacy.readOnly.accountSid,
    )
    expect((await a.test.core.legacy.reset(a.readWrite, 'read_only')).credentials.accountSid).toBe(
      a.legacy.readOnly.accountSid,
    )
    expect((await a.test.core.legacy.reset(a.readWrite, 'read_write')).credentials.accountSid).toBe(
      a.legacy.readWrite.accountSid,
    )
  })
})
