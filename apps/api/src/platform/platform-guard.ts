import type { Scope, UsageOutcome } from '@tokens/core'
import type { TokenConsoleCore } from '@tokens/core/server'
import type { Context, MiddlewareHandler } from 'hono'
import type { ApiDeps } from '../api-deps.js'
import { addAnswerHeaders } from '../http/answer-headers.js'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { requestHeader } from '../http/request-header.js'
import { requireJsonBody } from '../http/require-json-body.js'
import { authenticateBasic } from './authenticate-basic.js'
import { checkApiVersion } from './check-api-version.js'
import type { CredentialFailureThrottle } from './credential-failure-throttle.js'
import { rateLimitHeaders, type CountTokenRequest } from './limit-token-rate.js'
import { requireScope } from './require-scope.js'
import { outcomeOfRefusal, outcomeOfStatus } from './usage-outcome.js'

/**
 * What every platform route checks before its handler, in this order: credential (401), rate
 * (429), API version (400), scope (403), JSON body (415/400); then the RateLimit-* headers go on
 * whatever the answer is but a 401, and the request's outcome is counted for the token's usage (the
 * one place where an authenticated platform request's outcome is known; a credential refused here,
 * 401, is not counted, while one the core refuses later, its token changed since, counts as a
 * client error). One middleware running the steps in turn rather than a chain of five:
 * every integration request passes here, and each layer of a chain costs a closure, a promise
 * and a dispatch.
 */
export function platformGuard(
  deps: Pick<ApiDeps, 'core' | 'trustProxy'>,
  throttle: CredentialFailureThrottle,
  countRequest: CountTokenRequest,
): (scope: Scope) => MiddlewareHandler<AppEnv> {
  const authenticate = authenticateBasic(deps, throttle)
  return (scope) => async (c, next) => {
    await authenticate(c)
    const { tokenId, rateLimitPerHour } = c.get('credential')
    const counting = countRequest(tokenId, rateLimitPerHour)
    // A promise only while shared limits wait for a reconciliation: no extra step on every request.
    const rate = counting instanceof Promise ? await counting : counting
    try {
      if (!rate.counted) throw new ApiProblem('RateLimited', { params: { retryAfter: rate.reset } })
      checkApiVersion(c)
      requireScope(c, scope)
      await requireJsonBody(c, next)
    } catch (error) {
      recordUsage(deps.core, c, scope, outcomeOfRefusal(error))
      // Refused here: the problem answer is built after this middleware, with the headers prepared now.
      for (const [name, value] of rateLimitHeaders(rate)) c.header(name, value)
      throw error
    }
    // Added to the answer once it exists (the handler's or its problem answer). Prepared before,
    // they would make Hono build a Headers object for every answer and copy it over. Not to a 401:
    // that is the core refusing the credential after this guard let it in (its token disabled,
    // deleted, reset or expired in between, current-token-actor.ts), answered as the guard answers
    // any bad credential (handle-errors.ts); the token's count and limit would tell its caller that
    // the credential was good until a moment ago.
    if (c.res.status !== 401) addAnswerHeaders(c, rateLimitHeaders(rate))
    // The handler's answer, or the problem answer its error became (Hono turns a handler's
    // error into the answer before this middleware resumes).
    recordUsage(deps.core, c, scope, outcomeOfStatus(c.res.status))
  }
}

function recordUsage(core: TokenConsoleCore, c: Context<AppEnv>, scope: Scope, outcome: UsageOutcome): void {
  core.usage.record(
    c.get('credential'),
    scope,
    outcome,
    c.get('actor').ip,
    requestHeader(c, 'user-agent') ?? null,
  )
}
