import { createRoute } from '@hono/zod-openapi'
import { AuditFilter } from '@tokens/core'
import type { ApiDeps } from '../api-deps.js'
import { AuditEventList, jsonContent } from '../docs/component-schemas.js'
import { SESSION_SECURITY } from '../docs/security-schemes.js'
import type { ApiApp } from '../http/api-app.js'
import { problemResponses } from '../http/problem-details.js'
import { adminGuards } from '../session/admin-guards.js'

export function registerAuditRoutes(app: ApiApp, deps: ApiDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/audit-events',
      tags: ['Audit events'],
      summary: 'Audit trail of the account',
      description:
        'Every management action and every reveal of a credential (who, what, when, from where), newest first. Never holds a secret.',
      middleware: adminGuards(deps),
      security: SESSION_SECURITY,
      request: { query: AuditFilter },
      responses: {
        200: { description: 'One page of events.', content: jsonContent(AuditEventList) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => c.json(await deps.core.audit.list(c.get('actor'), c.req.valid('query')), 200),
  )
}
