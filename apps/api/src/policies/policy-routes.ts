import { z } from '@hono/zod-openapi'
import { jsonAnswer, jsonBody } from '../docs/component-schemas.js'
import { Policy, UnusedPreview, UnusedPreviewParams, UpdatePolicyBody } from '../docs/lifecycle-schemas.js'
import { adminRouteGroup } from '../http/admin-route.js'

const PolicyAnswer = z.object({ policy: Policy }).openapi('PolicyEnvelope')

/** GET|PUT /api/policies and GET /api/policies/unused-preview: the account's token policy, for token managers. */
export const registerPolicyRoutes = adminRouteGroup(['Policies'], (route, { core }) => {
  route(
    'GET /api/policies',
    {
      summary: "Read the account's token policy",
      description:
        'The defaults until first saved: no expiry required, no maximum lifetime, no disabling for disuse, leaks disable the token.',
      responses: jsonAnswer(200, 'The policy.', PolicyAnswer),
    },
    async (c) => c.json({ policy: await core.policies.get(c.get('actor')) }, 200),
  )

  route(
    'GET /api/policies/unused-preview',
    {
      summary: 'Preview the tokens the unused-token policy would disable',
      description:
        'The enabled scoped tokens of the account whose last use, or creation when never used, is more than `days` days ago: what the hourly job would disable now. Nothing is changed.',
      request: { query: UnusedPreviewParams },
      responses: jsonAnswer(200, 'The tokens that would be disabled.', UnusedPreview),
      problems: [503],
    },
    async (c) => c.json(await core.policies.previewUnused(c.get('actor'), c.req.valid('query')), 200),
  )

  route(
    'PUT /api/policies',
    {
      summary: "Change the account's token policy",
      description:
        'Changes the fields sent; every change is audited (`policy.update`). The expiry rules apply to tokens created or renewed from then on.',
      request: { body: jsonBody(UpdatePolicyBody) },
      responses: jsonAnswer(200, 'The saved policy.', PolicyAnswer),
    },
    async (c) => c.json({ policy: await core.policies.update(c.get('actor'), c.req.valid('json')) }, 200),
  )
})
