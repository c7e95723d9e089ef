import { isUtf8 } from 'node:buffer'
import type { BasicCredential } from '../core-contract.js'

export const AUTHORIZATION_MAX_LENGTH = 1_024

const BASIC = /^basic ([A-Za-z0-9+/]+={0,2})$/i

function base64Value(code: number): number {
  if (code >= 65 && code <= 90) return code - 65 // A-Z
  if (code >= 97 && code <= 122) return code - 71 // a-z
  if (code >= 48 && code <= 57) return code + 4 // 0-9
  return code === 43 ? 62 : 63 // + /
}

const EQUALS = 61

/** With `==` the last character's low 4 bits are unused, with `=` the low 2 bits: both must be zero. */
function paddingBitsAreZero(encoded: string): boolean {
  const n = encoded.length
  if (encoded.charCodeAt(n - 2) === EQUALS) return (base64Value(encoded.charCodeAt(n - 3)) & 0x0f) === 0
  if (encoded.charCodeAt(n - 1) === EQUALS) return (base64Value(encoded.charCodeAt(n - 2)) & 0x03) === 0
  return true
}

/**
 * `Basic base64(sid:token)`, strictly: the scheme is case-insensitive (RFC 7235) followed by one
 * space and canonical padded base64 of valid UTF-8 without NUL; both parts non-empty. Anything
 * else is undefined, and the caller answers it exactly like a wrong credential.
 */
export function parseBasicAuthorization(header: unknown): BasicCredential | undefined {
  if (typeof header !== 'string' || header.length > AUTHORIZATION_MAX_LENGTH) return undefined
  const match = BASIC.exec(header)
  const encoded = match?.[1]
  if (!encoded || encoded.length % 4 !== 0) return undefined
  // Canonical base64 only: the pattern fixed the alphabet and the padding's place, and the bits the
  // padding leaves unused must be zero (a lenient decoder would accept several spellings of one value).
  if (!paddingBitsAreZero(encoded)) return undefined
  const bytes = Buffer.from(encoded, 'base64')
  // Valid UTF-8 only, a leading byte-order mark dropped (what a fatal TextDecoder does, whose
  // checks cost several times more on this path than the native validation).
  if (!isUtf8(bytes)) return undefined
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const decoded = bytes.toString('utf8', bom)
  if (decoded.includes('\0')) return undefined
  const colon = decoded.indexOf(':')
  if (colon <= 0 || colon === decoded.length - 1) return undefined
  return { accountSid: decoded.slice(0, colon), authToken: decoded.slice(colon + 1) }
}
