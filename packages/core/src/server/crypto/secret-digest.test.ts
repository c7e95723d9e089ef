import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { digestSecret } from './secret-digest.js'

const reference = (key: Buffer, secret: string) => createHmac('sha256', key).update(secret, 'utf8').digest()

describe('digesting secrets', () => {
  it('equals HMAC-SHA-256 for empty, ASCII, multi-byte, boundary-length and long secrets', () => {
    const key = randomBytes(32)
    const secrets = [
      '',
      'tcat_0123456789abcdefghijABCDEFGHIJ_x1y2z3',
      '令牌🔑ÄÖÜ',
      'x'.repeat(341),
      'x'.repeat(342),
      '€'.repeat(341),
      '€'.repeat(342),
      'x'.repeat(1_024),
      'x'.repeat(1_025),
      '🔑'.repeat(300),
      'x'.repeat(100_000),
    ]
    for (const secret of secrets)
      expect(digestSecret(key, secret), secret.slice(0, 20)).toEqual(reference(key, secret))
  })

  it('keeps each key and each call apart: a longer secret leaves nothing behind for a shorter one', () => {
    const [a, b] = [randomBytes(32), randomBytes(32)]
    for (let i = 0; i < 200; i++) {
      const secret = randomBytes(i % 50).toString('base64')
      const key = i % 2 ? a : b
      expect(digestSecret(key, secret)).toEqual(reference(key, secret))
    }
  })

  it('handles keys longer than a SHA-256 block as HMAC does, by hashing them first', () => {
    const key = randomBytes(100)
    expect(digestSecret(key, 'secret')).toEqual(reference(key, 'secret'))
  })
})
