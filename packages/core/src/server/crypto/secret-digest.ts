import { createHmac, timingSafeEqual } from 'node:crypto'

export const DIGEST_BYTES = 32

/** HMAC-SHA-256 of an auth token under the digest key (the "pepper"): what verification compares. */
export function digestSecret(digestKey: Buffer, secret: string): Buffer {
  return createHmac('sha256', digestKey).update(secret, 'utf8').digest()
}

export function encodeDigest(digest: Buffer): string {
  return digest.toString('base64url')
}

/** A stored digest as bytes; anything that is not exactly 32 bytes becomes zeros and never matches. */
export function decodeDigest(stored: string): Buffer {
  const bytes = Buffer.from(stored, 'base64url')
  return bytes.length === DIGEST_BYTES ? bytes : Buffer.alloc(DIGEST_BYTES)
}

/** Constant-time comparison of two fixed-length digests. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === DIGEST_BYTES && b.length === DIGEST_BYTES && timingSafeEqual(a, b)
}
