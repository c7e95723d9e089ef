import pg from 'pg'
import { describe, expect, it } from 'vitest'
import type { ActorContext } from '../core-contract.js'
import {
  createTestToken,
  openTestAccountsClosedAfterEach,
  tokenActorFor,
  verifyCredentials,
} from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'

const openAccount = openTestAccountsClosedAfterEach()
const MANAGER = [
  'GET /Account',
  'GET /Reports',
  'POST /Tokens',
  'PUT /Tokens/{Id}',
  'POST /Tokens/{Id}/Reset',
]

/** A token that manages tokens, and the actor of a request it authenticated just now (before the change each test makes). */
async function authenticatedHolder() {
  const { account, core, clock } = await openAccount('brand')
  const holder = await createTestToken(core, account, { name: 'Holder', scopes: MANAGER, apiVersion: 'v14' })
  const other = await createTestToken(core, account, {
    name: 'Other',
    scopes: ['GET /Reports'],
    apiVersion: 'v14',
  })
  const actor = await tokenActorFor(core, holder.credentials)
  const minting = (as: ActorContext, scopes = ['GET /Reports']) =>
    core.tokens.create(as, { name: 'Minted', primaryContactUserId: account.adminUserId, scopes })
  return { account, core, clock, holder, other, actor, minting }
}

describe('a write by a token whose token changed after its request was authenticated', () => {
  it('is refused as a bad credential once the token was deleted, and mints nothing', async () => {
    const { account, core, holder, actor, minting } = await authenticatedHolder()
    await core.tokens.remove(account.admin, holder.token.id)
    await expect(minting(actor)).rejects.toMatchObject({ code: 'InvalidCredentials' })
    expect((await core.tokens.list(account.admin, {})).items.map((t) => t.name)).toEqual(['Other'])
  })

  it('is refused once the token was disabled, or has expired', async () => {
    const { account, core, clock, holder, other, actor } = await authenticatedHolder()
    await core.tokens.disable(account.admin, holder.token.id)
    await expect(core.tokens.update(actor, other.token.id, { name: 'Renamed' })).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
    await core.tokens.enable(account.admin, holder.token.id)
    await core.lifecycle.renew(account.admin, holder.token.id, {
      expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
    })
    const beforeExpiry = await tokenActorFor(core, holder.credentials)
    clock.advance(86_400_000)
    await expect(core.tokens.reset(beforeExpiry, other.token.id)).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
  })

  it('is refused as a bad credential whatever token it names, a missing one included, not answered 404', async () => {
    const { account, core, holder, actor } = await authenticatedHolder()
    await core.tokens.disable(account.admin, holder.token.id)
    // A 404 would tell the caller the credential was good a moment ago (and carry its rate-limit headers).
    // One at a time: a write started before the previous one is awaited rejects unhandled.
    for (const write of [
      () => core.tokens.update(actor, 'tok_missing', { name: 'Renamed' }),
      () => core.tokens.reset(actor, 'tok_missing'),
      () => core.tokens.remove(actor, 'tok_missing'),
    ]) {
      await expect(write()).rejects.toMatchObject({ code: 'InvalidCredentials' })
    }
  })

  it('is refused once its secret was reset, and the new secret still works', async () => {
    const { account, core, holder, other, actor } = await authenticatedHolder()
    const reset = await core.tokens.reset(account.admin, holder.token.id)
    await expect(core.tokens.reset(actor, other.token.id)).rejects.toMatchObject({
      code: 'InvalidCredentials',
    })
    expect(await verifyCredentials(core, reset.credentials)).not.toBeNull()
  })

  it('is bounded by the scopes and rate limit the token holds now, not those it was authenticated with', async () => {
    const { account, core, holder, actor, minting } = await authenticatedHolder()
    await core.tokens.update(account.admin, holder.token.id, {
      scopes: ['GET /Account', 'POST /Tokens'],
      rateLimitPerHour: 50,
    })
    await expect(minting(actor, ['GET /Reports'])).rejects.toMatchObject({ code: 'DelegationExceedsScopes' })
    const created = await minting(actor, ['GET /Account'])
    expect(created.token.rateLimitPerHour).toBe(50)
  })

  it("treats a secret that a rotation started since has made the previous one as retiring: it cannot reset the token and lock the owner's new secret out", async () => {
    const { account, core, holder, actor, minting } = await authenticatedHolder()
    const rotated = await core.lifecycle.rotate(account.admin, holder.token.id, {})
    await expect(core.tokens.reset(actor, holder.token.id)).rejects.toMatchObject({
      code: 'RetiringSecretCannotManage',
    })
    await expect(minting(actor)).rejects.toMatchObject({ code: 'RetiringSecretCannotManage' })
    expect(await verifyCredentials(core, rotated.credentials)).not.toBeNull()
    // The old secret still authenticates during the overlap, for reading.
    expect(await verifyCredentials(core, holder.credentials)).toMatchObject({ rotationSecret: 'old' })
  })

  it('goes through when nothing changed, with the token as it is', async () => {
    const { core, other, actor, minting } = await authenticatedHolder()
    expect((await minting(actor)).token.scopes).toEqual(['GET /Reports'])
    expect((await core.tokens.update(actor, other.token.id, { name: 'Renamed' })).name).toBe('Renamed')
  })
})

