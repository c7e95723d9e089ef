import { TokenConsoleError } from '../errors/error-codes.js'

/** Why a request path cannot be matched to a scope (see docs/SECURITY.md, "Request paths"). */
export type RequestPathFault =
  | 'notAbsolute'
  | 'backslash'
  | 'emptySegment'
  | 'dotSegment'
  | 'encodedDelimiter'
  | 'malformedEncoding'
  | 'controlCharacter'

/** `.` or `..`, also with `;parameters` after it (`..;x`), which some servers strip before resolving. */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:;[^/]*)?(?:\/|$)/
/**
 * An encoded dot, slash, backslash or percent sign, in any case: each means more after a decode;
 * so do `;`, `?` and `#`: decoded, they start the parameters some servers strip (`..%3B` is `..;`)
 * or end the path (`c_1%3F/Contracts` is `c_1` with a query).
 */
const ENCODED_DELIMITER = /%(?:2e|2f|5c|25|3b|3f|23)/i
const MALFORMED_ENCODING = /%(?![0-9a-f]{2})/i
/** Raw or encoded: a NUL cuts the path short in some servers, CR/LF split a forwarded request line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]|%(?:[01][0-9a-f]|7f)/i

/**
 * What is wrong with a request path (query and fragment already removed), or undefined when every
 * server on the way reads the same segments from it: no `.` or `..` segment, no empty segment (`//`,
 * a trailing `/`), no backslash, no encoded `.`, `/`, `\`, `%`, `;`, `?` or `#`, which a proxy or
 * service that decodes before it normalises (or decodes twice) would turn into one of those or
 * into the end of the path, no escape that is not UTF-8, and no control character, raw or encoded.
 */
export function requestPathFaultOf(path: string): RequestPathFault | undefined {
  if (!path.startsWith('/')) return 'notAbsolute'
  if (path.includes('\\')) return 'backslash'
  if (path.endsWith('/') || path.includes('//')) return 'emptySegment'
  if (DOT_SEGMENT.test(path)) return 'dotSegment'
  if (MALFORMED_ENCODING.test(path)) return 'malformedEncoding'
  // Escapes that are not UTF-8 (overlong `%c0%ae` is a dot to some old decoders): refused, not guessed.
  if (path.includes('%') && !decodesAsUtf8(path)) return 'malformedEncoding'
  if (CONTROL_CHARACTER.test(path)) return 'controlCharacter'
  if (ENCODED_DELIMITER.test(path)) return 'encodedDelimiter'
  return undefined
}

function decodesAsUtf8(path: string): boolean {
  try {
    decodeURIComponent(path)
    return true
  } catch {
    return false
  }
}

/** The path of a request target: what precedes its query (`?`) or fragment (`#`). */
export function pathOfRequestTarget(target: string): string {
  const end = target.search(/[?#]/)
  return end < 0 ? target : target.slice(0, end)
}

/**
 * A request target (path, optionally with a query) whose path may be matched to a scope; else
 * RequestPathNotCanonical (400) saying why, so a caller never gets "valid" for a path that another
 * server would resolve to a different resource.
 */
export function requireCanonicalRequestPath(target: string): string {
  const path = pathOfRequestTarget(target)
  const reason = requestPathFaultOf(path)
  if (reason !== undefined) throw new TokenConsoleError('RequestPathNotCanonical', { reason })
  return path
}
