import { createRoute } from '@hono/zod-openapi'
import { TokenFilter } from '@tokens/core'
import type { ApiDeps } from '../api-deps.js'
import {
  CreateTokenBody,
  jsonContent,
  TokenEnvelopeSchema,
  TokenIdParams,
  TokenList,
  TokenWithCredentialsSchema,
  UpdateTokenBody,
} from '../docs/component-schemas.js'
import { SESSION_CSRF_SECURITY, SESSION_SECURITY } from '../docs/security-schemes.js'
import type { ApiApp } from '../http/api-app.js'
import { problemResponses } from '../http/problem-details.js'
import { adminGuards } from '../session/admin-guards.js'

export function registerTokenRoutes(app: ApiApp, deps: ApiDeps): void {
  const { core } = deps
  const guards = adminGuards(deps)

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tokens',
      tags: ['Tokens'],
      summary: 'List scoped tokens',
      description:
        "Tokens of the caller's account, newest first, filtered by part of the name (case-insensitive), creation range and state. Pass `nextCursor` back as `cursor` for the next page.",
      middleware: guards,
      security: SESSION_SECURITY,
      request: { query: TokenFilter },
      responses: {
        200: { description: 'One page of tokens.', content: jsonContent(TokenList) },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => c.json(await core.tokens.list(c.get('actor'), c.req.valid('query')), 200),
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/tokens',
      tags: ['Tokens'],
      summary: 'Create a scoped token',
      description:
        'Creates an enabled token and answers it with its credentials (Cache-Control: no-store). At least one scope is required.',
      middleware: guards,
      security: SESSION_CSRF_SECURITY,
      request: { body: { required: true, content: jsonContent(CreateTokenBody) } },
      responses: {
        201: {
          description: 'Created (Cache-Control: no-store).',
          content: jsonContent(TokenWithCredentialsSchema),
        },
        ...problemResponses(400, 401, 403, 409, 413, 415, 503, 507),
      },
    }),
    async (c) => c.json(await core.tokens.create(c.get('actor'), c.req.valid('json')), 201),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/tokens/{id}',
      tags: ['Tokens'],
      summary: 'Read a scoped token',
      middleware: guards,
      security: SESSION_SECURITY,
      request: { params: TokenIdParams },
      responses: {
        200: { description: 'The token.', content: jsonContent(TokenEnvelopeSchema) },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => c.json({ token: await core.tokens.get(c.get('actor'), c.req.valid('param').id) }, 200),
  )

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/tokens/{id}',
      tags: ['Tokens'],
      summary: 'Update a scoped token',
      description:
        'Name, description, primary contact, developer e-mails, scopes, rate limit, or a newer API version.',
      middleware: guards,
      security: SESSION_CSRF_SECURITY,
      request: { params: TokenIdParams, body: { required: true, content: jsonContent(UpdateTokenBody) } },
      responses: {
        200: { description: 'The updated token.', content: jsonContent(TokenEnvelopeSchema) },
        ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503, 507),
      },
    }),
    async (c) =>
      c.json(
        { token: await core.tokens.update(c.get('actor'), c.req.valid('param').id, c.req.valid('json')) },
        200,
      ),
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/api/tokens/{id}',
      tags: ['Tokens'],
      summary: 'Delete a scoped token',
      description: 'Removes the token completely; its credential stops working at once.',
      middleware: guards,
      security: SESSION_CSRF_SECURITY,
      request: { params: TokenIdParams },
      responses: { 204: { description: 'Deleted.' }, ...problemResponses(400, 401, 403, 404, 503, 507) },
    }),
    async (c) => {
      await core.tokens.remove(c.get('actor'), c.req.valid('param').id)
      return c.body(null, 204)
    },
  )
}
