import { createHmac, hash, timingSafeEqual } from 'node:crypto'

export const DIGEST_BYTES = 32

const SHA256_BLOCK_BYTES = 64
/** Secrets up to this many UTF-8 bytes are digested without an allocation (presented tokens are cut to 256 characters). */
const SCRATCH_SECRET_BYTES = 1_024

/** HMAC's inner and outer key blocks of one key, each followed by room for what it hashes. */
interface KeyPads {
  inner: Buffer
  outer: Buffer
}
const padsByKey = new WeakMap<Buffer, KeyPads>()

function padsOf(key: Buffer): KeyPads {
  let pads = padsByKey.get(key)
  if (!pads) {
    const block = key.length > SHA256_BLOCK_BYTES ? hash('sha256', key, 'buffer') : key
    const inner = Buffer.alloc(SHA256_BLOCK_BYTES + SCRATCH_SECRET_BYTES)
    const outer = Buffer.alloc(SHA256_BLOCK_BYTES + DIGEST_BYTES)
    for (let i = 0; i < SHA256_BLOCK_BYTES; i++) {
      inner[i] = (block[i] ?? 0) ^ 0x36
      outer[i] = (block[i] ?? 0) ^ 0x5c
    }
    pads = { inner, outer }
    padsByKey.set(key, pads)
  }
  return pads
}

/**
 * HMAC-SHA-256 of an auth token under the digest key (the "pepper"): what verification compares.
 * Every API request pays for one, so it is HMAC as RFC 2104 defines it, two one-shot SHA-256
 * hashes over key blocks prepared once per key: a createHmac object per call costs several times
 * more on a busy server (docs/PERFORMANCE.md). The secret's bytes are wiped from the scratch
 * block once hashed. Equal to createHmac for every input (secret-digest.test.ts).
 */
export function digestSecret(digestKey: Buffer, secret: string): Buffer {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: only a long secret needs its length measured.
  if (secret.length * 3 > SCRATCH_SECRET_BYTES && Buffer.byteLength(secret, 'utf8') > SCRATCH_SECRET_BYTES) {
    return createHmac('sha256', digestKey).update(secret, 'utf8').digest()
  }
  const { inner, outer } = padsOf(digestKey)
  const length = inner.write(secret, SHA256_BLOCK_BYTES, 'utf8')
  try {
    hash('sha256', inner.subarray(0, SHA256_BLOCK_BYTES + length), 'buffer').copy(outer, SHA256_BLOCK_BYTES)
    return hash('sha256', outer, 'buffer')
  } finally {
    // Nothing derived from this secret stays in the shared blocks, whatever happened above.
    inner.fill(0, SHA256_BLOCK_BYTES, SHA256_BLOCK_BYTES + length)
    outer.fill(0, SHA256_BLOCK_BYTES)
  }
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
