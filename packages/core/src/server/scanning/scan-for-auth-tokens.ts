import { open, readFile, readdir } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import ignore, { type Ignore } from 'ignore'
import {
  AUTH_TOKEN_BODY_LENGTH,
  AUTH_TOKEN_CHECKSUM_LENGTH,
  AUTH_TOKEN_PREFIX,
  isWellFormedAuthToken,
  maskAuthToken,
} from '../../credentials/credential-format.js'

/** What a finding is: a checksummed auth token, or a webhook signing secret (no checksum). */
export type SecretKind = 'auth-token' | 'webhook-secret'
/** How the secret was written: as is, in base64 (an `Authorization: Basic` header), or percent-encoded. */
export type SecretEncoding = 'plain' | 'base64' | 'percent-encoded'

/** A credential found in a file: where, what, and only its first characters. */
export interface AuthTokenFinding {
  /** Relative to the scanned folder, with `/` separators. */
  file: string
  line: number
  kind: SecretKind
  encoding: SecretEncoding
  masked: string
}

/**
 * What may stand right before a secret: no word character (so `xtcat_…` inside a longer word is
 * not one), or an escape that ends in a letter or digit: a percent-escape (`SID%3Atcat_…`), a JSON
 * or C string escape (`"a\ntcat_…"`, `\u003A`, `\x3a`).
 */
const BEFORE = String.raw`(?:(?<![0-9A-Za-z_])|(?<=%[0-9A-Fa-f]{2})|(?<=\\[bfnrt])|(?<=\\u[0-9A-Fa-f]{4})|(?<=\\x[0-9A-Fa-f]{2}))`
/** Candidates: the prefix and the right number of base62 characters, not inside a longer word. */
const CANDIDATE = new RegExp(
  `${BEFORE}${AUTH_TOKEN_PREFIX}[0-9A-Za-z]{${AUTH_TOKEN_BODY_LENGTH + AUTH_TOKEN_CHECKSUM_LENGTH}}(?![0-9A-Za-z])`,
  'g',
)
/**
 * Standard Webhooks signing secrets: `whsec_` and the base64 of 24 to 64 bytes (ours: 32 bytes, 44
 * characters). They carry no checksum, so they are recognised by their shape only.
 */
const WEBHOOK_SECRET_PREFIX = 'whsec_'
const WEBHOOK_SECRET = new RegExp(
  `${BEFORE}${WEBHOOK_SECRET_PREFIX}[A-Za-z0-9+/]{32,88}={0,2}(?![A-Za-z0-9+/=])`,
  'g',
)
/**
 * Runs of base64 or base64url characters, continued over line breaks (`base64` wraps at 76
 * characters). A token (39 bytes) takes at least 52 base64 characters.
 */
const BASE64_RUN = /[A-Za-z0-9+/_-]+(?:\r?\n[A-Za-z0-9+/_-]+)*/g
const BASE64_TOKEN_MIN_LENGTH = Math.floor(
  ((AUTH_TOKEN_PREFIX.length + AUTH_TOKEN_BODY_LENGTH + AUTH_TOKEN_CHECKSUM_LENGTH) * 4) / 3,
)
/**
 * The characters of base64(`tcat_`) that do not depend on its neighbours, for each of its three
 * alignments in the encoded bytes. base64(SID + ":tcat_…"), an `Authorization: Basic` value, has
 * `OnRjYXRf` at offsets 32-39 (an Account SID is 24 characters, exactly 32 base64 characters), which
 * holds the second of them.
 */
export const BASE64_TOKEN_MARKERS = ['dGNhdF', 'RjYXRf', '0Y2F0X'] as const
const BASE64_MARKER = new RegExp(BASE64_TOKEN_MARKERS.join('|'))
/** Larger files are build output or data, not configuration someone pasted a token into. */
const FILE_MAX_BYTES = 5 * 1_024 * 1_024
const BINARY_SNIFF_BYTES = 8_000

interface Rules {
  /** The folder the .gitignore sits in, relative to the root ('' for the root). */
  base: string
  rules: Ignore
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

function ignoredBy(rules: readonly Rules[], path: string, isDirectory: boolean): boolean {
  for (const { base, rules: rule } of rules) {
    const inner = base === '' ? path : path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined
    if (inner !== undefined && rule.ignores(isDirectory ? `${inner}/` : inner)) return true
  }
  return false
}

async function looksBinary(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(BINARY_SNIFF_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_BYTES, 0)
    return buffer.subarray(0, bytesRead).includes(0)
  } finally {
    await handle.close()
  }
}

