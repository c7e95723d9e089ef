import { createHash, timingSafeEqual } from 'node:crypto'
import type { Hono } from 'hono'
import type { AppEnv } from '../http/app-env.js'
import type { ApiMetrics } from './api-metrics.js'

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()

/**
 * GET /metrics in Prometheus text format, on the public port behind `Authorization: Bearer
 * <METRICS_TOKEN>` (compared in constant time). Not in the OpenAPI document: it is for the
 * operator's scraper, not for integrations. Without METRICS_TOKEN the route is not registered.
 */
export function registerMetricsRoute(app: Hono<AppEnv>, metrics: ApiMetrics, token: string): void {
  const expected = digest(`Bearer ${token}`)
  app.get('/metrics', async (c) => {
    const presented = digest(c.req.header('authorization') ?? '')
    if (!timingSafeEqual(presented, expected)) {
      return c.text('Unauthorized\n', 401, { 'WWW-Authenticate': 'Bearer realm="metrics"' })
    }
    return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType })
  })
}
