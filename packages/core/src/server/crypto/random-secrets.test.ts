import { describe, expect, it } from 'vitest'
import {
  AUTH_TOKEN_LENGTH,
  AUTH_TOKEN_PREFIX,
  BASE62,
  isWellFormedAccountSid,
  isWellFormedAuthToken,
} from '../../credentials/credential-format.js'
import { generateAccountSid, generateAuthToken, generateId, randomBase62 } from './random-secrets.js'

function changeOneCharacter(value: string, position: number, replacementIndex: number): string {
  const current = value[position] as string
  const alphabet = position < AUTH_TOKEN_PREFIX.length ? 'abcdefghijklmnopqrstuvwxyz_' : BASE62
  const choices = [...alphabet].filter((c) => c !== current)
  const replacement = choices[replacementIndex % choices.length] as string
  return value.slice(0, position) + replacement + value.slice(position + 1)
}

describe('generated secrets', () => {
  it('produces 10,000 distinct auth tokens that all pass the offline format check, and any one-character change fails it', () => {
    const tokens = new Set<string>()
    for (let i = 0; i < 10_000; i++) {
      const token = generateAuthToken()
      expect(token).toHaveLength(AUTH_TOKEN_LENGTH)
      expect(isWellFormedAuthToken(token)).toBe(true)
      const position = i % AUTH_TOKEN_LENGTH
      expect(isWellFormedAuthToken(changeOneCharacter(token, position, i))).toBe(false)
      tokens.add(token)
    }
    expect(tokens.size).toBe(10_000)
  })

  it('refuses every single-character substitution of one auth token, in every position', () => {
    const token = generateAuthToken()
    for (let position = 0; position < token.length; position++) {
      for (const replacement of BASE62) {
        if (replacement === token[position]) continue
        const changed = token.slice(0, position) + replacement + token.slice(position + 1)
        expect(isWellFormedAuthToken(changed), `${position}:${replacement}`).toBe(false)
      }
    }
  })

  it('makes account SIDs in the documented format', () => {
    for (let i = 0; i < 1_000; i++) expect(isWellFormedAccountSid(generateAccountSid())).toBe(true)
  })

  it('draws base62 characters from the whole alphabet only', () => {
    const seen = new Set(randomBase62(20_000))
    expect([...seen].every((c) => BASE62.includes(c))).toBe(true)
    expect(seen.size).toBe(62)
  })

  it('gives row ids a readable prefix and the id alphabet of the HTTP contract', () => {
    expect(generateId('tok')).toMatch(/^tok_[0-9A-Za-z]{20}$/)
  })
})
