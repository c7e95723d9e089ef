import { jsonAnswer } from '../docs/component-schemas.js'
import { adminRouteGroup } from '../http/admin-route.js'
import { LEGACY_CREDENTIALS } from '../legacy/legacy-credentials.js'
import {
  AccountUsageSchema,
  LegacyUpgradePreviewSchema,
  TokenUsageSchema,
  UpgradePreviewQueryParams,
  UpgradePreviewSchema,
  UsageQueryParams,
} from './usage-schemas.js'

/** Usage of tokens and what follows from it (issue 14): reads only, for users who may see tokens. */
export const registerUsageRoutes = adminRouteGroup(['Usage'], (route, { core }) => {
  route(
    'GET /api/tokens/{id}/usage',
    {
      summary: "A scoped token's usage",
      description:
        'Requests of the token in the range by outcome, scope and client, and least privilege: scopes unused in 30 days (offered once the token is 30 days old and had traffic) and refused scopes it lacks. Change scopes with PATCH /api/tokens/{id}.',
      request: { query: UsageQueryParams },
      responses: jsonAnswer(200, 'The usage.', TokenUsageSchema),
      problems: [503],
    },
    async (c) =>
      c.json(await core.usage.token(c.get('actor'), c.req.valid('param').id, c.req.valid('query')), 200),
  )

  route(
    'GET /api/tokens/{id}/upgrade-preview',
    {
      summary: 'What upgrading a token changes for its integration',
      description:
        'For each endpoint the token called in the last 30 days and still holds, how the answer changes between its version and the target; and the endpoints the target adds (a scoped token may then be granted them; an upgrade grants it no scope). Refused as the upgrade would be (409 ApiVersionNotNewer, 400 ApiVersionNotForAccount).',
      request: { query: UpgradePreviewQueryParams },
      responses: jsonAnswer(200, 'The preview.', UpgradePreviewSchema),
      problems: [409, 503],
    },
    async (c) =>
      c.json(
        await core.usage.upgradePreview(c.get('actor'), c.req.valid('param').id, c.req.valid('query')),
        200,
      ),
  )

  route(
    'GET /api/usage',
    {
      summary: "The account's usage",
      description:
        "The account's requests in the range by outcome, and every token with traffic, busiest first.",
      request: { query: UsageQueryParams },
      responses: jsonAnswer(200, 'The usage.', AccountUsageSchema),
      problems: [503],
    },
    async (c) => c.json(await core.usage.account(c.get('actor'), c.req.valid('query')), 200),
  )

  route(
    'GET /api/legacy-tokens/upgrade-preview',
    {
      tags: ['Legacy tokens', 'Usage'],
      summary: 'What upgrading the legacy tokens changes for their integrations',
      description:
        'As a scoped token’s upgrade preview, for each legacy credential. 409 LegacyNotEnabled while legacy tokens are off; refused as the upgrade would be.',
      request: { query: UpgradePreviewQueryParams },
      responses: jsonAnswer(200, 'The preview.', LegacyUpgradePreviewSchema),
      problems: [409, 503],
    },
    async (c) => c.json(await core.usage.legacyUpgradePreview(c.get('actor'), c.req.valid('query')), 200),
  )

  for (const { access, segment, title } of LEGACY_CREDENTIALS) {
    route(
      `GET /api/legacy-tokens/${segment}/usage`,
      {
        tags: ['Legacy tokens', 'Usage'],
        summary: `The ${title} legacy token's usage`,
        description:
          'As a scoped token’s usage, without least privilege (a legacy token grants a whole version). 409 LegacyNotEnabled while legacy tokens are off.',
        request: { query: UsageQueryParams },
        responses: jsonAnswer(200, 'The usage.', TokenUsageSchema),
        problems: [409, 503],
      },
      async (c) => c.json(await core.usage.legacy(c.get('actor'), access, c.req.valid('query')), 200),
    )
  }
})
