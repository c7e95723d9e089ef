import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { requestOrigin, serializedOrigin } from '../http/request-origin.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** What Fetch Metadata may say of an admin request: our own pages, or the user typing the address. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none'])

/**
 * Admin routes serve our own pages only. Fetch Metadata, when sent, must say same-origin (or none,
 * a navigation the user started), on any method: even a GET may act (revealing a credential is
 * audited), and a navigation or an image from another site, or from a sibling subdomain, carries
 * the SameSite=Lax cookie. On unsafe methods a browser's Origin header, when sent, must also name
 * this very origin (compared as browsers serialize origins: `http://a:80` is `http://a`).
 * Non-browser clients send neither. Runs before the session is read, so a refused request does not
 * keep the session alive either.
 */
export function rejectCrossOrigin(trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const site = c.req.header('sec-fetch-site')
    if (site !== undefined && !OWN_FETCH_SITES.has(site.toLowerCase())) throw new ApiProblem('CsrfRejected')
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin')
      if (origin !== undefined && serializedOrigin(origin) !== requestOrigin(c, trustProxy)) {
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
