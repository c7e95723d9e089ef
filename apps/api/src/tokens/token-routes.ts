import { TokenFilter } from '@tokens/core'
import {
  CreateTokenBody,
  jsonAnswer,
  jsonBody,
  TokenEnvelopeSchema,
  TokenList,
  TokenWithCredentialsSchema,
  UpdateTokenBody,
} from '../docs/component-schemas.js'
import { adminRouteGroup, declareDeleteById } from '../http/admin-route.js'

export const registerTokenRoutes = adminRouteGroup(['Tokens'], (route, { core }) => {
  route(
    'GET /api/tokens',
    {
      summary: 'List scoped tokens',
      description:
        "Tokens of the caller's account, newest first, filtered by part of the name (case-insensitive), creation range and state. Pass `nextCursor` back as `cursor` for the next page.",
      request: { query: TokenFilter },
      responses: jsonAnswer(200, 'One page of tokens.', TokenList),
    },
    async (c) => c.json(await core.tokens.list(c.get('actor'), c.req.valid('query')), 200),
  )

  route(
    'POST /api/tokens',
    {
      summary: 'Create a scoped token',
      description:
        'Creates an enabled token and answers it with its credentials (Cache-Control: no-store). At least one scope is required.',
      request: { body: jsonBody(CreateTokenBody) },
      responses: jsonAnswer(201, 'Created (Cache-Control: no-store).', TokenWithCredentialsSchema),
      problems: [409],
    },
    async (c) => c.json(await core.tokens.create(c.get('actor'), c.req.valid('json')), 201),
  )

  route(
    'GET /api/tokens/{id}',
    {
      summary: 'Read a scoped token',
      responses: jsonAnswer(200, 'The token.', TokenEnvelopeSchema),
    },
    async (c) => c.json({ token: await core.tokens.get(c.get('actor'), c.req.valid('param').id) }, 200),
  )

  route(
    'PATCH /api/tokens/{id}',
    {
      summary: 'Update a scoped token',
      description:
        'Name, description, primary contact, developer e-mails, scopes, rate limit, or a newer API version.',
      request: { body: jsonBody(UpdateTokenBody) },
      responses: jsonAnswer(200, 'The updated token.', TokenEnvelopeSchema),
      problems: [409],
    },
    async (c) =>
      c.json(
        { token: await core.tokens.update(c.get('actor'), c.req.valid('param').id, c.req.valid('json')) },
        200,
      ),
  )

  declareDeleteById(
    route,
    'DELETE /api/tokens/{id}',
    {
      summary: 'Delete a scoped token',
      description: 'Removes the token completely; its credential stops working at once.',
    },
    (actor, id) => core.tokens.remove(actor, id),
  )
})
