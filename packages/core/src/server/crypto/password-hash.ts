import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const N = 16_384
const R = 8
const P = 1
const KEY_BYTES = 32

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

const maxmem = (n: number, r: number) => 128 * n * r * 2

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url: parameters travel with the hash so they can grow. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scryptAsync(password, salt, { N, r: R, p: P, maxmem: maxmem(N, R) })
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, nText, rText, pText, saltText, hashText] = stored.split('$')
  const n = Number(nText)
  const r = Number(rText)
  const p = Number(pText)
  if (scheme !== 'scrypt' || !saltText || !hashText || ![n, r, p].every(Number.isSafeInteger)) return false
  const expected = Buffer.from(hashText, 'base64url')
  const actual = await scryptAsync(password, Buffer.from(saltText, 'base64url'), {
    N: n,
    r,
    p,
    maxmem: maxmem(n, r),
  })
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}