function percentDecoded(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

function wellFormedTokensIn(text: string): string[] {
  return [...text.matchAll(CANDIDATE)].map((match) => match[0]).filter(isWellFormedAuthToken)
}

/** The first characters of a secret only: the prefix and four more. */
export function maskSecret(value: string): string {
  return value.startsWith(WEBHOOK_SECRET_PREFIX)
    ? `${value.slice(0, WEBHOOK_SECRET_PREFIX.length + 4)}${'•'.repeat(8)}`
    : maskAuthToken(value)
}

export interface SecretInText {
  line: number
  kind: SecretKind
  encoding: SecretEncoding
  /** The secret itself (decoded): never print it, mask it. */
  secret: string
}

/**
 * The secrets of one text: well-formed auth tokens (prefix, length and checksum; no server is
 * asked) written as is, percent-encoded or in base64 (the token is decoded and its checksum
 * verified), and webhook signing secrets by their shape. One finding per secret and line.
 */
export function secretsIn(text: string): SecretInText[] {
  const found: SecretInText[] = []
  const seen = new Set<string>()
  const add = (line: number, kind: SecretKind, encoding: SecretEncoding, secret: string) => {
    const key = `${line}\u0000${secret}`
    if (seen.has(key)) return
    seen.add(key)
    found.push({ line, kind, encoding, secret })
  }
  const lines = text.split('\n')
  lines.forEach((content, index) => {
    const line = index + 1
    for (const token of wellFormedTokensIn(content)) add(line, 'auth-token', 'plain', token)
    for (const match of content.matchAll(WEBHOOK_SECRET)) add(line, 'webhook-secret', 'plain', match[0])
    if (content.includes('%')) {
      const decoded = percentDecoded(content)
      for (const token of wellFormedTokensIn(decoded)) add(line, 'auth-token', 'percent-encoded', token)
      for (const match of decoded.matchAll(WEBHOOK_SECRET))
        add(line, 'webhook-secret', 'percent-encoded', match[0])
    }
  })
  // JSON may escape `/` as `\/`; dropping the backslash keeps every line where it was.
  const unescaped = text.replaceAll('\\/', '/')
  for (const run of unescaped.matchAll(BASE64_RUN)) {
    const marker = BASE64_MARKER.exec(run[0])
    if (marker === null || run[0].length < BASE64_TOKEN_MIN_LENGTH) continue
    const line = unescaped.slice(0, run.index + marker.index).split('\n').length
    const joined = run[0].replace(/\r?\n/g, '')
    // The encoded value may start anywhere in the run (`Basic` glued to it, a `\n` escape before
    // it): one of four starting points is aligned with it.
    for (let offset = 0; offset < 4; offset++) {
      const decoded = Buffer.from(joined.slice(offset), 'base64').toString('latin1')
      for (const token of wellFormedTokensIn(decoded)) add(line, 'auth-token', 'base64', token)
    }
  }
  return found.sort((a, b) => a.line - b.line)
}

/**
 * Walks a folder as git would see it (every .gitignore on the way applies to what lies below it;
 * `.git` itself is skipped; symbolic links are not followed) and reports each well-formed auth
 * token: the checksum tells a real-looking token from a random string without asking a server.
 */
export async function scanForAuthTokens(root: string): Promise<AuthTokenFinding[]> {
  const findings: AuthTokenFinding[] = []

  async function walk(folder: string, inherited: readonly Rules[]): Promise<void> {
    const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )
    let rules = inherited
    if (entries.some((entry) => entry.isFile() && entry.name === '.gitignore')) {
      const text = await readFile(join(folder, '.gitignore'), 'utf8')
      rules = [...inherited, { base: toPosix(relative(root, folder)), rules: ignore().add(text) }]
    }
    for (const entry of entries) {
      const path = join(folder, entry.name)
      const rel = toPosix(relative(root, path))
      if (entry.isDirectory()) {
        if (entry.name === '.git' || ignoredBy(rules, rel, true)) continue
        await walk(path, rules)
      } else if (entry.isFile() && !ignoredBy(rules, rel, false)) {
        const handle = await open(path, 'r')
        const { size } = await handle.stat()
        await handle.close()
        if (size > FILE_MAX_BYTES || (await looksBinary(path))) continue
        for (const { line, kind, encoding, secret } of secretsIn(await readFile(path, 'utf8'))) {
          findings.push({ file: rel, line, kind, encoding, masked: maskSecret(secret) })
        }
      }
    }
  }

  await walk(root, [])
  return findings
}
