import type { LeastPrivilege } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import { leastPrivilegeOfferOf, scopesWith, scopesWithout } from './least-privilege'

const base: LeastPrivilege = {
  eligible: true,
  days: 30,
  grantedCount: 5,
  unusedScopes: ['GET /Actions', 'PUT /Actions/{Id}'],
  missingScopes: [
    { scope: 'GET /Reports', count: 3, lastAt: '2026-11-29T10:00:00.000Z' },
    { scope: 'GET /Deals', count: 12, lastAt: '2026-11-28T10:00:00.000Z' },
  ],
}

describe('leastPrivilegeOfferOf', () => {
  it('offers the unused scopes and the refused ones, most refused first', () => {
    const offer = leastPrivilegeOfferOf(base)
    expect(offer?.unused).toEqual(['GET /Actions', 'PUT /Actions/{Id}'])
    expect(offer?.usedNone).toBe(false)
    expect(offer?.missing.map((refusal) => refusal.scope)).toEqual(['GET /Deals', 'GET /Reports'])
    expect(offer).toMatchObject({ grantedCount: 5, days: 30 })
  })

  it('proposes no removal for a token too young or without traffic, but still the refusals', () => {
    const offer = leastPrivilegeOfferOf({ ...base, eligible: false })
    expect(offer?.unused).toEqual([])
    expect(offer?.missing).toHaveLength(2)
  })

  it('proposes no removal when every scope the token holds is unused (a token keeps one), but says it used none', () => {
    const offer = leastPrivilegeOfferOf({
      ...base,
      grantedCount: 1,
      unusedScopes: ['GET /Actions'],
      missingScopes: [],
    })
    expect(offer).toMatchObject({ unused: [], usedNone: true })
  })

  it('offers nothing when nothing is unused or refused, nor for a legacy credential', () => {
    expect(leastPrivilegeOfferOf({ ...base, unusedScopes: [], missingScopes: [] })).toBeNull()
    expect(leastPrivilegeOfferOf(null)).toBeNull()
  })
})

describe('scopesWithout and scopesWith', () => {
  it('removes exactly the listed scopes and keeps the order of the rest', () => {
    expect(scopesWithout(['A', 'B', 'C', 'D'], ['B', 'D'])).toEqual(['A', 'C'])
  })

  it('adds a scope once, at the end', () => {
    expect(scopesWith(['A'], 'B')).toEqual(['A', 'B'])
    expect(scopesWith(['A', 'B'], 'B')).toEqual(['A', 'B'])
  })
})
