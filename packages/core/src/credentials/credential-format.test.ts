import { describe, expect, it } from 'vitest'
import {
  checksumOf,
  crc32,
  isWellFormedAccountSid,
  isWellFormedAuthToken,
  maskAuthToken,
} from './credential-format.js'

describe('credential format', () => {
  it('computes the IEEE CRC-32', () => {
    expect(crc32('123456789')).toBe(0xcbf43926)
    expect(checksumOf('tcat_')).toHaveLength(6)
  })

  it('accepts an auth token whose checksum matches and refuses wrong prefix, length or alphabet', () => {
    const body = 'tcat_' + 'a'.repeat(28)
    const token = body + checksumOf(body)
    expect(isWellFormedAuthToken(token)).toBe(true)
    expect(isWellFormedAuthToken(`tcaT_${token.slice(5)}`)).toBe(false)
    expect(isWellFormedAuthToken(token.slice(0, -1))).toBe(false)
    expect(isWellFormedAuthToken(`${token.slice(0, 10)}-${token.slice(11)}`)).toBe(false)
  })

  it('checks account SIDs by prefix and length', () => {
    expect(isWellFormedAccountSid(`TK${'A'.repeat(22)}`)).toBe(true)
    expect(isWellFormedAccountSid(`TK${'A'.repeat(21)}`)).toBe(false)
    expect(isWellFormedAccountSid(`tk${'A'.repeat(22)}`)).toBe(false)
  })

  it('masks all but the start of an auth token', () => {
    expect(maskAuthToken('tcat_ABCDEFGHIJ')).toBe('tcat_ABCD••••••••')
  })
})
