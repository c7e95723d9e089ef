import { z } from '@hono/zod-openapi'
import { ApiVersion, isApiVersionOf, latestApiVersion, scopeCatalog } from '@tokens/core'
import { Catalog, jsonAnswer } from '../docs/component-schemas.js'
import { ApiProblem } from '../http/api-problem.js'
import { adminRouteGroup } from '../http/admin-route.js'

const CatalogQuery = z.strictObject({
  apiVersion: ApiVersion.optional().openapi({
    param: { name: 'apiVersion', in: 'query' },
    description: 'An API version of the account kind; the latest when omitted.',
    example: 'v14',
  }),
})

export const registerCatalogRoutes = adminRouteGroup(['Catalog'], (route) => {
  route(
    'GET /api/catalog',
    {
      summary: "Scope catalog of the caller's account kind",
      description:
        'API categories with their endpoints (path templates) and HTTP methods for one API version: the scopes a token may be granted, each `"<METHOD> <path>"`.',
      request: { query: CatalogQuery },
      responses: jsonAnswer(200, 'The catalog.', Catalog),
    },
    (c) => {
      // The catalog is the core's data, not a core call: the group's guards applied the core's role rule.
      const { session } = c.get('session')
      const kind = session.account.kind
      const apiVersion = c.req.valid('query').apiVersion ?? latestApiVersion(kind)
      if (!isApiVersionOf(kind, apiVersion))
        throw new ApiProblem('ApiVersionNotForAccount', { params: { apiVersion } })
      return c.json(scopeCatalog(kind, apiVersion), 200)
    },
  )
})
