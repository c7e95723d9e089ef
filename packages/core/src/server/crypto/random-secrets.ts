import { randomBytes } from 'node:crypto'
import {
  ACCOUNT_SID_BODY_LENGTH,
  ACCOUNT_SID_PREFIX,
  AUTH_TOKEN_BODY_LENGTH,
  AUTH_TOKEN_PREFIX,
  BASE62,
  checksumOf,
} from '../../credentials/credential-format.js'

/** The largest multiple of 62 that fits a byte: bytes at or above it are discarded (no modulo bias). */
const UNBIASED_LIMIT = 256 - (256 % 62)

/** `length` characters drawn uniformly from the base62 alphabet with the system CSPRNG. */
export function randomBase62(length: number): string {
  let out = ''
  while (out.length < length) {
    // Ask for a little more than needed: about 3% of bytes are rejected.
    for (const byte of randomBytes(length - out.length + 8)) {
      if (byte >= UNBIASED_LIMIT) continue
      out += BASE62[byte % 62]
      if (out.length === length) break
    }
  }
  return out
}

export function generateAccountSid(): string {
  return ACCOUNT_SID_PREFIX + randomBase62(ACCOUNT_SID_BODY_LENGTH)
}

export function generateAuthToken(): string {
  const withoutChecksum = AUTH_TOKEN_PREFIX + randomBase62(AUTH_TOKEN_BODY_LENGTH)
  return withoutChecksum + checksumOf(withoutChecksum)
}

/** Row ids: a readable prefix plus 20 base62 characters (≈119 random bits). */
export function generateId(prefix: 'acc' | 'usr' | 'tok' | 'evt' | 'lek' | 'msg' | 'whk' | 'dlv'): string {
  return `${prefix}_${randomBase62(20)}`
}

/** 256 random bits, base64url: session ids and CSRF tokens. */
export function generateOpaqueSecret(): string {
  return randomBytes(32).toString('base64url')
}
