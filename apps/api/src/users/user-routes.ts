import type { ApiDeps } from '../api-deps.js'
import { jsonContent, UserList } from '../docs/component-schemas.js'
import type { ApiApp } from '../http/api-app.js'
import { adminRoutes } from '../http/admin-route.js'

export function registerUserRoutes(app: ApiApp, deps: ApiDeps): void {
  const adminRoute = adminRoutes(deps, ['Users'])
  app.openapi(
    adminRoute({
      method: 'get',
      path: '/api/users',
      summary: "Users of the caller's account",
      description:
        "Id, name and e-mail of every user of the account, for choosing a token's primary contact.",
      responses: {
        200: { description: 'The users, in one page.', content: jsonContent(UserList) },
      },
    }),
    async (c) => c.json({ items: await deps.core.users.list(c.get('actor')), nextCursor: null }, 200),
  )
}
