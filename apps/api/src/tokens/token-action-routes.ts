import {
  CredentialsSchema,
  DuplicateBody,
  jsonAnswer,
  jsonBody,
  TokenEnvelopeSchema,
  TokenWithCredentialsSchema,
  UpgradeBody,
} from '../docs/component-schemas.js'
import { adminRouteGroup } from '../http/admin-route.js'

const STATE_SWITCHES = [
  {
    action: 'disable',
    texts: {
      summary: 'Disable a token',
      description: 'A disabled token cannot authenticate, from the next request on.',
    },
    answer: 'The disabled token.',
  },
  { action: 'enable', texts: { summary: 'Enable a token' }, answer: 'The enabled token.' },
] as const

export const registerTokenActionRoutes = adminRouteGroup(['Tokens'], (route, { core }) => {
  route(
    'GET /api/tokens/{id}/credentials',
    {
      summary: "Reveal a token's credentials",
      description:
        'Answers the Account SID and Auth Token (Cache-Control: no-store). Every reveal is audited.',
      responses: jsonAnswer(200, 'The credentials.', CredentialsSchema),
      // A GET that writes: its audit event.
      problems: [500, 503, 507],
    },
    async (c) => c.json(await core.tokens.reveal(c.get('actor'), c.req.valid('param').id), 200),
  )

  route(
    'POST /api/tokens/{id}/duplicate',
    {
      summary: 'Duplicate a scoped token',
      description:
        'A new token (new credentials) with the same access rights and settings; enabled or disabled as the body says, else as the source is.',
      request: { body: jsonBody(DuplicateBody, { required: false }) },
      responses: jsonAnswer(201, 'The copy (Cache-Control: no-store).', TokenWithCredentialsSchema),
      problems: [409],
    },
    async (c) =>
      c.json(await core.tokens.duplicate(c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 201),
  )

  route(
    'POST /api/tokens/{id}/reset',
    {
      summary: "Reset a token's auth token",
      description:
        'Issues a new auth token; the previous one stops passing authorisation checks from the next request on.',
      responses: jsonAnswer(
        200,
        'The token and its new credentials (Cache-Control: no-store).',
        TokenWithCredentialsSchema,
      ),
    },
    async (c) => c.json(await core.tokens.reset(c.get('actor'), c.req.valid('param').id), 200),
  )

  // Disabling and enabling are one switch: the same request and answers, in either direction.
  for (const { action, texts, answer } of STATE_SWITCHES) {
    route(
      `POST /api/tokens/{id}/${action}`,
      {
        ...texts,
        responses: jsonAnswer(200, answer, TokenEnvelopeSchema),
      },
      async (c) => c.json({ token: await core.tokens[action](c.get('actor'), c.req.valid('param').id) }, 200),
    )
  }

  route(
    'POST /api/tokens/{id}/upgrade',
    {
      summary: "Upgrade a token's API version",
      description:
        'Moves the token to a newer API version (the latest when none is given); never to an older one.',
      request: { body: jsonBody(UpgradeBody, { required: false }) },
      responses: jsonAnswer(200, 'The upgraded token.', TokenEnvelopeSchema),
      problems: [409],
    },
    async (c) =>
      c.json(
        { token: await core.tokens.upgrade(c.get('actor'), c.req.valid('param').id, c.req.valid('json')) },
        200,
      ),
  )
})
