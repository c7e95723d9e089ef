import type { RouteConfig } from '@hono/zod-openapi'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

type Request = NonNullable<RouteConfig['request']>

/** The statuses of inputProblemsOf, as a type: what a route with request `Q` may answer for its input. */
export type InputProblemsOf<Q> =
  | (Q extends { params: unknown } | { query: unknown } | { body: unknown } ? 400 : never)
  | (Q extends { params: unknown } ? 404 : never)
  | (Q extends { body: unknown } ? 413 | 415 : never)

/** The statuses a route config lists as its own (`problems`), as a type. */
export type OwnProblemsOf<C extends { problems?: readonly ContentfulStatusCode[] | undefined }> =
  C['problems'] extends readonly (infer P extends ContentfulStatusCode)[] ? P : never

/**
 * The problems a route's input brings, declared here once instead of in every route: 400 when its
 * parameters, query or body fail validation, 404 when the path names an entity the account does not
 * hold (every path parameter is an entity id), 413 and 415 when its JSON body is too large or not JSON.
 */
export function inputProblemsOf(request: Request | undefined): ContentfulStatusCode[] {
  const { params, query, body } = request ?? {}
  return [
    ...(params || query || body ? [400 as const] : []),
    ...(params ? [404 as const] : []),
    ...(body ? [413 as const, 415 as const] : []),
  ]
}
