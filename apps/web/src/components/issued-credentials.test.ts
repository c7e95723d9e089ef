import { describe, expect, it } from 'vitest'
import { NEW_CREDENTIALS } from '../test-support/console-fixtures'
import { isIssuedFor } from './issued-credentials'

describe('isIssuedFor', () => {
  it('matches the token that was reset, or the copy that was made, and no other', () => {
    const reset = { action: 'reset', tokenId: 'tok_a', name: 'A', credentials: NEW_CREDENTIALS } as const
    const copy = {
      action: 'duplicate',
      tokenId: 'tok_copy',
      name: 'A (copy)',
      credentials: NEW_CREDENTIALS,
    } as const
    expect(isIssuedFor(reset, 'tok_a')).toBe(true)
    expect(isIssuedFor(reset, 'tok_b')).toBe(false)
    expect(isIssuedFor(copy, 'tok_copy')).toBe(true)
    expect(isIssuedFor(copy, 'tok_a')).toBe(false)
  })

  it('never matches legacy credentials or an empty panel', () => {
    const legacy = { action: 'legacyReset', access: 'read_only', credentials: NEW_CREDENTIALS } as const
    expect(isIssuedFor(legacy, 'tok_a')).toBe(false)
    expect(isIssuedFor(null, 'tok_a')).toBe(false)
  })
})
