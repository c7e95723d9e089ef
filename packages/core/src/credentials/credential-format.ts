/**
 * Credential formats. An Account SID is `TK` + 22 base62 characters (≥ 130 random bits); an auth
 * token is `tcat_` + 28 base62 characters (≥ 166 random bits) + a 6-character base62 CRC32 of
 * everything before it, so a leaked token can be recognised offline (secret scanners) and a
 * mistyped one refused without a database lookup.
 */
export const ACCOUNT_SID_PREFIX = 'TK'
export const ACCOUNT_SID_BODY_LENGTH = 22
export const AUTH_TOKEN_PREFIX = 'tcat_'
export const AUTH_TOKEN_BODY_LENGTH = 28
export const AUTH_TOKEN_CHECKSUM_LENGTH = 6
export const AUTH_TOKEN_LENGTH =
  AUTH_TOKEN_PREFIX.length + AUTH_TOKEN_BODY_LENGTH + AUTH_TOKEN_CHECKSUM_LENGTH

export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

const ACCOUNT_SID_PATTERN = new RegExp(`^${ACCOUNT_SID_PREFIX}[0-9A-Za-z]{${ACCOUNT_SID_BODY_LENGTH}}$`)
const AUTH_TOKEN_PATTERN = new RegExp(
  `^${AUTH_TOKEN_PREFIX}[0-9A-Za-z]{${AUTH_TOKEN_BODY_LENGTH + AUTH_TOKEN_CHECKSUM_LENGTH}}$`,
)

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff
  for (let i = 0; i < text.length; i++) {
    crc = (CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff] as number) ^ (crc >>> 8)
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** Fixed-width base62 of a 32-bit checksum. */
export function checksumOf(textBeforeChecksum: string): string {
  let value = crc32(textBeforeChecksum)
  let out = ''
  for (let i = 0; i < AUTH_TOKEN_CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out
    value = Math.floor(value / 62)
  }
  return out
}

/** Offline check: right prefix, alphabet, length and checksum. Says nothing about validity. */
export function isWellFormedAuthToken(value: string): boolean {
  if (value.length !== AUTH_TOKEN_LENGTH || !AUTH_TOKEN_PATTERN.test(value)) return false
  const split = value.length - AUTH_TOKEN_CHECKSUM_LENGTH
  return checksumOf(value.slice(0, split)) === value.slice(split)
}

export function isWellFormedAccountSid(value: string): boolean {
  return ACCOUNT_SID_PATTERN.test(value)
}

/** Shows the first characters of a secret only, for places that must identify but not disclose. */
export function maskAuthToken(value: string): string {
  return `${value.slice(0, AUTH_TOKEN_PREFIX.length + 4)}${'•'.repeat(8)}`
}
