import type { MiddlewareHandler } from 'hono'
import type { ApiDeps } from '../api-deps.js'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { clientAddress } from '../http/client-address.js'
import { cameOverTls } from '../http/request-origin.js'
import { readSessionCookie } from './session-cookie.js'

/**
 * Resumes the session named by the cookie (one cookie of its name, session-cookie.ts) (the core checks expiry and slides the idle time) and
 * makes its user the actor of the request, from the request's address. No session: 401.
 */
export function requireSession(deps: Pick<ApiDeps, 'core' | 'trustProxy'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sessionId = readSessionCookie(c, cameOverTls(c, deps.trustProxy))
    const resumed = sessionId ? await deps.core.auth.resume(sessionId) : null
    if (!resumed) throw new ApiProblem('Unauthenticated')
    c.set('session', resumed)
    c.set('userLocale', resumed.session.user.locale ?? undefined)
    c.set('actor', { ...resumed.context, ip: clientAddress(c, deps.trustProxy) })
    await next()
  }
}
