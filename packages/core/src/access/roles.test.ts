import { describe, expect, it } from 'vitest'
import { canManageApiTokens } from './roles.js'

describe('the permission rule', () => {
  it('lets Account Administrators and Implementation Specialists manage API tokens, and nobody else', () => {
    expect(canManageApiTokens('account_administrator')).toBe(true)
    expect(canManageApiTokens('implementation_specialist')).toBe(true)
    expect(canManageApiTokens('analyst')).toBe(false)
  })
})
