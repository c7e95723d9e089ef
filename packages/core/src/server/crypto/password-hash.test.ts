import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from './password-hash.js'

describe('password hashes', () => {
  it('stores scrypt parameters, salt and hash, and accepts only the right password', async () => {
    const stored = await hashPassword('demo-password')
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/)
    expect(stored).not.toContain('demo-password')
    expect(await verifyPassword('demo-password', stored)).toBe(true)
    expect(await verifyPassword('demo-passwore', stored)).toBe(false)
  })

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'))
  })

  it('refuses malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false)
  })
})
