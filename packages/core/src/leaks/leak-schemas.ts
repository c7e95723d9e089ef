import { z } from 'zod'

/**
 * What the account's leak policy did to a token reported as leaked: `disabled`, `rotated` (a
 * rotation with the default overlap, or the leaked previous secret retired), `reset` (a legacy
 * credential, which can be neither disabled nor rotated) or `none` (policy `notify`).
 */
export const LEAK_ACTIONS = ['disabled', 'rotated', 'reset', 'none'] as const
export const LeakAction = z.enum(LEAK_ACTIONS)
export type LeakAction = z.infer<typeof LeakAction>

/**
 * Which of its token's secrets a leaked auth token was: the `current` one, or the `previous` one of
 * a rotation in progress. Under the rotate response a leaked previous secret is retired at once
 * (action `rotated`): it no longer works, no new secret is issued, and the current one keeps working.
 */
export const LEAK_SECRETS = ['current', 'previous'] as const
export const LeakSecret = z.enum(LEAK_SECRETS)
export type LeakSecret = z.infer<typeof LeakSecret>

/** The latest leak of a token not yet marked as handled, as token JSON shows it. */
export const LeakView = z.object({
  reportedAt: z.iso.datetime(),
  /** Where the secret was found (http or https only), null when the report gave none usable. */
  url: z.string().nullable(),
  action: LeakAction,
  secret: LeakSecret,
})
export type LeakView = z.infer<typeof LeakView>

/**
 * A leaked previous secret the rotate response retired at once: it no longer works and no new
 * secret was issued, so there is nothing to hand to integrations and a reset would only break those
 * already on the current secret, which did not leak.
 */
export function isRetiredPreviousSecret(leak: Pick<LeakView, 'action' | 'secret'>): boolean {
  return leak.action === 'rotated' && leak.secret === 'previous'
}

/**
 * More entries than a 1 MB body can hold (`[0,0,…]`, two bytes an entry), so no report is refused
 * for its length: GitHub batches many matches into one report, entries that are no candidate are
 * skipped, not refused, and refusing the report would leave every leaked token in it working.
 */
export const SECRET_SCANNING_REPORT_MAX = 524_288

/**
 * One candidate of a secret-scanning report, in GitHub's partner-program format. Fields GitHub
 * may add later are ignored, not refused.
 */
export const SecretScanningCandidate = z.object({
  token: z.string().min(1).max(1_024),
  // May be empty, as before entries were judged one by one: it only names the scanner's pattern.
  type: z.string().max(200),
  url: z.string().max(4_096).optional(),
  source: z.string().max(200).optional(),
})
export type SecretScanningCandidate = z.infer<typeof SecretScanningCandidate>

/** POST /secret-scanning/reports: a JSON array of candidates. */
export const SecretScanningReport = z.array(SecretScanningCandidate).max(SECRET_SCANNING_REPORT_MAX)
export type SecretScanningReport = z.infer<typeof SecretScanningReport>

/**
 * A candidate as the core reads it: where it was found (`url`, which GitHub says "may be empty")
 * and how (`source`) only describe the leak, so one that is null, not a string or too long is
 * taken as absent rather than leaving the leaked token working. So is a source holding a NUL,
 * which a PostgreSQL text column refuses (the URL is safe: its parser percent-encodes one).
 */
export const ReceivedSecretScanningCandidate = SecretScanningCandidate.extend({
  url: SecretScanningCandidate.shape.url.catch(undefined),
  source: SecretScanningCandidate.shape.source
    .refine((source) => source === undefined || !source.includes('\0'))
    .catch(undefined),
})

/**
 * A report as the core reads it: an array whose entries are judged one by one, so an entry that is
 * no candidate (a `token` missing, not a string, empty or too long, a `type` missing, not a string or
 * too long) is skipped instead of
 * refusing the report and leaving every leaked token in it working.
 */
export const ReceivedSecretScanningReport = z.array(z.unknown()).max(SECRET_SCANNING_REPORT_MAX)

export const SECRET_SCANNING_LABELS = ['true_positive', 'false_positive'] as const

/**
 * One answer per candidate, in GitHub's documented shape, naming the token by `token_hash`
 * (SHA-256 hex) instead of `token_raw`, so the answer never echoes a secret.
 */
export const SecretScanningVerdict = z.object({
  token_hash: z.string(),
  token_type: z.string(),
  label: z.enum(SECRET_SCANNING_LABELS),
})
export type SecretScanningVerdict = z.infer<typeof SecretScanningVerdict>

/** What the core made of a report: a verdict per candidate it judged, in order, and how many it skipped. */
export interface SecretScanningOutcome {
  verdicts: SecretScanningVerdict[]
  skipped: number
}

/** POST /api/credential-check: is this string one of our credentials? */
export const CredentialCheckInput = z.strictObject({ authToken: z.string().min(1).max(1_024) })
export type CredentialCheckInput = z.input<typeof CredentialCheckInput>

export const CREDENTIAL_MATCHES = ['this-account', 'not-yours', 'unknown'] as const
export const CredentialMatch = z.enum(CREDENTIAL_MATCHES)
export type CredentialMatch = z.infer<typeof CredentialMatch>

/** `tokenId` only for a scoped token of the caller's account; nothing about another account. */
export const CredentialCheckResult = z.object({
  match: CredentialMatch,
  tokenId: z.string().optional(),
})
export type CredentialCheckResult = z.infer<typeof CredentialCheckResult>
