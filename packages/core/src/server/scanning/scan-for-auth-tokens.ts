import { spawn } from 'node:child_process'
import { lstat, readFile, readdir, stat } from 'node:fs/promises'
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

/** A path as the findings show it, with forward slashes on every system. */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/')
}

function ignoredBy(rules: readonly Rules[], path: string, isDirectory: boolean): boolean {
  for (const { base, rules: rule } of rules) {
    const inner = base === '' ? path : path.startsWith(`${base}/`) ? path.slice(base.length + 1) : undefined
    if (inner !== undefined && rule.ignores(isDirectory ? `${inner}/` : inner)) return true
  }
  return false
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

export interface SecretsInOptions {
  /**
   * Told how many characters were read to find line numbers, each time some are: the scan reads
   * every character once for them, however many candidates the text holds (tests measure it).
   */
  onLineScan?: ((characters: number) => void) | undefined
}

/**
 * The line (from 1) of each offset of `text` asked for: the line starts are found once, on the
 * first question, in one pass over the text, and each answer is a binary search among them. A
 * file of thousands of base64 runs therefore costs its length once, not its length per run.
 */
function lineNumbers(text: string, onLineScan?: (characters: number) => void): (offset: number) => number {
  let starts: number[] | undefined
  return (offset) => {
    if (starts === undefined) {
      starts = [0]
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1)
      onLineScan?.(text.length)
    }
    // The last line start at or before the offset.
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >>> 1
      if ((starts[middle] as number) <= offset) low = middle
      else high = middle - 1
    }
    return low + 1
  }
}

/**
 * The secrets of one text: well-formed auth tokens (prefix, length and checksum; no server is
 * asked) written as is, percent-encoded or in base64 (the token is decoded and its checksum
 * verified), and webhook signing secrets by their shape. One finding per secret and line.
 */
export function secretsIn(text: string, options: SecretsInOptions = {}): SecretInText[] {
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
  const lineAt = lineNumbers(unescaped, options.onLineScan)
  for (const run of unescaped.matchAll(BASE64_RUN)) {
    const marker = BASE64_MARKER.exec(run[0])
    if (marker === null || run[0].length < BASE64_TOKEN_MIN_LENGTH) continue
    const line = lineAt(run.index + marker.index)
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

/** Variables with which a calling git (a hook) would point ours at its repository instead of the folder's. */
const GIT_LOCATION_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX']

/** Told of each file or folder that could not be read (an absolute path, the error): the scan carries on. */
type OnUnreadable = (path: string, reason: string) => void

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

/** What a git command in `folder` answered; undefined when git cannot be run. */
function runGit(
  folder: string,
  args: readonly string[],
): Promise<{ code: number | null; stdout: Buffer; stderr: string } | undefined> {
  const env = { ...process.env }
  for (const name of GIT_LOCATION_VARIABLES) delete env[name]
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const errors: Buffer[] = []
    const child = spawn('git', args, { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk))
    child.on('error', () => resolve(undefined))
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(chunks), stderr: Buffer.concat(errors).toString('utf8').trim() }),
    )
  })
}

/**
 * What git lists in the folder: tracked files (also those a later .gitignore matches, which git
 * still commits) and untracked ones no ignore rule matches, relative to the folder. Undefined when
 * the folder is not in a git work tree, git cannot be run, or git ignores the folder itself (a
 * `logs/` named on the command line is scanned whole, as a file named there is); git's own
 * warnings (a folder it could not open) and any other failure of git are passed on.
 */
async function gitListFiles(folder: string, onUnreadable: OnUnreadable): Promise<string[] | undefined> {
  const answer = await runGit(folder, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'])
  if (answer === undefined) return undefined
  const { code, stdout, stderr } = answer
  if (code !== 0) {
    if (!/not a git repository/i.test(stderr)) {
      onUnreadable(
        folder,
        `git ls-files failed (${stderr.split('\n')[0] ?? `exit ${code}`}); walked the folder with its .gitignore files instead`,
      )
    }
    return undefined
  }
  if ((await runGit(folder, ['check-ignore', '-q', '.']))?.code === 0) return undefined
  for (const line of stderr.split('\n')) if (line !== '') onUnreadable(folder, `git: ${line}`)
  const paths = stdout
    .toString('utf8')
    .split('\0')
    .filter((path) => path !== '')
  // A file with unmerged changes is listed once per stage.
  return [...new Set(paths)].sort()
}

/**
 * Outside git: the folder as git would see it (every .gitignore on the way applies to what lies
 * below it; `.git` itself is skipped), relative to the root, sorted. A folder that cannot be read
 * is skipped; a .gitignore that cannot be read is reported and its rules not applied.
 */
async function walkFiles(root: string, onUnreadable: OnUnreadable): Promise<string[]> {
  const files: string[] = []
  async function walk(folder: string, inherited: readonly Rules[]): Promise<void> {
    let entries
    try {
      entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))
    } catch (error) {
      onUnreadable(folder, reasonOf(error))
      return
    }
    let rules = inherited
    if (entries.some((entry) => entry.isFile() && entry.name === '.gitignore')) {
      try {
        const text = await readFile(join(folder, '.gitignore'), 'utf8')
        rules = [...inherited, { base: toPosix(relative(root, folder)), rules: ignore().add(text) }]
      } catch (error) {
        onUnreadable(join(folder, '.gitignore'), reasonOf(error))
      }
    }
    for (const entry of entries) {
      const path = join(folder, entry.name)
      const rel = toPosix(relative(root, path))
      if (entry.isDirectory()) {
        if (entry.name === '.git' || ignoredBy(rules, rel, true)) continue
        await walk(path, rules)
      } else if (entry.isFile() && !ignoredBy(rules, rel, false)) {
        files.push(rel)
      }
    }
  }
  await walk(root, [])
  return files
}

