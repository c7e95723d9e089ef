import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { TokenConsoleError } from '../../errors/error-codes.js'
import type { Keyring } from './keyring.js'

const FORMAT = 'v1'
const NONCE_BYTES = 12
const TAG_BYTES = 16

/** What a sealed value is bound to: a copy pasted into another row does not open. */
export function tokenBinding(tokenId: string, sid: string): string {
  return `token:${tokenId}:${sid}`
}

function aad(keyId: string, binding: string): Buffer {
  return Buffer.from(`${FORMAT}.${keyId}|${binding}`, 'utf8')
}

/** AES-256-GCM with a random 96-bit nonce: `v1.<keyId>.<nonce>.<ciphertext+tag>` (base64url). */
export function sealSecret(keyring: Keyring, secret: string, binding: string): string {
  const { keyId, sealKey } = keyring.current
  const nonce = randomBytes(NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', sealKey, nonce, { authTagLength: TAG_BYTES })
  cipher.setAAD(aad(keyId, binding))
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()])
  return [FORMAT, keyId, nonce.toString('base64url'), sealed.toString('base64url')].join('.')
}

export type UnsealFailure = 'malformed' | 'unknown-key' | 'not-authentic'

/**
 * Opens a sealed value, or says why it does not open: malformed text, a key id this keyring does
 * not hold (a wrong or rotated-away master key), or a failed GCM check (tampered bytes, another
 * row's value, another key with a colliding id).
 */
export function tryOpenSealedSecret(
  keyring: Keyring,
  sealedValue: string,
  binding: string,
): { ok: true; secret: string } | { ok: false; reason: UnsealFailure } {
  const parts = sealedValue.split('.')
  if (parts.length !== 4 || parts[0] !== FORMAT) return { ok: false, reason: 'malformed' }
  const [, keyId = '', nonceText = '', bodyText = ''] = parts
  const nonce = Buffer.from(nonceText, 'base64url')
  const body = Buffer.from(bodyText, 'base64url')
  if (nonce.length !== NONCE_BYTES || body.length <= TAG_BYTES) return { ok: false, reason: 'malformed' }
  const keys = keyring.byId.get(keyId)
  if (!keys) return { ok: false, reason: 'unknown-key' }
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.sealKey, nonce, { authTagLength: TAG_BYTES })
    decipher.setAAD(aad(keyId, binding))
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
    const secret = Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8')
    return { ok: true, secret }
  } catch {
    return { ok: false, reason: 'not-authentic' }
  }
}

/** Opens a sealed value; any mismatch (format, unknown key, wrong row, tampered bytes) fails closed. */
export function openSealedSecret(keyring: Keyring, sealedValue: string, binding: string): string {
  const opened = tryOpenSealedSecret(keyring, sealedValue, binding)
  if (!opened.ok) throw new TokenConsoleError('CredentialUnavailable')
  return opened.secret
}

/** A key id's shape: 8 hex characters (keyring.ts). */
const KEY_ID = /^[0-9a-f]{8}$/

export function isKeyId(text: string): boolean {
  return KEY_ID.test(text)
}

/** The key id a sealed value was sealed under (undefined unless it has a key id's shape), for rotation and reports. */
export function sealedKeyId(sealedValue: string): string | undefined {
  const keyId = sealedValue.split('.')[1]
  return keyId !== undefined && isKeyId(keyId) ? keyId : undefined
}

/**
 * The same in SQL (both dialects) over a `sealed_secret` column: the 8 characters after `v1.`
 * (substr counts from 1), so queries can count, find or compare key ids without reading values.
 */
export const SEALED_KEY_ID_SQL = `substr(sealed_secret, ${FORMAT.length + 2}, 8)`
