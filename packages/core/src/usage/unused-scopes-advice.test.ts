import { describe, expect, it } from 'vitest'
import { unusedScopesAdviceOf } from './unused-scopes-advice.js'
import type { LeastPrivilege } from './usage-schemas.js'

const base: LeastPrivilege = {
  eligible: true,
  days: 30,
  grantedCount: 3,
  unusedScopes: ['GET /Reports/{Id}', 'DELETE /Reports/{Id}'],
  missingScopes: [],
}

describe('the advice about unused scopes', () => {
  it('offers to remove the unused scopes when the token keeps at least one it used', () => {
    expect(unusedScopesAdviceOf(base)).toEqual({
      kind: 'remove',
      scopes: ['GET /Reports/{Id}', 'DELETE /Reports/{Id}'],
    })
  })

  it('offers no removal when every scope it holds went unused (a token needs one), but says it used none', () => {
    // Holds GET /Reports only; its integration only called POST /Clicks, which was refused.
    const usedNone = { ...base, grantedCount: 1, unusedScopes: ['GET /Reports'] }
    expect(unusedScopesAdviceOf(usedNone)).toEqual({ kind: 'usedNone' })
  })

  it('says nothing for a token not eligible, or with no scope unused', () => {
    expect(unusedScopesAdviceOf({ ...base, eligible: false })).toBeNull()
    expect(unusedScopesAdviceOf({ ...base, unusedScopes: [] })).toBeNull()
  })
})
