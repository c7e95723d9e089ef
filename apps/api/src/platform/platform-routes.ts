import { createRoute } from '@hono/zod-openapi'
import { AuditFilter, TokenFilter, type Scope } from '@tokens/core'
import type { TokenConsoleCore, VerifiedCredential } from '@tokens/core/server'
import type { Context } from 'hono'
import type { ApiDeps } from '../api-deps.js'
import { CreateTokenBody, idParams, jsonContent, UpdateTokenBody } from '../docs/component-schemas.js'
import { BASIC_SECURITY } from '../docs/security-schemes.js'
import type { ApiApp } from '../http/api-app.js'
import type { AppEnv } from '../http/app-env.js'
import { problemResponses } from '../http/problem-details.js'
import { API_VERSION_HEADER } from './check-api-version.js'
import type { CredentialFailureThrottle } from './credential-failure-throttle.js'
import { RATE_LIMIT_HEADERS, type CountTokenRequest } from './limit-token-rate.js'
import { platformGuard } from './platform-guard.js'
import { speaksLatest, versionedSchemas, versionedShapes } from './versioned-shapes.js'

const TokenIdParams = idParams('Id')

/**
 * Documented as a plain OpenAPI parameter, not a zod schema: a schema would add a validator that
 * copies and parses every request's headers, while checkApiVersion reads this one header itself.
 */
const API_VERSION_PARAMETER = {
  name: API_VERSION_HEADER,
  in: 'header' as const,
  required: false,
  description:
    "The API version the caller expects; when it is not the token's version the answer is 400 ApiVersionMismatch naming the token's version.",
  schema: { type: 'string' as const },
  example: 'v14',
}

const PLATFORM_PROBLEMS = [400, 401, 403, 429] as const

/** The answer in the shape of the credential's API version (see versioned-shapes.ts). */
function shaped<V, L, C>(
  credential: VerifiedCredential,
  shapes: { latest: (value: V) => L; classic: (value: V) => C },
  value: V,
): L | C {
  return speaksLatest(credential) ? shapes.latest(value) : shapes.classic(value)
}

/**
 * GET /platform/Account's handler: the calling token's account, in its version's shape. The
 * benchmark serves this very handler behind other authentication to compare their costs.
 */
export function answerCallerAccount(core: TokenConsoleCore) {
  return (c: Context<AppEnv>) => {
    const credential = c.get('credential')
    return c.json(shaped(credential, versionedShapes.account, core.accounts.ofCredential(credential)), 200)
  }
}

function describe(scope: Scope, text: string): string {
  return `${text}\n\nRequired scope: \`${scope}\`. Rate-limited per token (RateLimit-* headers on every answer).`
}

/**
 * The product's own endpoints for integrations, under Basic auth. Every route declares the scope it
 * needs; the guards run in this order: credential (401), rate (429), API version (400), scope (403),
 * JSON body (415/400).
 */
