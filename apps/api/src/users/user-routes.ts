import { jsonAnswer, UserList } from '../docs/component-schemas.js'
import { adminRouteGroup } from '../http/admin-route.js'

export const registerUserRoutes = adminRouteGroup(['Users'], (route, deps) => {
  route(
    'GET /api/users',
    {
      summary: "Users of the caller's account",
      description:
        "Id, name and e-mail of every user of the account, for choosing a token's primary contact.",
      responses: jsonAnswer(200, 'The users, in one page.', UserList),
    },
    async (c) => c.json({ items: await deps.core.users.list(c.get('actor')), nextCursor: null }, 200),
  )
})
