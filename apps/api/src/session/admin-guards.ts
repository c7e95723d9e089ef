import type { MiddlewareHandler } from 'hono'
import type { ApiDeps } from '../api-deps.js'
import type { AppEnv } from '../http/app-env.js'
import { requireJsonBody } from '../http/require-json-body.js'
import { rejectCrossOrigin, requireCsrfToken } from './reject-cross-site.js'
import { requireSession } from './require-session.js'

/**
 * Every signed-in admin route, in this order: a session (401), a same-origin request with the
 * session's CSRF token on unsafe methods (403), then a JSON body or none (415/400).
 */
export function adminGuards(deps: Pick<ApiDeps, 'core' | 'trustProxy'>): MiddlewareHandler<AppEnv>[] {
  return [requireSession(deps), rejectCrossOrigin(deps.trustProxy), requireCsrfToken, requireJsonBody]
}
