import { createRoute, z } from '@hono/zod-openapi'
import type { ApiApp } from '../http/api-app.js'

export function registerHealthRoute(app: ApiApp): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['Operations'],
      summary: 'Liveness',
      description: 'Answers while the server accepts requests.',
      security: [],
      responses: {
        200: {
          description: 'Up.',
          content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
        },
      },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )
}