export function registerPlatformRoutes(
  app: ApiApp,
  deps: ApiDeps,
  throttle: CredentialFailureThrottle,
  countTokenRequest: CountTokenRequest,
): void {
  const { core } = deps
  const guard = platformGuard(deps, throttle, countTokenRequest)

  app.openapi(
    createRoute({
      method: 'get',
      path: '/platform/Account',
      tags: ['Platform API'],
      summary: 'The account of the calling token',
      description: describe('GET /Account', 'Id, kind and name of the account the token belongs to.'),
      middleware: guard('GET /Account'),
      security: BASIC_SECURITY,
      parameters: [API_VERSION_PARAMETER],
      responses: {
        200: {
          description: 'The account.',
          headers: RATE_LIMIT_HEADERS,
          content: jsonContent(versionedSchemas.account),
        },
        ...problemResponses(...PLATFORM_PROBLEMS),
      },
    }),
    answerCallerAccount(core),
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/platform/Tokens',
      tags: ['Platform API'],
      summary: "List the account's scoped tokens",
      description: describe('GET /Tokens', 'Filters and paging as GET /api/tokens.'),
      middleware: guard('GET /Tokens'),
      security: BASIC_SECURITY,
      parameters: [API_VERSION_PARAMETER],
      request: { query: TokenFilter },
      responses: {
        200: {
          description: 'One page of tokens.',
          headers: RATE_LIMIT_HEADERS,
          content: jsonContent(versionedSchemas.tokenList),
        },
        ...problemResponses(...PLATFORM_PROBLEMS),
      },
    }),
    async (c) => {
      const page = await core.tokens.list(c.get('actor'), c.req.valid('query'))
      return c.json(shaped(c.get('credential'), versionedShapes.tokenList, page), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/platform/Tokens',
      tags: ['Platform API'],
      summary: 'Create a scoped token',
      description: describe(
        'POST /Tokens',
        "The request body is the same in every version. The answer holds the new auth token (Cache-Control: no-store). A token grants only what it holds: every scope must be among the calling token's (else 403 DelegationExceedsScopes naming those it lacks) and `rateLimitPerHour` no higher than its own (else 403 DelegationExceedsRateLimit); left out, the limit is the default capped at the caller's own.",
      ),
      middleware: guard('POST /Tokens'),
      security: BASIC_SECURITY,
      parameters: [API_VERSION_PARAMETER],
      request: { body: { required: true, content: jsonContent(CreateTokenBody) } },
      responses: {
        201: {
          description: 'Created.',
          headers: RATE_LIMIT_HEADERS,
          content: jsonContent(versionedSchemas.tokenWithCredentials),
        },
        ...problemResponses(...PLATFORM_PROBLEMS, 409, 413, 415, 503, 507),
      },
    }),
    async (c) => {
      const created = await core.tokens.create(c.get('actor'), c.req.valid('json'))
      return c.json(shaped(c.get('credential'), versionedShapes.tokenWithCredentials, created), 201)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/platform/Tokens/{Id}',
      tags: ['Platform API'],
      summary: 'Read a scoped token',
      description: describe('GET /Tokens/{Id}', 'Never holds the auth token.'),
      middleware: guard('GET /Tokens/{Id}'),
      security: BASIC_SECURITY,
      parameters: [API_VERSION_PARAMETER],
      request: { params: TokenIdParams },
      responses: {
        200: {
          description: 'The token.',
          headers: RATE_LIMIT_HEADERS,
          content: jsonContent(versionedSchemas.token),
        },
        ...problemResponses(...PLATFORM_PROBLEMS, 404),
      },
    }),
    async (c) => {
      const token = await core.tokens.get(c.get('actor'), c.req.valid('param').Id)
      return c.json(shaped(c.get('credential'), versionedShapes.token, token), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'put',
      path: '/platform/Tokens/{Id}',
      tags: ['Platform API'],
      summary: 'Update a scoped token',
      description: describe(
        'PUT /Tokens/{Id}',
        "Changes only the fields sent (as PATCH /api/tokens/{id}). The token changed must be within the calling token's scopes and rate limit, before and after (else 403 DelegationExceedsScopes / DelegationExceedsRateLimit); the calling token may rename itself but not change its own scopes or rate limit (403 OwnAccessImmutable).",
      ),
      middleware: guard('PUT /Tokens/{Id}'),
      security: BASIC_SECURITY,
      parameters: [API_VERSION_PARAMETER],
      request: {
        params: TokenIdParams,
        body: { required: true, content: jsonContent(UpdateTokenBody) },
      },
      responses: {
        200: {
          description: 'The updated token.',
          headers: RATE_LIMIT_HEADERS,
          content: jsonContent(versionedSchemas.token),
        },
        ...problemResponses(...PLATFORM_PROBLEMS, 404, 409, 413, 415, 503, 507),
      },
    }),
    async (c) => {
      const token = await core.tokens.update(c.get('actor'), c.req.valid('param').Id, c.req.valid('json'))
      return c.json(shaped(c.get('credential'), versionedShapes.token, token), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/platform/Tokens/{Id}',
      tags: ['Platform API'],
      summary: 'Delete a scoped token',
      description: describe('DELETE /Tokens/{Id}', 'Its credential stops working at once.'),
      middleware: guard('DELETE /Tokens/{Id}'),
      security: BASIC_SECURITY,
      parameters: [API_VERSION_PARAMETER],
      request: { params: TokenIdParams },
      responses: {
        204: { description: 'Deleted.', headers: RATE_LIMIT_HEADERS },
        ...problemResponses(...PLATFORM_PROBLEMS, 404, 503, 507),
      },
    }),
    async (c) => {
      await core.tokens.remove(c.get('actor'), c.req.valid('param').Id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    createRoute({
      method: 'post',
      path: '/platform/Tokens/{Id}/Reset',
      tags: ['Platform API'],
      summary: "Reset a token's auth token",
      description: describe(
        'POST /Tokens/{Id}/Reset',
        'The previous auth token stops working from the next request on. The answer holds the new one (Cache-Control: no-store). A token may reset itself, or a token within its own scopes and rate limit (else 403 DelegationExceedsScopes / DelegationExceedsRateLimit).',
      ),
      middleware: guard('POST /Tokens/{Id}/Reset'),
      security: BASIC_SECURITY,
      parameters: [API_VERSION_PARAMETER],
      request: { params: TokenIdParams },
      responses: {
        200: {
          description: 'The token and its new auth token.',
          headers: RATE_LIMIT_HEADERS,
          content: jsonContent(versionedSchemas.tokenWithCredentials),
        },
        ...problemResponses(...PLATFORM_PROBLEMS, 404, 503, 507),
      },
    }),
    async (c) => {
      const reset = await core.tokens.reset(c.get('actor'), c.req.valid('param').Id)
      return c.json(shaped(c.get('credential'), versionedShapes.tokenWithCredentials, reset), 200)
    },
  )

  app.openapi(
    createRoute({
      method: 'get',
      path: '/platform/AuditEvents',
      tags: ['Platform API'],
      summary: 'Audit trail of the account',
      description: describe('GET /AuditEvents', 'Newest first; pass the next cursor back as `cursor`.'),
      middleware: guard('GET /AuditEvents'),
      security: BASIC_SECURITY,
      parameters: [API_VERSION_PARAMETER],
      request: { query: AuditFilter },
      responses: {
        200: {
          description: 'One page of events.',
          headers: RATE_LIMIT_HEADERS,
          content: jsonContent(versionedSchemas.auditEvents),
        },
        ...problemResponses(...PLATFORM_PROBLEMS),
      },
    }),
    async (c) => {
      const page = await core.audit.list(c.get('actor'), c.req.valid('query'))
      return c.json(shaped(c.get('credential'), versionedShapes.auditEvents, page), 200)
    },
  )
}
