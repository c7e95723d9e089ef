import { describe, expect, it } from 'vitest'
import { DEFAULT_ACCOUNT_POLICY } from '../../lifecycle/lifecycle-schemas.js'
import { openTestAccountsClosedAfterEach, provisionTestAccount } from '../test-support/open-test-core.js'

const openAccount = openTestAccountsClosedAfterEach()

async function setup() {
  return openAccount('agency')
}

describe('account token policy', () => {
  it('answers the defaults until saved: no expiry required, no maximum, nothing disabled for disuse, leaks disable', async () => {
    const { core, account } = await setup()
    expect(await core.policies.get(account.impl)).toEqual({
      requireExpiry: false,
      maxLifetimeDays: null,
      disableUnusedAfterDays: null,
      leakResponse: 'disable',
    })
    expect(DEFAULT_ACCOUNT_POLICY.leakResponse).toBe('disable')
  })

  it('changes only the fields sent, keeps each account its own, and audits what changed', async () => {
    const { core, account, clock } = await setup()
    const other = await provisionTestAccount(core, 'agency')
    await core.policies.update(account.admin, { requireExpiry: true, maxLifetimeDays: 90 })
    clock.advance(1_000)
    const saved = await core.policies.update(account.admin, {
      disableUnusedAfterDays: 60,
      leakResponse: 'rotate',
    })
    expect(saved).toEqual({
      requireExpiry: true,
      maxLifetimeDays: 90,
      disableUnusedAfterDays: 60,
      leakResponse: 'rotate',
    })
    expect(await core.policies.get(account.admin)).toEqual(saved)
    expect(await core.policies.get(other.admin)).toEqual(DEFAULT_ACCOUNT_POLICY)
    clock.advance(1_000)
    const cleared = await core.policies.update(account.admin, { maxLifetimeDays: null })
    expect(cleared.maxLifetimeDays).toBeNull()
    const events = (await core.audit.list(account.admin, {})).items.filter(
      (event) => event.action === 'policy.update',
    )
    expect(events.map((event) => event.details)).toEqual([
      { fields: ['maxLifetimeDays'], maxLifetimeDays: null },
      {
        fields: ['disableUnusedAfterDays', 'leakResponse'],
        disableUnusedAfterDays: 60,
        leakResponse: 'rotate',
      },
      { fields: ['requireExpiry', 'maxLifetimeDays'], requireExpiry: true, maxLifetimeDays: 90 },
    ])
    expect(events[0]).toMatchObject({ actor: { type: 'user', userId: account.adminUserId }, tokenId: null })
  })

  it('records nothing when a save changes nothing', async () => {
    const { core, account } = await setup()
    await core.policies.update(account.admin, { leakResponse: 'disable', requireExpiry: false })
    expect((await core.audit.list(account.admin, {})).items).toEqual([])
  })

  it.each([
    { case: 'a lifetime of 0 days', input: { maxLifetimeDays: 0 } },
    { case: 'a fractional lifetime', input: { maxLifetimeDays: 1.5 } },
    { case: 'a lifetime over ten years', input: { maxLifetimeDays: 3_651 } },
    { case: 'a negative disuse period', input: { disableUnusedAfterDays: -5 } },
    { case: 'an unknown leak response', input: { leakResponse: 'ignore' } },
    { case: 'a string for a boolean', input: { requireExpiry: 'yes' } },
    { case: 'an unknown field', input: { accountId: 'acc_other' } },
  ])('refuses $case with ValidationFailed and keeps the policy', async ({ input }) => {
    const { core, account } = await setup()
    await expect(core.policies.update(account.admin, input as never)).rejects.toMatchObject({
      code: 'ValidationFailed',
    })
    expect(await core.policies.get(account.admin)).toEqual(DEFAULT_ACCOUNT_POLICY)
  })

  it('refuses an Analyst both reading and saving the policy with RoleNotPermitted', async () => {
    const { core, account } = await setup()
    await expect(core.policies.get(account.analyst)).rejects.toMatchObject({ code: 'RoleNotPermitted' })
    await expect(core.policies.update(account.analyst, { requireExpiry: true })).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
    expect(await core.policies.get(account.admin)).toEqual(DEFAULT_ACCOUNT_POLICY)
  })
})
