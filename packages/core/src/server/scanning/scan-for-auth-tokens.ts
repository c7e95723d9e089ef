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

/** A well-formed auth token found in a file: where, and only its first characters. */
export interface AuthTokenFinding {
  /** Relative to the scanned folder, with `/` separators. */
  file: string
  line: number
  masked: string
}

/** Candidates: the prefix and the right number of base62 characters, not inside a longer word. */
const CANDIDATE = new RegExp(
  `(?<![0-9A-Za-z_])${AUTH_TOKEN_PREFIX}[0-9A-Za-z]{${AUTH_TOKEN_BODY_LENGTH + AUTH_TOKEN_CHECKSUM_LENGTH}}(?![0-9A-Za-z])`,
  'g',
)
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

/** The well-formed auth tokens (prefix, length and checksum; no server is asked) of one text. */
export function authTokensIn(text: string): { line: number; token: string }[] {
  const found: { line: number; token: string }[] = []
  const lines = text.split('\n')
  lines.forEach((content, index) => {
    for (const match of content.matchAll(CANDIDATE)) {
      if (isWellFormedAuthToken(match[0])) found.push({ line: index + 1, token: match[0] })
    }
  })
  return found
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
        for (const { line, token } of authTokensIn(await readFile(path, 'utf8'))) {
          findings.push({ file: rel, line, masked: maskAuthToken(token) })
        }
      }
    }
  }

  await walk(root, [])
  return findings
}
