import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env.js'

/**
 * API answers are private and some carry secrets (credentials, the CSRF token): no cache, shared
 * or private, may keep any of them. Only a route that chose its own policy (static documentation
 * assets) keeps it.
 */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  if (c.res.headers.has('Cache-Control')) return
  c.header('Cache-Control', 'no-store')
  c.header('Pragma', 'no-cache')
}
