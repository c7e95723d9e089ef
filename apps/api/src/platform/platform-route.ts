import { createRoute, type RouteConfig } from '@hono/zod-openapi'
import {
  ACCOUNT_KINDS,
  allScopes,
  latestApiVersion,
  parseScope,
  type HttpMethod,
  type Scope,
} from '@tokens/core'
import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { BASIC_SECURITY } from '../docs/security-schemes.js'
import type { AppEnv } from '../http/app-env.js'
import { type RouteProblemResponses, routeProblemResponses } from '../http/route-problems.js'
import { type OwnRequest, type RequestWithPathParams, requestWithPathParams } from '../http/path-params.js'
import { API_VERSION_HEADER } from './check-api-version.js'
import { RATE_LIMIT_HEADERS } from './limit-token-rate.js'

/**
 * Documented as a plain OpenAPI parameter, not a zod schema: a schema would add a validator that
 * copies and parses every request's headers, while checkApiVersion reads this one header itself.
 */
const API_VERSION_PARAMETER = {
  name: API_VERSION_HEADER,
  in: 'header' as const,
  required: false,
  description:
    "The API version the caller expects, such as v14; when it is not the token's version the answer is 400 ApiVersionMismatch naming the token's version. Without it the token's own version answers.",
  schema: { type: 'string' as const },
}

/** What the guard may answer on every platform route: API version, credential, scope, rate. */
const PLATFORM_PROBLEMS = [400, 401, 403, 429] as const

type PlatformScope = `${HttpMethod} /${string}`
type MethodOf<S extends PlatformScope> = S extends `${infer M} /${string}` ? Lowercase<M> : never
type PathOf<S extends PlatformScope> = S extends `${string} /${infer P}` ? `/platform/${P}` : never

/** Media types and their schemas, as a request body or an answer holds them. */
type ContentConfig = NonNullable<NonNullable<RouteConfig['request']>['body']>['content']

/** A successful answer, without headers: they are added. */
interface AnswerConfig {
  description: string
  content?: ContentConfig
}

/** What a platform route says of itself; platformRoute adds what every one of them shares. */
export interface PlatformRouteConfig {
  summary: string
  /** What the route does; the required scope and the rate limit are said after it. */
  description: string
  /** Its query and body; the path's parameters follow from the scope's path. */
  request?: OwnRequest
  /** Its successful answers; each gets the RateLimit-* headers. */
  responses: Record<number, AnswerConfig>
  /** Problem statuses of its own, beyond the guard's 400, 401, 403 and 429, those of its input (inputProblemsOf) and of a write (writeProblemsOf). */
  problems?: readonly ContentfulStatusCode[]
}

type WithRateLimitHeaders<R> = { [K in keyof R]: R[K] & { headers: typeof RATE_LIMIT_HEADERS } }

/** The route as app.openapi types its handler: its method, path, request and answers. */
type PlatformRoute<S extends PlatformScope, C extends PlatformRouteConfig> = Omit<
  RouteConfig,
  'method' | 'path' | 'request' | 'responses'
> & {
  method: MethodOf<S>
  path: PathOf<S>
  middleware: MiddlewareHandler<AppEnv>
  responses: WithRateLimitHeaders<C['responses']> &
    RouteProblemResponses<
      (typeof PLATFORM_PROBLEMS)[number],
      MethodOf<S>,
      RequestWithPathParams<PathOf<S>, C>,
      C
    >
} & (keyof RequestWithPathParams<PathOf<S>, C> extends never
    ? object
    : { request: RequestWithPathParams<PathOf<S>, C> })

/**
 * The platform routes guarded by `guard`. Each is declared by its scope alone: `'GET /Tokens/{Id}'`
 * is `get /platform/Tokens/{Id}`, guarded by that very scope, so the route and the scope it needs
 * cannot disagree. A scope no catalog holds could never be granted: registering it throws.
 *
 * @example
 * const platformRoute = platformRoutes(platformGuard(deps, throttle, countTokenRequest))
 * app.openapi(platformRoute('GET /Account', { summary, description, responses }), handler)
 */
export function platformRoutes(guard: (scope: Scope) => MiddlewareHandler<AppEnv>) {
  return function platformRoute<const S extends PlatformScope, const C extends PlatformRouteConfig>(
    scope: S,
    config: C,
  ): PlatformRoute<S, C> {
    if (!ACCOUNT_KINDS.some((kind) => allScopes(kind, latestApiVersion(kind)).has(scope))) {
      throw new RangeError(`${scope} is in no scope catalog`)
    }
    const { method, path } = parseScope(scope)
    const request = requestWithPathParams(path, config.request)
    const answers = Object.fromEntries(
      Object.entries(config.responses).map(([status, { description, ...rest }]) => [
        status,
        { description, headers: RATE_LIMIT_HEADERS, ...rest },
      ]),
    )
    const route = {
      method: method.toLowerCase(),
      path: `/platform${path}`,
      tags: ['Platform API'],
      summary: config.summary,
      description: `${config.description}\n\nRequired scope: \`${scope}\`. Rate-limited per token (RateLimit-* headers on every answer).`,
      middleware: guard(scope),
      security: BASIC_SECURITY,
      parameters: [API_VERSION_PARAMETER],
      ...(request === undefined ? {} : { request }),
      responses: {
        ...answers,
        ...routeProblemResponses(PLATFORM_PROBLEMS, method, request, config.problems),
      },
    }
    // The types above say what this object is; TypeScript cannot follow the scope's template here.
    return createRoute(route as RouteConfig) as unknown as PlatformRoute<S, C>
  }
}
