import { createRoute } from '@hono/zod-openapi'
import type { ApiDeps } from '../api-deps.js'
import { jsonContent, UserList } from '../docs/component-schemas.js'
import { SESSION_SECURITY } from '../docs/security-schemes.js'
import type { ApiApp } from '../http/api-app.js'
import { problemResponses } from '../http/problem-details.js'
import { adminGuards } from '../session/admin-guards.js'

export function registerUserRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/users',
      tags: ['Users'],
      summary: "Users of the caller's account",
      description:
        "Id, name and e-mail of every user of the account, for choosing a token's primary contact.",
      middleware: adminGuards(deps),
      security: SESSION_SECURITY,
      responses: {
        200: { description: 'The users, in one page.', content: jsonContent(UserList) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ items: await deps.core.users.list(c.get('actor')), nextCursor: null }, 200),
  )
}
