import { createRoute, z } from '@hono/zod-openapi'
import type { ApiDeps } from '../api-deps.js'
import { jsonBody, jsonContent } from '../docs/component-schemas.js'
import type { ApiApp } from '../http/api-app.js'
import { ApiProblem } from '../http/api-problem.js'
import { problemResponses } from '../http/problem-details.js'
import { SecretScanningAnswer, SecretScanningReportBody } from './leak-schemas.js'
import type { ScannerPublicKeys } from './scanner-public-keys.js'
import { isScannerSignatureValid } from './verify-scanner-signature.js'

export const SECRET_SCANNING_REPORTS_PATH = '/secret-scanning/reports'
const KEY_ID_HEADER = 'Github-Public-Key-Identifier'
const SIGNATURE_HEADER = 'Github-Public-Key-Signature'
/** How many entries of the report were skipped as no candidate; the body stays GitHub's verdict array. */
export const SKIPPED_CANDIDATES_HEADER = 'Skipped-Candidates'

/**
 * POST /secret-scanning/reports: GitHub's secret scanning partner program. The signature is
 * checked over the raw bytes before the body is even parsed; the core judges each candidate and
 * applies the account's leak response (docs/SECURITY.md "Leaked credentials"). Without configured
 * keys (`SECRET_SCANNING_KEYS` unset) the feature is off and the route answers 404.
 */
export function registerSecretScanningRoutes(
  app: ApiApp,
  deps: ApiDeps,
  keys: ScannerPublicKeys | undefined,
): void {
  const { core } = deps

  // Documented through the registry, served by a plain handler: the body must stay raw bytes until its signature holds.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'post',
      path: SECRET_SCANNING_REPORTS_PATH,
      tags: ['Secret scanning'],
      summary: 'Report leaked auth tokens (GitHub secret scanning)',
      description: `GitHub's secret scanning partner-program endpoint. The body is signed with ECDSA P-256 and SHA-256 over its raw bytes: \`${KEY_ID_HEADER}\` names the key among the configured public keys (\`SECRET_SCANNING_KEYS\`), \`${SIGNATURE_HEADER}\` holds the base64 DER signature. An unknown key identifier or a bad signature answers 401 before the body is read as JSON; a body that is not JSON or not an array 400. Each entry is judged on its own: one whose \`token\` is missing, not a string, empty or too long, or whose \`type\` is missing, not a string or too long (an empty one is judged) is skipped (no verdict, never echoed) and counted in \`${SKIPPED_CANDIDATES_HEADER}\`, so it cannot keep the others from being handled; a report of nothing but such entries answers 400 \`ValidationFailed\`, a \`url\` or \`source\` that is null, not a string or too long, or a \`source\` holding a NUL, is taken as absent, and a \`url\`, \`source\` or \`type\` holding the token is not kept with the leak. Each candidate that is an issued auth token is labelled \`true_positive\`, recorded once (a second report of it changes nothing) and handled by its account's \`leakResponse\` policy (disable, rotate with the default overlap, or notify). Answers 404 while no keys are configured.`,
      security: [],
      request: {
        headers: z.object({
          [KEY_ID_HEADER.toLowerCase()]: z
            .string()
            .openapi({ description: 'The identifier of the signing key.' }),
          [SIGNATURE_HEADER.toLowerCase()]: z
            .string()
            .openapi({ description: 'base64 of the DER ECDSA signature of the raw body.' }),
        }),
        body: jsonBody(SecretScanningReportBody),
      },
      responses: {
        200: {
          description:
            'One verdict per candidate judged, in the order of the report; skipped entries have none.',
          headers: {
            [SKIPPED_CANDIDATES_HEADER]: {
              description: 'How many entries of the report were skipped as no candidate (0 when none).',
              schema: { type: 'integer', minimum: 0 },
            },
          },
          content: jsonContent(SecretScanningAnswer),
        },
        ...problemResponses(400, 401, 404, 413, 503, 507),
      },
    }),
  )

  app.post(SECRET_SCANNING_REPORTS_PATH, async (c) => {
    if (!keys) throw new ApiProblem('NotFound')
    const keyId = c.req.header(KEY_ID_HEADER)
    const signature = c.req.header(SIGNATURE_HEADER)
    const key = keyId && keyId.length <= 256 ? await keys.keyFor(keyId) : undefined
    if (!key) throw new ApiProblem('SecretScanningKeyUnknown')
    const body = new Uint8Array(await c.req.arrayBuffer())
    if (!signature || !isScannerSignatureValid(key, body, signature))
      throw new ApiProblem('SecretScanningSignatureInvalid')
    let report: unknown
    try {
      report = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
    } catch {
      throw new ApiProblem('MalformedJson')
    }
    const { verdicts, skipped } = await core.leaks.report(report)
    c.header(SKIPPED_CANDIDATES_HEADER, String(skipped))
    return c.json(verdicts, 200)
  })
}
