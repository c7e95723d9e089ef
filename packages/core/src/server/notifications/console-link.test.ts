import { describe, expect, it } from 'vitest'
import { tokenConsoleLink } from './console-link.js'

describe('the console link of a token', () => {
  it('is the scoped token’s own page at the public address', () => {
    expect(tokenConsoleLink('https://tokens.example.com', { id: 'tok_1', kind: 'scoped' })).toBe(
      'https://tokens.example.com/settings/api/tokens/tok_1',
    )
  })

  it('joins an address given with a trailing slash without doubling it', () => {
    expect(tokenConsoleLink('https://tokens.example.com/', { id: 'tok_1', kind: 'scoped' })).toBe(
      'https://tokens.example.com/settings/api/tokens/tok_1',
    )
  })

  it.each(['legacy_read_write', 'legacy_read_only'] as const)(
    'is the legacy tokens page for a %s credential, which has no page of its own',
    (kind) => {
      expect(tokenConsoleLink('http://localhost:5173', { id: 'tok_2', kind })).toBe(
        'http://localhost:5173/settings/api/legacy',
      )
    },
  )
})
