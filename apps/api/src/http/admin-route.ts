import { createRoute, type RouteConfig } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ApiDeps } from '../api-deps.js'
import { SESSION_CSRF_SECURITY, SESSION_SECURITY } from '../docs/security-schemes.js'
import { adminGuards } from '../session/admin-guards.js'
import type { AppEnv } from './app-env.js'
import { problemResponses } from './problem-details.js'

/** What the guards may answer on every admin route: no session (401), cross-site or CSRF (403). */
const ADMIN_PROBLEMS = [401, 403] as const

/** What an admin route says of itself; adminRoute adds what every one of them shares. */
export interface AdminRouteConfig {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  /** When not the tags of its group. */
  tags?: readonly string[]
  summary: string
  description?: string
  request?: RouteConfig['request']
  /** Its successful answers. */
  responses: RouteConfig['responses']
  /** Problem statuses of its own, beyond the guards' 401 and 403. */
  problems?: readonly ContentfulStatusCode[]
}

type ProblemsOf<C extends AdminRouteConfig> = C['problems'] extends readonly (infer P extends
  ContentfulStatusCode)[]
  ? P
  : never

/** The route as app.openapi types its handler: its method, path, request, guards and answers. */
type AdminRoute<C extends AdminRouteConfig> = Omit<
  RouteConfig,
  'method' | 'path' | 'request' | 'responses'
> & {
  method: C['method']
  path: C['path']
  middleware: MiddlewareHandler<AppEnv>[]
  responses: C['responses'] &
    ReturnType<typeof problemResponses<(typeof ADMIN_PROBLEMS)[number] | ProblemsOf<C>>>
} & (C extends { request: infer Q } ? { request: Q } : object)

/**
 * The signed-in admin routes of one group (tagged `tags`): each gets the admin guards (session,
 * same origin and CSRF token on unsafe methods, JSON body; the core checks role and account), the
 * security its method needs and the guards' problems. The core's rules stay in the handlers' calls.
 *
 * @example
 * const adminRoute = adminRoutes(deps, ['Webhooks'])
 * app.openapi(adminRoute({ method: 'get', path: '/api/webhooks', summary, responses }), handler)
 */
export function adminRoutes(deps: Pick<ApiDeps, 'core' | 'trustProxy'>, tags: string[]) {
  const guards = adminGuards(deps)
  return function adminRoute<const C extends AdminRouteConfig>(config: C): AdminRoute<C> {
    const { method, path, summary, description, request, responses, problems = [] } = config
    // In the order the document shows an operation's members.
    const route = {
      method,
      path,
      tags: config.tags ?? tags,
      summary,
      ...(description === undefined ? {} : { description }),
      middleware: guards,
      security: method === 'get' ? SESSION_SECURITY : SESSION_CSRF_SECURITY,
      ...(request === undefined ? {} : { request }),
      responses: { ...responses, ...problemResponses(...ADMIN_PROBLEMS, ...problems) },
    }
    // The types above say what this object is; TypeScript cannot follow the spread of a generic config.
    return createRoute(route as unknown as RouteConfig) as unknown as AdminRoute<C>
  }
}
