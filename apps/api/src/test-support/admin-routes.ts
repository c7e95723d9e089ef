import type { FixtureAccount } from './api-fixture.js'

export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** `{id}` stands for a token id. */
  path: string
  json?: (account: FixtureAccount) => unknown
}

/** Every admin route of the contract that needs a token manager (everything but the session itself). */
export const MANAGER_ROUTES: AdminRoute[] = [
  { method: 'GET', path: '/api/catalog' },
  { method: 'GET', path: '/api/users' },
  { method: 'GET', path: '/api/tokens' },
  {
    method: 'POST',
    path: '/api/tokens',
    json: (account) => ({
      name: 'Routes table',
      primaryContactUserId: account.admin.id,
      scopes: ['GET /Account'],
    }),
  },
  { method: 'GET', path: '/api/tokens/{id}' },
  { method: 'PATCH', path: '/api/tokens/{id}', json: () => ({ name: 'Changed by the routes table' }) },
  { method: 'DELETE', path: '/api/tokens/{id}' },
  { method: 'GET', path: '/api/tokens/{id}/credentials' },
  { method: 'POST', path: '/api/tokens/{id}/duplicate' },
  { method: 'POST', path: '/api/tokens/{id}/reset' },
  { method: 'POST', path: '/api/tokens/{id}/disable' },
  { method: 'POST', path: '/api/tokens/{id}/enable' },
  { method: 'POST', path: '/api/tokens/{id}/upgrade', json: () => ({}) },
  { method: 'POST', path: '/api/tokens/{id}/renew', json: () => ({ expiresAt: null }) },
  { method: 'POST', path: '/api/tokens/{id}/rotate', json: () => ({}) },
  { method: 'POST', path: '/api/tokens/{id}/rotation/complete' },
  { method: 'GET', path: '/api/legacy-tokens' },
  { method: 'POST', path: '/api/legacy-tokens/enable' },
  { method: 'POST', path: '/api/legacy-tokens/read-write/reset' },
  { method: 'POST', path: '/api/legacy-tokens/read-only/reset' },
  { method: 'POST', path: '/api/legacy-tokens/upgrade', json: () => ({}) },
  { method: 'GET', path: '/api/legacy-tokens/credentials' },
  { method: 'GET', path: '/api/audit-events' },
  { method: 'GET', path: '/api/audit-events?format=csv' },
  { method: 'GET', path: '/api/policies' },
  { method: 'PUT', path: '/api/policies', json: () => ({ leakResponse: 'notify' }) },
  { method: 'GET', path: '/api/policies/unused-preview' },
  { method: 'POST', path: '/api/tokens/{id}/leak/handled' },
  { method: 'POST', path: '/api/legacy-tokens/read-write/leak/handled' },
  { method: 'POST', path: '/api/legacy-tokens/read-only/leak/handled' },
  { method: 'POST', path: '/api/credential-check', json: () => ({ authToken: 'tcat_not-a-token' }) },
  { method: 'GET', path: '/api/webhooks' },
  {
    method: 'POST',
    path: '/api/webhooks',
    json: () => ({ url: 'https://hooks.example.test/in', eventTypes: ['token.leaked'] }),
  },
  // A webhook id no account has: the guards answer before the lookup would (404).
  { method: 'GET', path: '/api/webhooks/whk_none' },
  { method: 'PATCH', path: '/api/webhooks/whk_none', json: () => ({ enabled: false }) },
  { method: 'DELETE', path: '/api/webhooks/whk_none' },
  { method: 'GET', path: '/api/webhooks/whk_none/deliveries' },
  { method: 'POST', path: '/api/webhooks/whk_none/deliveries/dlv_none/resend' },
  { method: 'GET', path: '/api/tokens/{id}/usage' },
  { method: 'GET', path: '/api/tokens/{id}/upgrade-preview' },
  { method: 'GET', path: '/api/usage' },
  { method: 'GET', path: '/api/legacy-tokens/read-write/usage' },
  { method: 'GET', path: '/api/legacy-tokens/read-only/usage' },
  { method: 'GET', path: '/api/legacy-tokens/upgrade-preview' },
]

/** The session routes: any signed-in user, whatever the role. */
export const SESSION_ROUTES: AdminRoute[] = [
  { method: 'GET', path: '/api/session' },
  { method: 'PATCH', path: '/api/session', json: () => ({ locale: 'en' }) },
  { method: 'DELETE', path: '/api/session' },
]

export const UNSAFE = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
