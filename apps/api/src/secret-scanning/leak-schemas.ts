import { z } from '@hono/zod-openapi'
import {
  CredentialCheckInput,
  CredentialCheckResult,
  SECRET_SCANNING_REPORT_MAX,
  SecretScanningCandidate,
  SecretScanningVerdict,
} from '@tokens/core'
import { documented } from '../docs/component-schemas.js'

/** The schemas of leak handling, under the names the OpenAPI document shows. */
export const SecretScanningReportBody = z
  .array(
    documented(SecretScanningCandidate).openapi('SecretScanningCandidate', {
      description:
        'A string that looks like an auth token, where it was found (`url`) and how (`source`, e.g. `content`, `commit`).',
    }),
  )
  .max(SECRET_SCANNING_REPORT_MAX)
  .openapi('SecretScanningReport', {
    description:
      "GitHub's secret scanning partner-program report: a JSON array of candidates. An entry that is not a candidate of this shape is skipped and counted, not refused, unless no entry is one.",
  })

export const SecretScanningAnswer = z
  .array(
    documented(SecretScanningVerdict).openapi('SecretScanningVerdict', {
      description:
        '`token_hash` is the SHA-256 (hex) of the candidate, so the answer never echoes a secret; `true_positive` for an auth token that was issued and still verifies (or was already reported).',
    }),
  )
  .openapi('SecretScanningAnswer')

export const CredentialCheckBody = documented(CredentialCheckInput).openapi('CredentialCheckInput')
export const CredentialCheckAnswer = documented(CredentialCheckResult).openapi('CredentialCheckResult', {
  description:
    '`this-account`: a credential of your account (`tokenId` for a scoped token); `not-yours`: a credential of another account, nothing more is said; `unknown`: not a credential (a string that fails the format check is never looked up).',
})
