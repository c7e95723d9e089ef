import { createRoute, z } from '@hono/zod-openapi'
import type { ApiDeps } from '../api-deps.js'
import { jsonContent } from '../docs/component-schemas.js'
import { Policy, UnusedPreview, UnusedPreviewParams, UpdatePolicyBody } from '../docs/lifecycle-schemas.js'
import { SESSION_CSRF_SECURITY, SESSION_SECURITY } from '../docs/security-schemes.js'
import type { ApiApp } from '../http/api-app.js'
import { problemResponses } from '../http/problem-details.js'
import { adminGuards } from '../session/admin-guards.js'

const PolicyAnswer = z.object({ policy: Policy }).openapi('PolicyEnvelope')

/** GET|PUT /api/policies and GET /api/policies/unused-preview: the account's token policy, for token managers. */
export function registerPolicyRoutes(app: ApiApp, deps: ApiDeps): void {
  const { core } = deps
  const guards = adminGuards(deps)

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/policies',
      tags: ['Policies'],
      summary: "Read the account's token policy",
      description:
        'The defaults until first saved: no expiry required, no maximum lifetime, no disabling for disuse, leaks disable the token.',
      middleware: guards,
      security: SESSION_SECURITY,
      responses: {
        200: { description: 'The policy.', content: jsonContent(PolicyAnswer) },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ policy: await core.policies.get(c.get('actor')) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/policies/unused-preview',
      tags: ['Policies'],
      summary: 'Preview the tokens the unused-token policy would disable',
      description:
        'The enabled scoped tokens of the account whose last use, or creation when never used, is more than `days` days ago: what the hourly job would disable now. Nothing is changed.',
      middleware: guards,
      security: SESSION_SECURITY,
      request: { query: UnusedPreviewParams },
      responses: {
        200: { description: 'The tokens that would be disabled.', content: jsonContent(UnusedPreview) },
        ...problemResponses(400, 401, 403, 503),
      },
    }),
    async (c) => c.json(await core.policies.previewUnused(c.get('actor'), c.req.valid('query')), 200),
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/policies',
      tags: ['Policies'],
      summary: "Change the account's token policy",
      description:
        'Changes the fields sent; every change is audited (`policy.update`). The expiry rules apply to tokens created or renewed from then on.',
      middleware: guards,
      security: SESSION_CSRF_SECURITY,
      request: { body: { required: true, content: jsonContent(UpdatePolicyBody) } },
      responses: {
        200: { description: 'The saved policy.', content: jsonContent(PolicyAnswer) },
        ...problemResponses(400, 401, 403, 413, 415, 503, 507),
      },
    }),
    async (c) => c.json({ policy: await core.policies.update(c.get('actor'), c.req.valid('json')) }, 200),
  )
}
