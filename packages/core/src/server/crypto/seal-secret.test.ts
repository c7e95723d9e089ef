import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { TokenConsoleError } from '../../errors/error-codes.js'
import { createKeyring, deriveKeys } from './keyring.js'
import { openSealedSecret, sealSecret, sealedKeyId, tokenBinding } from './seal-secret.js'

const secret = 'tcat_0123456789ABCDEFGHIJabcdefghXYZ123'
const binding = tokenBinding('tok_1', 'TK0000000000000000000001')

function expectUnavailable(open: () => string) {
  expect(open).toThrowError(TokenConsoleError)
  try {
    open()
  } catch (error) {
    expect((error as TokenConsoleError).code).toBe('CredentialUnavailable')
  }
}

describe('sealing auth tokens', () => {
  it('opens what it sealed, with the current key id in the sealed text and never the secret', () => {
    const keyring = createKeyring(randomBytes(32))
    const sealed = sealSecret(keyring, secret, binding)
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
    expect(sealed).not.toContain(secret)
    expect(sealedKeyId(sealed)).toBe(keyring.current.keyId)
    expect(openSealedSecret(keyring, sealed, binding)).toBe(secret)
  })

  it('uses a fresh nonce every time', () => {
    const keyring = createKeyring(randomBytes(32))
    expect(sealSecret(keyring, secret, binding)).not.toBe(sealSecret(keyring, secret, binding))
  })

  it('fails closed when any byte of the ciphertext, tag or nonce is tampered with', () => {
    const keyring = createKeyring(randomBytes(32))
    const sealed = sealSecret(keyring, secret, binding)
    const [version, keyId, nonce, body] = sealed.split('.') as [string, string, string, string]
    const bodyBytes = Buffer.from(body, 'base64url')
    for (let i = 0; i < bodyBytes.length; i++) {
      const tampered = Buffer.from(bodyBytes)
      tampered[i] = (tampered[i] as number) ^ 0x01
      expectUnavailable(() =>
        openSealedSecret(keyring, [version, keyId, nonce, tampered.toString('base64url')].join('.'), binding),
      )
    }
    const nonceBytes = Buffer.from(nonce, 'base64url')
    nonceBytes[0] = (nonceBytes[0] as number) ^ 0x80
    expectUnavailable(() =>
      openSealedSecret(keyring, [version, keyId, nonceBytes.toString('base64url'), body].join('.'), binding),
    )
    expectUnavailable(() => openSealedSecret(keyring, `v2.${keyId}.${nonce}.${body}`, binding))
    expectUnavailable(() => openSealedSecret(keyring, 'garbage', binding))
  })

  it('fails closed under a wrong master key', () => {
    const sealed = sealSecret(createKeyring(randomBytes(32)), secret, binding)
    expectUnavailable(() => openSealedSecret(createKeyring(randomBytes(32)), sealed, binding))
  })

  it('fails closed when a sealed value is moved to another row', () => {
    const keyring = createKeyring(randomBytes(32))
    const sealed = sealSecret(keyring, secret, binding)
    expectUnavailable(() =>
      openSealedSecret(keyring, sealed, tokenBinding('tok_2', 'TK0000000000000000000001')),
    )
    expectUnavailable(() =>
      openSealedSecret(keyring, sealed, tokenBinding('tok_1', 'TK0000000000000000000002')),
    )
  })

  it('still opens values sealed under a previous master key kept in the keyring, and seals with the new one', () => {
    const oldKey = randomBytes(32)
    const newKey = randomBytes(32)
    const sealedBefore = sealSecret(createKeyring(oldKey), secret, binding)
    const rotated = createKeyring(newKey, [oldKey])
    expect(openSealedSecret(rotated, sealedBefore, binding)).toBe(secret)
    expect(sealedKeyId(sealSecret(rotated, secret, binding))).toBe(deriveKeys(newKey).keyId)
    expect(deriveKeys(newKey).keyId).not.toBe(deriveKeys(oldKey).keyId)
  })

  it('derives different digest and sealing keys from one master key', () => {
    const keys = deriveKeys(randomBytes(32))
    expect(keys.digestKey.equals(keys.sealKey)).toBe(false)
    expect(keys.digestKey).toHaveLength(32)
  })
})