/**
 * The files of a folder: inside a git work tree what git lists (`git ls-files --cached --others
 * --exclude-standard`: tracked files, also those a later .gitignore matches, and untracked files
 * no ignore rule matches), each folder git lists whole (a nested repository, a submodule) scanned
 * the same way; outside git, or in a folder git ignores, a walk that honours the .gitignore files
 * in it.
 */
async function listFiles(root: string, onUnreadable: OnUnreadable): Promise<string[]> {
  const listed = await gitListFiles(root, onUnreadable)
  if (listed === undefined) return walkFiles(root, onUnreadable)
  const files: string[] = []
  for (const entry of listed) {
    const rel = entry.replace(/\/$/, '')
    let info
    try {
      info = await lstat(join(root, rel))
    } catch (error) {
      // A tracked file deleted from the work tree holds nothing to read.
      if (!isMissing(error)) onUnreadable(join(root, rel), reasonOf(error))
      continue
    }
    if (info.isDirectory()) {
      if (rel.split('/').at(-1) === '.git') continue
      files.push(...(await listFiles(join(root, rel), onUnreadable)).map((inner) => `${rel}/${inner}`))
    } else {
      files.push(rel)
    }
  }
  return files
}

/**
 * The secrets of one regular file; nothing for binary files and files over 5 MB, nor for symbolic
 * links unless told to follow them (a path named on the command line).
 */
async function secretsInFile(path: string, followLinks = false): Promise<SecretInText[]> {
  const info = await (followLinks ? stat : lstat)(path)
  if (!info.isFile() || info.size > FILE_MAX_BYTES) return []
  const bytes = await readFile(path)
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return []
  return secretsIn(bytes.toString('utf8'))
}

export interface ScanOptions {
  /**
   * Told of each file or folder that could not be read (its path relative to the scanned folder,
   * `.` for the folder itself, and why); the scan skips it and carries on.
   */
  onUnreadable?: (path: string, reason: string) => void
}

/**
 * Reports each well-formed auth token and webhook signing secret in the files of a folder (see
 * listFiles: what git would commit; symbolic links are not followed): the checksum tells a
 * real-looking token from a random string without asking a server. An entry that cannot be read
 * is skipped (and told to onUnreadable), never the end of the scan.
 */
export async function scanForAuthTokens(
  root: string,
  options: ScanOptions = {},
): Promise<AuthTokenFinding[]> {
  const onUnreadable: OnUnreadable = (path, reason) =>
    options.onUnreadable?.(toPosix(relative(root, path)) || '.', reason)
  const findings: AuthTokenFinding[] = []
  for (const file of await listFiles(root, onUnreadable)) {
    let secrets: SecretInText[]
    try {
      secrets = await secretsInFile(join(root, file))
    } catch (error) {
      onUnreadable(join(root, file), reasonOf(error))
      continue
    }
    for (const { line, kind, encoding, secret } of secrets) {
      findings.push({ file, line, kind, encoding, masked: maskSecret(secret) })
    }
  }
  return findings
}

/**
 * The secrets of one file named by the caller (a pre-commit hook's file list): read whatever
 * ignore rules say, a symbolic link followed; `file` is the name given. Throws when it cannot be read.
 */
export async function scanFileForAuthTokens(path: string, file: string): Promise<AuthTokenFinding[]> {
  return (await secretsInFile(path, true)).map(({ line, kind, encoding, secret }) => ({
    file,
    line,
    kind,
    encoding,
    masked: maskSecret(secret),
  }))
}
