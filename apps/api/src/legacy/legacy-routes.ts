import {
  jsonAnswer,
  jsonBody,
  Legacy,
  LegacyCredentialsSchema,
  LegacyReset,
  UpgradeBody,
} from '../docs/component-schemas.js'
import { adminRouteGroup } from '../http/admin-route.js'
import { LEGACY_CREDENTIALS } from './legacy-credentials.js'

export const registerLegacyRoutes = adminRouteGroup(['Legacy tokens'], (route, { core }) => {
  route(
    'GET /api/legacy-tokens',
    {
      summary: "The account's legacy tokens",
      description:
        '`{enabled:false}` until legacy tokens are enabled; then their API version and both tokens.',
      responses: jsonAnswer(200, 'The legacy tokens.', Legacy),
    },
    async (c) => c.json(await core.legacy.get(c.get('actor')), 200),
  )

  route(
    'POST /api/legacy-tokens/enable',
    {
      summary: 'Enable legacy tokens',
      description: 'Creates the Read/Write and Read-Only legacy tokens of the account, once.',
      responses: jsonAnswer(200, 'The legacy tokens.', Legacy),
      problems: [409],
    },
    async (c) => c.json(await core.legacy.enable(c.get('actor')), 200),
  )

  for (const { access, segment, title } of LEGACY_CREDENTIALS) {
    route(
      `POST /api/legacy-tokens/${segment}/reset`,
      {
        summary: `Reset the ${title} legacy token`,
        description:
          'Issues a new auth token; the previous one stops passing authorisation checks from the next request on.',
        responses: jsonAnswer(
          200,
          'The legacy tokens and the new credential (Cache-Control: no-store).',
          LegacyReset,
        ),
        problems: [409],
      },
      async (c) => c.json(await core.legacy.reset(c.get('actor'), access), 200),
    )
  }

  route(
    'POST /api/legacy-tokens/upgrade',
    {
      summary: "Upgrade the legacy tokens' API version",
      description:
        'Both legacy tokens move to a newer API version (the latest when none is given); never to an older one.',
      request: { body: jsonBody(UpgradeBody, { required: false }) },
      responses: jsonAnswer(200, 'The legacy tokens.', Legacy),
      problems: [409],
    },
    async (c) => c.json(await core.legacy.upgrade(c.get('actor'), c.req.valid('json')), 200),
  )

  route(
    'GET /api/legacy-tokens/credentials',
    {
      summary: 'Reveal the legacy credentials',
      description:
        'Account SID and Auth Token of both legacy tokens (Cache-Control: no-store). Every reveal is audited.',
      responses: jsonAnswer(200, 'Both credentials.', LegacyCredentialsSchema),
      // A GET that writes: its audit event.
      problems: [409, 500, 503, 507],
    },
    async (c) => c.json(await core.legacy.reveal(c.get('actor')), 200),
  )
})
