import { Hono } from 'hono'
import { ApiProblem } from '../http/api-problem.js'
import type { AppEnv } from '../http/app-env.js'
import { handleErrors } from '../http/handle-errors.js'
import type { LogSink } from '../http/log-entry.js'
import { STARTING } from './health-route.js'

/**
 * What the port answers while the core opens (master key, migrations, change listener): the
 * process is live, not ready, and every other request is told to come back (503 Busy, Retry-After).
 * Listening this early lets an orchestrator tell a slow migration from a dead process.
 */
export function startingApp(log: LogSink): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.onError(handleErrors(log))
  app.get('/healthz', (c) => c.json({ status: 'ok' as const }, 200))
  app.get('/readyz', (c) => c.json(STARTING, 503))
  app.all('*', () => {
    throw new ApiProblem('Busy')
  })
  return app
}
