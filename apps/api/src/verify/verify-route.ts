import { createRoute } from '@hono/zod-openapi'
import {
  isWellFormedAccountSid,
  requireCanonicalRequestPath,
  scopeOfRequest,
  type UsageOutcome,
} from '@tokens/core'
import type { ApiDeps } from '../api-deps.js'
import { jsonContent, VerifyAnswer, VerifyBody } from '../docs/component-schemas.js'
import type { ApiApp } from '../http/api-app.js'
import { headersOfAnswer } from '../http/answer-headers.js'
import { ApiProblem } from '../http/api-problem.js'
import { clientAddress } from '../http/client-address.js'
import { problemResponses } from '../http/problem-details.js'
import { requestHeader } from '../http/request-header.js'
import { requireJsonBody } from '../http/require-json-body.js'
import { invalidCredentials } from '../platform/authenticate-basic.js'
import {
  accountSidOfBasicHeader,
  type CredentialFailureThrottle,
} from '../platform/credential-failure-throttle.js'
import { RATE_LIMIT_HEADERS, rateLimitHeaders, type CountTokenRequest } from '../platform/limit-token-rate.js'
import { missingScopeProblem } from '../platform/require-scope.js'
import { limitRequestsPerAddress } from './limit-requests-per-address.js'

export function registerVerifyRoute(
  app: ApiApp,
  deps: ApiDeps,
  throttle: CredentialFailureThrottle,
  countTokenRequest: CountTokenRequest,
): void {
  const { core, trustProxy } = deps
  const limit = limitRequestsPerAddress(deps.limits.verifyRequestsPerAddress, {
    trustProxy,
    now: () => deps.now().getTime(),
    shared: core.sharedLimits,
  })

  app.openapi(
    createRoute({
      method: 'post',
      path: '/verify',
      tags: ['Verification'],
      summary: 'Check a credential for a scope',
      description:
        "For other services: is this credential valid for this request? Send either `{accountSid, authToken, method, path}` (the path is matched to its catalog template, e.g. `/Tokens/abc` → `GET /Tokens/{Id}`; a path with a `.`, `..` or empty segment, a backslash, or an encoded `.`, `/`, `\\` or `%` answers 400 RequestPathNotCanonical) or `{authorization, scope}` with the raw `Authorization: Basic …` value. A bad credential of any kind answers the same 401; a valid one without the scope answers 403 naming it. The answer names the account, the version and the scopes, never the token’s id. Rate-limited per client address; repeated failures on one Account SID are throttled. A verified credential counts one request against its token's `rateLimitPerHour`, shared with the platform API: once used up the answer is 429 RateLimited with `Retry-After`, and the RateLimit-* headers of the token are on the 200, 403 and 429 answers.",
      middleware: [limit, requireJsonBody],
      security: [],
      request: { body: { required: true, content: jsonContent(VerifyBody) } },
      responses: {
        200: {
          description: 'Valid for the scope.',
          headers: RATE_LIMIT_HEADERS,
          content: jsonContent(VerifyAnswer),
        },
        ...problemResponses(400, 401, 403, 413, 415, 429, 503),
      },
    }),
    async (c) => {
      const input = c.req.valid('json')
      // Refused before any credential is looked at: the answer depends on the body alone.
      if ('path' in input) requireCanonicalRequestPath(input.path)
      const address = clientAddress(c, trustProxy)
      const parsed =
        'authorization' in input ? core.verification.parseAuthorization(input.authorization) : undefined
      const sid =
        'authorization' in input
          ? accountSidOfBasicHeader(input.authorization, parsed)
          : isWellFormedAccountSid(input.accountSid)
            ? input.accountSid
            : undefined
      const credential =
        'authorization' in input
          ? await core.verification.verifyBasic(parsed)
          : await core.verification.verify(input.accountSid, input.authToken)
      if (!credential) {
        // Failures count per SID only, and a SID's lock answers only its failures, never a good
        // credential: every caller of a relaying service shares its address, so a lock on (SID,
        // relay) would refuse that SID's real integration too, and anyone who knows a SID could
        // lock it out of the relay. A wrong guess at a locked SID waits with 429; guessing itself
        // gains nothing from the lock's absence for good ones (an auth token holds ≥ 166 random bits).
        const checking = throttle.check(address, sid, { perAddress: false })
        if (checking) await checking
        throttle.failed(address, sid, { perAddress: false })
        throw invalidCredentials()
      }
      // A use of the secret whatever the answer, as on the platform API: it is what a rotation
      // confirmed by traffic waits to go quiet, and what the unused-token policy reads. Counted only
      // when allowed, an old secret refused 429 or 403 through a relay looked unused.
      core.verification.recordUse(credential.tokenId, credential.rotationSecret)
      // The token's own rate, as on the platform API: credential (401), rate (429), scope (403).
      const counting = countTokenRequest(credential.tokenId, credential.rateLimitPerHour)
      const rate = counting instanceof Promise ? await counting : counting
      const rateHeaders = rateLimitHeaders(rate)
      // The path was found canonical above: naming its scope cannot fail.
      const scope =
        'scope' in input
          ? input.scope
          : scopeOfRequest(credential.accountKind, credential.apiVersion, input.method, input.path)
      // A verification made with the token counts in its usage under the verified scope.
      const recordUsage = (outcome: UsageOutcome) =>
        core.usage.record(credential, scope, outcome, address, requestHeader(c, 'user-agent') ?? null)
      if (!rate.counted) {
        recordUsage('rateLimited')
        throw new ApiProblem('RateLimited', {
          params: { retryAfter: rate.reset },
          headers: Object.fromEntries(rateHeaders),
        })
      }
      if (!credential.scopes.has(scope)) {
        recordUsage('refused')
        throw missingScopeProblem(credential, scope, Object.fromEntries(rateHeaders))
      }
      recordUsage('ok')
      return c.json(
        {
          valid: true as const,
          account: { id: credential.accountId, kind: credential.accountKind, name: credential.accountName },
          apiVersion: credential.apiVersion,
          scopes: [...credential.scopes],
        },
        200,
        headersOfAnswer(c, rateHeaders),
      )
    },
  )
}
