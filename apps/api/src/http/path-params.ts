import type { RouteConfig } from '@hono/zod-openapi'
import { idParams } from '../docs/component-schemas.js'

/** The names of a path's `{name}` parameters: `'id' | 'deliveryId'` of `/api/webhooks/{id}/deliveries/{deliveryId}`. */
type ParamNamesOf<P extends string> = P extends `${string}{${infer N}}${infer R}`
  ? N | ParamNamesOf<R>
  : never

type PathParamsOf<P extends string> = [ParamNamesOf<P>] extends [never]
  ? object
  : { params: ReturnType<typeof idParams<ParamNamesOf<P>>> }

/** A route's own request (query, body): its parameters follow from its path. */
export type OwnRequest = Omit<NonNullable<RouteConfig['request']>, 'params'>

/** The request of a route at `P` declaring `C`: the path's parameters and the config's own request. */
export type RequestWithPathParams<P extends string, C> = PathParamsOf<P> &
  (C extends { request: infer Q } ? Q : object)

/**
 * The request of a route at `path`: every `{name}` of an API path (admin or platform) is an entity
 * id, so the path alone declares its parameters, before the route's own query and body.
 */
export function requestWithPathParams(path: string, request: OwnRequest | undefined): RouteConfig['request'] {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name as string)
  return names.length === 0 ? request : { params: idParams(...names), ...request }
}