describe('two tokens writing to each other at once', () => {
  it('both get through, one after the other, never refused as busy (the rows are locked in one order)', async () => {
    const { account, core } = await openAccount('brand')
    const make = (name: string) =>
      createTestToken(core, account, { name, scopes: MANAGER, apiVersion: 'v14' })
    const [a, b] = [await make('A'), await make('B')]
    const [asA, asB] = [await tokenActorFor(core, a.credentials), await tokenActorFor(core, b.credentials)]
    for (let round = 0; round < 10; round++) {
      const renamed = await Promise.all([
        core.tokens.update(asA, b.token.id, { description: `by A ${round}` }),
        core.tokens.update(asB, a.token.id, { description: `by B ${round}` }),
      ])
      expect(renamed.map((token) => token.description)).toEqual([`by A ${round}`, `by B ${round}`])
    }
  })
})

describe.runIf(testDialect() === 'postgres')('a token write on PostgreSQL', () => {
  it("locks the acting token's row, not its account's: a write holding the account's row (as an update of it does) does not stop it", async () => {
    const { account, core, databaseUrl } = await openAccount('brand')
    const holder = await createTestToken(core, account, {
      name: 'Holder',
      scopes: MANAGER,
      apiVersion: 'v14',
    })
    const actor = await tokenActorFor(core, holder.credentials)
    const other = new pg.Client({ connectionString: databaseUrl })
    await other.connect()
    try {
      await other.query('begin')
      await other.query('select id from accounts where id = $1 for no key update', [account.accountId])
      const minted = core.tokens.create(actor, {
        name: 'Minted',
        primaryContactUserId: account.adminUserId,
        scopes: ['GET /Reports'],
      })
      const first = await Promise.race([
        minted.then(() => 'written'),
        new Promise((resolve) => setTimeout(() => resolve('waiting'), 3_000)),
      ])
      expect(first).toBe('written')
    } finally {
      await other.query('rollback')
      await other.end()
    }
  })
})

describe('what only people do in the console', () => {
  it('is refused to a token, whatever it holds: renewing, rotating, the policy, webhooks, leaks and credential checks', async () => {
    const { core, holder, other, actor } = await authenticatedHolder()
    const refusals = [
      core.lifecycle.renew(actor, holder.token.id, { expiresAt: null }),
      core.lifecycle.rotate(actor, other.token.id, {}),
      core.lifecycle.completeRotation(actor, other.token.id),
      core.policies.update(actor, { leakResponse: 'notify' }),
      core.webhooks.create(actor, { url: 'https://hooks.example.test/in', eventTypes: ['token.leaked'] }),
      core.webhooks.list(actor),
      core.leaks.markHandled(actor, other.token.id),
      core.leaks.checkCredential(actor, { authToken: holder.credentials.authToken }),
    ]
    for (const refusal of refusals) await expect(refusal).rejects.toMatchObject({ code: 'RoleNotPermitted' })
  })
})
