import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { requestOrigin } from '../http/request-origin.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Admin routes serve our own pages only. Fetch Metadata must not say cross-site, on any method:
 * even a GET may act (revealing a credential is audited), and a cross-site navigation carries the
 * SameSite=Lax cookie. On unsafe methods a browser's Origin header, when sent, must also name this
 * very origin. Non-browser clients send neither.
 */
export function rejectCrossOrigin(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.header('sec-fetch-site')?.toLowerCase() === 'cross-site') throw new ApiProblem('CsrfRejected')
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin')
      if (origin !== undefined && origin.toLowerCase() !== requestOrigin(c, trustProxy)) {
        throw new ApiProblem('CsrfRejected')
      }
    }
    await next()
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest()
}

/** Unsafe methods must echo the session's CSRF token in X-CSRF-Token (compared in constant time). */
export const requireCsrfToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method)) {
    const presented = c.req.header('x-csrf-token')
    const expected = c.get('session').session.csrfToken
    if (presented === undefined || !timingSafeEqual(digest(presented), digest(expected))) {
      throw new ApiProblem('CsrfRejected')
    }
  }
  await next()
}
