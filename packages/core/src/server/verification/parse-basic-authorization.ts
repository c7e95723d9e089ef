export const AUTHORIZATION_MAX_LENGTH = 1_024

const BASIC = /^basic ([A-Za-z0-9+/]+={0,2})$/i
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * `Basic base64(sid:token)`, strictly: the scheme is case-insensitive (RFC 7235) followed by one
 * space and canonical padded base64 of valid UTF-8 without NUL; both parts non-empty. Anything
 * else is undefined, and the caller answers it exactly like a wrong credential.
 */
export function parseBasicAuthorization(header: unknown): { accountSid: string; authToken: string } | undefined {
  if (typeof header !== 'string' || header.length > AUTHORIZATION_MAX_LENGTH) return undefined
  const match = BASIC.exec(header)
  const encoded = match?.[1]
  if (!encoded || encoded.length % 4 !== 0) return undefined
  const bytes = Buffer.from(encoded, 'base64')
  // Re-encoding must give the input back: refuses non-zero padding bits and other lenient forms.
  if (bytes.toString('base64') !== encoded) return undefined
  let decoded: string
  try {
    decoded = utf8.decode(bytes)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const colon = decoded.indexOf(':')
  if (colon <= 0 || colon === decoded.length - 1) return undefined
  return { accountSid: decoded.slice(0, colon), authToken: decoded.slice(colon + 1) }
}
