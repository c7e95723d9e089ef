import { canManageApiTokens } from '@tokens/core'
import type { MiddlewareHandler } from 'hono'
import type { ApiDeps } from '../api-deps.js'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { requireJsonBody } from '../http/require-json-body.js'
import { rejectCrossOrigin, requireCsrfToken } from './reject-cross-site.js'
import { requireSession } from './require-session.js'

/** Who may call the routes of an admin group: token managers (most), or every signed-in user (the session's own routes). */
export type AdminAudience = 'managers' | 'every-user'

/**
 * Every signed-in admin route, in this order: a request from our own pages (403), a session (401),
 * for the managers' routes the user's role (403), the session's CSRF token on unsafe methods
 * (403), then a JSON body or none (415/400). The origin comes first so that a refused cross-site
 * request does not resume, and so extend, the session; the role comes before any input is read,
 * so an Analyst is answered 403 whatever the request holds, and learns nothing of its shape.
 */
export function adminGuards(
  deps: Pick<ApiDeps, 'core' | 'trustProxy'>,
  audience: AdminAudience,
): MiddlewareHandler<AppEnv>[] {
  const session = [rejectCrossOrigin(deps.trustProxy), requireSession(deps)]
  const role = audience === 'managers' ? [requireTokenManagerRole] : []
  return [...session, ...role, requireCsrfToken, requireJsonBody]
}

/**
 * The core's role rule (canManageApiTokens), applied before validation; the core checks it again
 * on each call.
 */
const requireTokenManagerRole: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!canManageApiTokens(c.get('session').session.user.role)) throw new ApiProblem('RoleNotPermitted')
  await next()
}
