import type { RouteConfig } from '@hono/zod-openapi'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type ProblemResponse, problemResponses } from './problem-details.js'

type Request = NonNullable<RouteConfig['request']>

/** The statuses of inputProblemsOf, as a type: what a route with request `Q` may answer for its input. */
type InputProblemsOf<Q> =
  | (Q extends { params: unknown } | { query: unknown } | { body: unknown } ? 400 : never)
  | (Q extends { params: unknown } ? 404 : never)
  | (Q extends { body: unknown } ? 413 | 415 : never)

/** The statuses of writeProblemsOf, as a type: what a route of method `M` may answer when storage cannot take its write. */
type WriteProblemsOf<M extends string> = Lowercase<M> extends 'get' ? never : 503 | 507

/** The statuses a route config lists as its own (`problems`), as a type. */
type OwnProblemsOf<C extends { problems?: readonly ContentfulStatusCode[] | undefined }> =
  C['problems'] extends readonly (infer P extends ContentfulStatusCode)[] ? P : never

/** A route's problem answers as a type: its guards' `G`, those of its request `Q` and method `M`, and its own (config `C`). */
export type RouteProblemResponses<
  G extends ContentfulStatusCode,
  M extends string,
  Q,
  C extends { problems?: readonly ContentfulStatusCode[] | undefined },
> = ReturnType<typeof problemResponses<G | InputProblemsOf<Q> | WriteProblemsOf<M> | OwnProblemsOf<C>>>

/**
 * A route's problem answers for the document: what its guards answer, what its input and a write
 * bring (inputProblemsOf, writeProblemsOf) and the statuses it names as its own.
 */
export function routeProblemResponses(
  guards: readonly ContentfulStatusCode[],
  method: string,
  request: Request | undefined,
  own: readonly ContentfulStatusCode[] = [],
): Record<ContentfulStatusCode, ProblemResponse> {
  return problemResponses(...guards, ...inputProblemsOf(request), ...writeProblemsOf(method), ...own)
}

/**
 * The problems a route's input brings, declared here once instead of in every route: 400 when its
 * parameters, query or body fail validation, 404 when the path names an entity the account does not
 * hold (every path parameter is an entity id), 413 and 415 when its JSON body is too large or not JSON.
 */
function inputProblemsOf(request: Request | undefined): ContentfulStatusCode[] {
  const { params, query, body } = request ?? {}
  return [
    ...(params || query || body ? [400 as const] : []),
    ...(params ? [404 as const] : []),
    ...(body ? [413 as const, 415 as const] : []),
  ]
}

/**
 * The problems of a write, declared here once instead of in every route: every route of an unsafe
 * method writes (the change, its audit event or the session), so it may answer 503 Busy when storage
 * stays locked past the busy timeout and 507 StorageFull when the disk is full.
 */
function writeProblemsOf(method: string): ContentfulStatusCode[] {
  return method.toLowerCase() === 'get' ? [] : [503, 507]
}
