import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type AuthTokenFinding, scanForAuthTokens } from '../scanning/scan-for-auth-tokens.js'
import type { CommandOutput } from './rotate-master-key-command.js'

export const SCAN_USAGE = `Usage: scan-secrets <dir>

Reports file:line of every well-formed Token Console auth token (prefix, length and checksum
verified offline; no server is asked) in the folder, honouring .gitignore files: written as is,
percent-encoded, or in base64 as in an \`Authorization: Basic\` header (decoded, then verified).
Webhook signing secrets (whsec_…) are reported too, by their shape (they carry no checksum). Only
the first characters of a secret are printed. Exit code 1 when any secret is found, 0 when none,
2 on a usage error. A file or folder that cannot be read is skipped with a warning on stderr.`

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
  const [dir, ...rest] = args.filter((arg) => arg !== '--')
  if (dir === undefined || dir === '--help' || rest.length > 0) {
    output.error(SCAN_USAGE)
    return 2
  }
  const root = resolve(cwd, dir)
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
    output.error(`scan-secrets: not a folder: ${dir}`)
    return 2
  }
  let unreadable = 0
  const findings = await scanForAuthTokens(root, {
    onUnreadable: (path, reason) => {
      unreadable++
      output.error(`scan-secrets: warning: skipped ${path}: ${reason}`)
    },
  })
  for (const finding of findings) output.info(describe(finding))
  const tokens = findings.filter((finding) => finding.kind === 'auth-token').length
  const webhookSecrets = findings.length - tokens
  const skipped =
    unreadable === 0
      ? ''
      : ` (${unreadable} unreadable entr${unreadable === 1 ? 'y' : 'ies'} skipped, see above)`
  output.error(
    findings.length === 0
      ? `scan-secrets: no auth tokens or webhook signing secrets found${skipped}`
      : `scan-secrets: ${tokens} auth token(s) and ${webhookSecrets} webhook signing secret(s) found: ` +
          `reset the tokens and replace the webhooks (their secrets cannot be changed), then remove them${skipped}`,
  )
  return findings.length === 0 ? 0 : 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // pnpm runs scripts in the package folder; INIT_CWD is where the command was typed.
  runScanSecrets(
    process.argv.slice(2),
    { info: (line) => console.log(line), error: (line) => console.error(line) },
    process.env['INIT_CWD'] ?? process.cwd(),
  )
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(`scan-secrets: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(2)
    })
}
