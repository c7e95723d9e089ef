import { createRoute, z } from '@hono/zod-openapi'
import type { TokenConsoleCore } from '@tokens/core/server'
import type { ApiApp } from '../http/api-app.js'
import type { ServingState } from './serving-state.js'

const Liveness = z.object({ status: z.literal('ok') }).openapi('Liveness')

const Readiness = z
  .object({
    status: z.enum(['ready', 'starting', 'stopping', 'unavailable']).openapi({
      description:
        '`starting`: migrations have not finished; `stopping`: draining after SIGTERM; `unavailable`: a check failed.',
    }),
    checks: z
      .object({
        database: z.enum(['ok', 'read-only', 'unavailable']).openapi({
          description:
            '`read-only`: PostgreSQL answers but refuses writes (a hot standby after a failover, or a primary set read-only).',
        }),
        changeListener: z.enum(['ok', 'unavailable', 'not-used']).openapi({
          description: "PostgreSQL only: LISTEN for other instances' token changes (`not-used` on SQLite).",
        }),
      })
      .optional(),
  })
  .openapi('Readiness')

export type ReadinessBody = z.infer<typeof Readiness>

/** The probe answers: the same shapes while starting (server.ts) as once the app serves. */
export const STARTING: ReadinessBody = { status: 'starting' }
export const STOPPING: ReadinessBody = { status: 'stopping' }

export function registerHealthRoute(app: ApiApp, core: TokenConsoleCore, serving: ServingState): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['Operations'],
      summary: 'Liveness',
      description: 'Answers while the process accepts requests, also while it starts or drains.',
      security: [],
      responses: {
        200: { description: 'Up.', content: { 'application/json': { schema: Liveness } } },
      },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['Operations'],
      summary: 'Readiness',
      description:
        'Whether this instance should receive traffic: 200 once migrations ran and the database (and, on PostgreSQL, the change listener) answers and takes writes; 503 while starting, when a check fails (a read-only database included), and from SIGTERM on.',
      security: [],
      responses: {
        200: { description: 'Ready.', content: { 'application/json': { schema: Readiness } } },
        503: {
          description: 'Not ready: starting, stopping, or a check failed.',
          content: { 'application/json': { schema: Readiness } },
        },
      },
    }),
    async (c) => {
      if (serving.stopping) return c.json(STOPPING, 503)
      const readiness = await core.operations.readiness()
      const checks = {
        database: readiness.database,
        changeListener:
          readiness.changeListener === null
            ? ('not-used' as const)
            : readiness.changeListener
              ? ('ok' as const)
              : ('unavailable' as const),
      }
      // Checked again after the await: a stop asked for meanwhile wins.
      if (serving.stopping) return c.json(STOPPING, 503)
      return readiness.database === 'ok' && readiness.changeListener !== false
        ? c.json({ status: 'ready' as const, checks }, 200)
        : c.json({ status: 'unavailable' as const, checks }, 503)
    },
  )
}
