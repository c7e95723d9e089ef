import { readFileSync } from 'node:fs'
import type { FixtureAccount } from './api-fixture.js'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface AdminRoute {
  method: Method
  /** `{id}` stands for a token id. */
  path: string
  json?: (account: FixtureAccount) => unknown
}

interface DocumentedOperation {
  security?: Record<string, unknown>[]
}

/**
 * The checked-in OpenAPI document, which route-table.test.ts keeps equal to the one the app serves:
 * the access tests run on every route it holds, so a new route is tested without being listed here.
 */
const documentedPaths = (
  JSON.parse(
    readFileSync(new URL('../docs/__snapshots__/openapi-document.json', import.meta.url), 'utf8'),
  ) as { paths: Record<string, Record<string, DocumentedOperation>> }
).paths

/** The bodies the routes that validate theirs need to get past validation, by operation. */
const BODIES: Record<string, (account: FixtureAccount) => unknown> = {
  'POST /api/tokens': (account) => ({
    name: 'Routes table',
    primaryContactUserId: account.admin.id,
    scopes: ['GET /Account'],
  }),
  'PATCH /api/tokens/{id}': () => ({ name: 'Changed by the routes table' }),
  'POST /api/tokens/{id}/upgrade': () => ({}),
  'POST /api/tokens/{id}/renew': () => ({ expiresAt: null }),
  'POST /api/tokens/{id}/rotate': () => ({}),
  'POST /api/legacy-tokens/upgrade': () => ({}),
  'PUT /api/policies': () => ({ leakResponse: 'notify' }),
  'POST /api/credential-check': () => ({ authToken: 'tcat_not-a-token' }),
  'POST /api/webhooks': () => ({ url: 'https://hooks.example.test/in', eventTypes: ['token.leaked'] }),
  'PATCH /api/webhooks/{id}': () => ({ enabled: false }),
  'PATCH /api/session': () => ({ locale: 'en' }),
}

/** A webhook and a delivery id no account has: the guards answer before the lookup would (404). */
function withWebhookIds(path: string): string {
  const delivery = path.replace('{deliveryId}', 'dlv_none')
  if (!delivery.startsWith('/api/webhooks/')) return delivery
  return delivery.replace('{id}', 'whk_none')
}

/** The documented operations behind the session cookie whose path `matches`. */
function sessionRoutes(matches: (path: string) => boolean): AdminRoute[] {
  return Object.entries(documentedPaths)
    .filter(([path]) => matches(path))
    .flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.security?.some((scheme) => 'sessionCookie' in scheme))
        .map(([method]): AdminRoute => {
          const json = BODIES[`${method.toUpperCase()} ${path}`]
          return {
            method: method.toUpperCase() as Method,
            path: withWebhookIds(path),
            ...(json ? { json } : {}),
          }
        }),
    )
}

/** Every admin route of the contract that needs a token manager (everything but the session itself). */
export const MANAGER_ROUTES: AdminRoute[] = [
  ...sessionRoutes((path) => path !== '/api/session'),
  // The CSV export: the same operation, answered by its own branch.
  { method: 'GET', path: '/api/audit-events?format=csv' },
]

/** The session routes: any signed-in user, whatever the role. */
export const SESSION_ROUTES: AdminRoute[] = sessionRoutes((path) => path === '/api/session')

export const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
