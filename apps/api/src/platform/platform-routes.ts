import { AuditFilter, TokenFilter } from '@tokens/core'
import type { TokenConsoleCore, VerifiedCredential } from '@tokens/core/server'
import type { Context } from 'hono'
import type { ApiDeps } from '../api-deps.js'
import { CreateTokenBody, jsonAnswer, jsonBody, UpdateTokenBody } from '../docs/component-schemas.js'
import type { ApiApp } from '../http/api-app.js'
import { UsageQueryParams } from '../usage/usage-schemas.js'
import type { AppEnv } from '../http/app-env.js'
import type { CredentialFailureThrottle } from './credential-failure-throttle.js'
import type { CountTokenRequest } from './limit-token-rate.js'
import { platformGuard } from './platform-guard.js'
import { platformRoutes } from './platform-route.js'
import { speaksLatest, versionedSchemas, versionedShapes } from './versioned-shapes.js'

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
  const platformRoute = platformRoutes(platformGuard(deps, throttle, countTokenRequest))

  app.openapi(
    platformRoute('GET /Account', {
      summary: 'The account of the calling token',
      description: 'Id, kind and name of the account the token belongs to.',
      responses: jsonAnswer(200, 'The account.', versionedSchemas.account),
    }),
    answerCallerAccount(core),
  )

  app.openapi(
    platformRoute('GET /Tokens', {
      summary: "List the account's scoped tokens",
      description: 'Filters and paging as GET /api/tokens.',
      request: { query: TokenFilter },
      responses: jsonAnswer(200, 'One page of tokens.', versionedSchemas.tokenList),
    }),
    async (c) => {
      const page = await core.tokens.list(c.get('actor'), c.req.valid('query'))
      return c.json(shaped(c.get('credential'), versionedShapes.tokenList, page), 200)
    },
  )

  app.openapi(
    platformRoute('POST /Tokens', {
      summary: 'Create a scoped token',
      description:
        "The request body is the same in every version. The answer holds the new auth token (Cache-Control: no-store). A token grants only what it holds: every scope must be among the calling token's (else 403 DelegationExceedsScopes naming those it lacks) and `rateLimitPerHour` no higher than its own (else 403 DelegationExceedsRateLimit); left out, the limit is the default capped at the caller's own.",
      request: { body: jsonBody(CreateTokenBody) },
      responses: jsonAnswer(201, 'Created.', versionedSchemas.tokenWithCredentials),
      problems: [409],
    }),
    async (c) => {
      const created = await core.tokens.create(c.get('actor'), c.req.valid('json'))
      return c.json(shaped(c.get('credential'), versionedShapes.tokenWithCredentials, created), 201)
    },
  )

  app.openapi(
    platformRoute('GET /Tokens/{Id}', {
      summary: 'Read a scoped token',
      description: 'Never holds the auth token.',
      responses: jsonAnswer(200, 'The token.', versionedSchemas.token),
    }),
    async (c) => {
      const token = await core.tokens.get(c.get('actor'), c.req.valid('param').Id)
      return c.json(shaped(c.get('credential'), versionedShapes.token, token), 200)
    },
  )

  app.openapi(
    platformRoute('PUT /Tokens/{Id}', {
      summary: 'Update a scoped token',
      description:
        "Changes only the fields sent (as PATCH /api/tokens/{id}). The token changed must be within the calling token's scopes and rate limit, before and after (else 403 DelegationExceedsScopes / DelegationExceedsRateLimit); the calling token may rename itself but not change its own scopes or rate limit (403 OwnAccessImmutable).",
      request: { body: jsonBody(UpdateTokenBody) },
      responses: jsonAnswer(200, 'The updated token.', versionedSchemas.token),
      problems: [409],
    }),
    async (c) => {
      const token = await core.tokens.update(c.get('actor'), c.req.valid('param').Id, c.req.valid('json'))
      return c.json(shaped(c.get('credential'), versionedShapes.token, token), 200)
    },
  )

  app.openapi(
    platformRoute('DELETE /Tokens/{Id}', {
      summary: 'Delete a scoped token',
      description: 'Its credential stops working at once.',
      responses: {
        204: { description: 'Deleted.' },
      },
    }),
    async (c) => {
      await core.tokens.remove(c.get('actor'), c.req.valid('param').Id)
      return c.body(null, 204)
    },
  )

  app.openapi(
    platformRoute('POST /Tokens/{Id}/Reset', {
      summary: "Reset a token's auth token",
      description:
        'The previous auth token stops working from the next request on. The answer holds the new one (Cache-Control: no-store). A token may reset itself, or a token within its own scopes and rate limit (else 403 DelegationExceedsScopes / DelegationExceedsRateLimit).',
      responses: jsonAnswer(200, 'The token and its new auth token.', versionedSchemas.tokenWithCredentials),
    }),
    async (c) => {
      const reset = await core.tokens.reset(c.get('actor'), c.req.valid('param').Id)
      return c.json(shaped(c.get('credential'), versionedShapes.tokenWithCredentials, reset), 200)
    },
  )

  app.openapi(
    platformRoute('GET /Tokens/{Id}/Usage', {
      summary: "A scoped token's usage",
      description:
        "As GET /api/tokens/{id}/usage: the token's requests in the range by outcome, scope and client, and least privilege. Any scoped token of the account, as GET /Tokens/{Id} reads. Granted from the latest API version of each account kind.",
      request: { query: UsageQueryParams },
      responses: jsonAnswer(200, 'The usage.', versionedSchemas.tokenUsage),
      problems: [503],
    }),
    async (c) => {
      const usage = await core.usage.token(c.get('actor'), c.req.valid('param').Id, c.req.valid('query'))
      return c.json(shaped(c.get('credential'), versionedShapes.tokenUsage, usage), 200)
    },
  )

  app.openapi(
    platformRoute('GET /AuditEvents', {
      summary: 'Audit trail of the account',
      description: 'Newest first; pass the next cursor back as `cursor`.',
      request: { query: AuditFilter },
      responses: jsonAnswer(200, 'One page of events.', versionedSchemas.auditEvents),
    }),
    async (c) => {
      const page = await core.audit.list(c.get('actor'), c.req.valid('query'))
      return c.json(shaped(c.get('credential'), versionedShapes.auditEvents, page), 200)
    },
  )
}
