import { stat } from 'node:fs/promises'
import { join, posix, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  type AuthTokenFinding,
  scanFileForAuthTokens,
  scanForAuthTokens,
  toPosix,
} from '../scanning/scan-for-auth-tokens.js'
import type { CommandOutput } from './command-output.js'
import { callerFolder } from './cli-paths.js'

export const SCAN_USAGE = `Usage: scan-secrets <path>...

Reports file:line of every well-formed Token Console auth token (prefix, length and checksum
verified offline; no server is asked) in the given folders and files: written as is,
percent-encoded, or in base64 as in an \`Authorization: Basic\` header (decoded, then verified).
Webhook signing secrets (whsec_…) are reported too, by their shape (they carry no checksum). Only
the first characters of a secret are printed.

A folder inside a git work tree is scanned as git lists it (tracked files, even those a later
.gitignore matches, and untracked files no ignore rule matches); outside git, its .gitignore files
are honoured. A file named here is always scanned (a pre-commit hook may pass its file list), and so
is a folder named here that git ignores (logs, HAR files), with the .gitignore files inside it. With
one folder, paths are shown relative to it; otherwise as given.

Exit code 1 when any secret is found, 0 when none, 2 on a usage error (no path, an unknown option,
a path that does not exist). A file or folder that cannot be read is skipped with a warning on
stderr. --help prints this text.`

function describe(finding: AuthTokenFinding): string {
  const what =
    finding.kind === 'auth-token'
      ? `auth token ${finding.masked}`
      : `webhook signing secret ${finding.masked} (unverified: recognised by its shape, no checksum)`
  const how =
    finding.encoding === 'base64'
      ? ' (in base64, as in an Authorization: Basic header)'
      : finding.encoding === 'percent-encoded'
        ? ' (percent-encoded)'
        : ''
  return `${finding.file}:${finding.line}: ${what}${how}`
}

/** Exit code: 0 nothing found, 1 auth tokens or webhook signing secrets found, 2 usage error. */
export async function runScanSecrets(
  args: readonly string[],
  output: CommandOutput,
  cwd = process.cwd(),
): Promise<number> {
  // pnpm passes a `--` through to the script.
  const words = args.filter((arg) => arg !== '--')
  if (words.includes('--help') || words.includes('-h')) {
    output.info(SCAN_USAGE)
    return 0
  }
  const option = words.find((word) => word.startsWith('-'))
  if (words.length === 0 || option !== undefined) {
    output.error(
      option === undefined ? SCAN_USAGE : `scan-secrets: unknown option: ${option}\n\n${SCAN_USAGE}`,
    )
    return 2
  }

  let unreadable = 0
  const warn = (path: string, reason: string) => {
    unreadable++
    output.error(`scan-secrets: warning: skipped ${path}: ${reason}`)
  }
  // Every path is checked before anything is scanned: a mistyped one is a usage error.
  const targets: { given: string; path: string; folder: boolean }[] = []
  for (const given of words) {
    const path = resolve(cwd, given)
    try {
      const info = await stat(path)
      if (!info.isDirectory() && !info.isFile()) {
        output.error(`scan-secrets: not a file or folder: ${given}`)
        return 2
      }
      targets.push({ given, path, folder: info.isDirectory() })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        warn(given, error instanceof Error ? error.message : String(error))
        continue
      }
      output.error(`scan-secrets: no such file or folder: ${given}`)
      return 2
    }
  }

  const oneFolder = words.length === 1 && targets[0]?.folder === true
  const shown = (given: string, inner: string) => (oneFolder ? inner : posix.join(toPosix(given), inner))
  const findings: AuthTokenFinding[] = []
  const seen = new Set<string>()
  const add = (path: string, finding: AuthTokenFinding) => {
    // A file named on its own and inside a folder also named is reported once.
    const key = `${path}\u0000${finding.line}\u0000${finding.kind}\u0000${finding.encoding}\u0000${finding.masked}`
    if (seen.has(key)) return
    seen.add(key)
    findings.push(finding)
  }
  for (const { given, path, folder } of targets) {
    if (folder) {
      const found = await scanForAuthTokens(path, {
        onUnreadable: (inner, reason) => warn(shown(given, inner), reason),
      })
      for (const finding of found)
        add(join(path, finding.file), { ...finding, file: shown(given, finding.file) })
    } else {
      try {
        for (const finding of await scanFileForAuthTokens(path, toPosix(given))) add(path, finding)
      } catch (error) {
        warn(given, error instanceof Error ? error.message : String(error))
      }
    }
  }

  for (const finding of findings) output.info(describe(finding))
  const tokens = findings.filter((finding) => finding.kind === 'auth-token').length
  const webhookSecrets = findings.length - tokens
  const skipped =
    unreadable === 0
      ? ''
      : ` (${unreadable} unreadable entr${unreadable === 1 ? 'y' : 'ies'} skipped, see above)`
  const found = [
    ...(tokens > 0 ? [`${tokens} auth token(s)`] : []),
    ...(webhookSecrets > 0 ? [`${webhookSecrets} webhook signing secret(s)`] : []),
  ].join(' and ')
  const advice = [
    ...(tokens > 0 ? ['reset the tokens'] : []),
    ...(webhookSecrets > 0 ? ['replace the webhooks (a signing secret cannot be changed)'] : []),
  ].join(' and ')
  output.error(
    findings.length === 0
      ? `scan-secrets: no auth tokens or webhook signing secrets found${skipped}`
      : `scan-secrets: ${found} found: ${advice}, then remove them from the files${skipped}`,
  )
  return findings.length === 0 ? 0 : 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // pnpm runs scripts in the package folder; paths are the caller's (cli-paths.ts).
  runScanSecrets(
    process.argv.slice(2),
    { info: (line) => console.log(line), error: (line) => console.error(line) },
    callerFolder(process.env),
  )
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(`scan-secrets: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(2)
    })
}
