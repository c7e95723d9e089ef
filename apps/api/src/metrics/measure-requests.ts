import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { AppEnv } from '../http/app-env.js'
import type { ApiMetrics } from './api-metrics.js'

function isPlatformRoute(route: string): boolean {
  return route === '/verify' || route.startsWith('/platform/')
}

/**
 * Counts every answer by the template of the route that matched (bounded by what is registered;
 * an unknown path counts under the middleware pattern it reached, e.g. `/api/*`), and times the
 * platform API and /verify. Runs outermost, so refusals by later middleware count too.
 */
export function measureRequests(metrics: ApiMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      const route = routePath(c, -1)
      const status = c.res.status
      metrics.countRequest(route, c.req.method, status)
      if (isPlatformRoute(route)) metrics.countVerification(status, (performance.now() - started) / 1000)
    }
  }
}
