import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env.js'

/**
 * API answers are private and some carry secrets (credentials, the CSRF token): no cache, shared
 * or private, may keep any of them. Only a route that chose its own policy (static documentation
 * assets) keeps it.
 */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  // On the answer's own headers: c.header() after the answer exists would rebuild the answer, body included.
  const headers = c.res.headers
  if (headers.has('Cache-Control')) return
  headers.set('Cache-Control', 'no-store')
  headers.set('Pragma', 'no-cache')
}
