import { createRoute, type RouteConfig, type RouteHandler } from '@hono/zod-openapi'
import type { ActorContext } from '@tokens/core/server'
import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ApiDeps } from '../api-deps.js'
import { SESSION_CSRF_SECURITY, SESSION_SECURITY } from '../docs/security-schemes.js'
import { type AdminAudience, adminGuards } from '../session/admin-guards.js'
import type { ApiApp } from './api-app.js'
import type { AppEnv } from './app-env.js'
import { type RouteProblemResponses, routeProblemResponses } from './route-problems.js'
import { type OwnRequest, type RequestWithPathParams, requestWithPathParams } from './path-params.js'

/** What the guards may answer on every admin route: no session (401), cross-site or CSRF (403). */
const ADMIN_PROBLEMS = [401, 403] as const

type AdminMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
/** An admin operation as the document and the tests name it, e.g. `GET /api/tokens/{id}`. */
type AdminOperation = `${AdminMethod} /api${string}`
type MethodOf<O extends AdminOperation> = O extends `${infer M} /${string}` ? Lowercase<M> : never
type PathOf<O extends AdminOperation> = O extends `${string} ${infer P}` ? P : never
type RequestOf<O extends AdminOperation, C extends AdminRouteConfig> = RequestWithPathParams<PathOf<O>, C>

/** What an admin route says of itself; the route group adds what every one of them shares. */
export interface AdminRouteConfig {
  /** When not the tags of its group. */
  tags?: readonly string[]
  summary: string
  description?: string
  /** Its query and body; the path's parameters follow from the path. */
  request?: OwnRequest
  /** Its successful answers. */
  responses: RouteConfig['responses']
  /** Problem statuses of its own, beyond the guards' 401 and 403, those of its input (inputProblemsOf) and of a write (writeProblemsOf). */
  problems?: readonly ContentfulStatusCode[]
}

/** The route as app.openapi types its handler: its method, path, request, guards and answers. */
type AdminRoute<O extends AdminOperation, C extends AdminRouteConfig> = Omit<
  RouteConfig,
  'method' | 'path' | 'request' | 'responses'
> & {
  method: MethodOf<O>
  path: PathOf<O>
  middleware: MiddlewareHandler<AppEnv>[]
  responses: C['responses'] &
    RouteProblemResponses<(typeof ADMIN_PROBLEMS)[number], MethodOf<O>, RequestOf<O, C>, C>
} & (keyof RequestOf<O, C> extends never ? object : { request: RequestOf<O, C> })

/** Declares one admin route of the group and its handler. */
export type AdminRouteDeclaration = <const O extends AdminOperation, const C extends AdminRouteConfig>(
  operation: O,
  config: C,
  handler: RouteHandler<AdminRoute<O, C>, AppEnv>,
) => void

/**
 * The signed-in admin routes of one group (tagged `tags`), as one registration for the app: each
 * route gets the admin guards (session, same origin, the token managers' role unless `audience`
 * is every user, CSRF token on unsafe methods, JSON body; the core checks role and account again),
 * the security its method needs and the guards' problems. The
 * core's rules stay in the handlers' calls.
 *
 * @example
 * export const registerWebhookRoutes = adminRouteGroup(['Webhooks'], (route, { core }) => {
 *   route('GET /api/webhooks', { summary, responses }, async (c) => c.json(...))
 * })
 */
export function adminRouteGroup(
  tags: string[],
  declare: (route: AdminRouteDeclaration, deps: ApiDeps, app: ApiApp) => void,
  audience: AdminAudience = 'managers',
): (app: ApiApp, deps: ApiDeps) => void {
  return (app, deps) => {
    const guards = adminGuards(deps, audience)
    const route: AdminRouteDeclaration = (operation, config, handler) => {
      const [method = '', path = ''] = operation.split(' ')
      const { summary, description, responses, problems } = config
      const verb = method.toLowerCase()
      const request = requestWithPathParams(path, config.request)
      // In the order the document shows an operation's members.
      const declared = {
        method: verb,
        path,
        tags: config.tags ?? tags,
        summary,
        ...(description === undefined ? {} : { description }),
        middleware: guards,
        security: verb === 'get' ? SESSION_SECURITY : SESSION_CSRF_SECURITY,
        ...(request === undefined ? {} : { request }),
        responses: {
          ...responses,
          ...routeProblemResponses(ADMIN_PROBLEMS, verb, request, problems),
        },
      }
      // The types above say what this route is; TypeScript cannot follow the spread of a generic config.
      app.openapi(
        createRoute(declared as unknown as RouteConfig),
        handler as unknown as RouteHandler<RouteConfig, AppEnv>,
      )
    }
    declare(route, deps, app)
  }
}

/**
 * Declares the DELETE of one entity of the caller's account by its id: 204 once it is gone, 400 for
 * a malformed id, 404 when the account has none such, 503/507 when storage cannot take the write.
 * Every admin entity that can be deleted is deleted this way, so they answer alike.
 *
 * @example
 * declareDeleteById(route, 'DELETE /api/webhooks/{id}', { summary, description }, (actor, id) =>
 *   core.webhooks.remove(actor, id),
 * )
 */
export function declareDeleteById(
  route: AdminRouteDeclaration,
  operation: `DELETE /api/${string}/{id}`,
  texts: { summary: string; description: string },
  remove: (actor: ActorContext, id: string) => Promise<void>,
): void {
  route(operation, { ...texts, responses: { 204: { description: 'Deleted.' } } }, async (c) => {
    await remove(c.get('actor'), c.req.valid('param').id)
    return c.body(null, 204)
  })
}
