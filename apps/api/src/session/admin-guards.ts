import type { MiddlewareHandler } from 'hono'
import type { ApiDeps } from '../api-deps.js'
import type { AppEnv } from '../http/app-env.js'
import { requireJsonBody } from '../http/require-json-body.js'
import { rejectCrossOrigin, requireCsrfToken } from './reject-cross-site.js'
import { requireSession } from './require-session.js'

/**
 * Every signed-in admin route, in this order: a request from our own pages (403), a session (401),
 * the session's CSRF token on unsafe methods (403), then a JSON body or none (415/400). The origin
 * comes first so that a refused cross-site request does not resume, and so extend, the session.
 */
export function adminGuards(deps: Pick<ApiDeps, 'core' | 'trustProxy'>): MiddlewareHandler<AppEnv>[] {
  return [rejectCrossOrigin(deps.trustProxy), requireSession(deps), requireCsrfToken, requireJsonBody]
}
