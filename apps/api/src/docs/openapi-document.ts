import type { ApiApp } from '../http/api-app.js'

export const OPENAPI_PATH = '/api/openapi.json'

const DESCRIPTION = `API access tokens for brand, agency and partner accounts.

* **Admin API** (\`/api/…\`): what the web console does, under a cookie session. Sign in with POST /api/session; send the session's \`csrfToken\` as \`X-CSRF-Token\` on every POST, PATCH and DELETE. Only Account Administrators and Implementation Specialists may manage tokens (others: 403). Another account's token answers exactly like a missing one (404).
* **Platform API** (\`/platform/…\`): for integrations, with \`Authorization: Basic base64(AccountSID:AuthToken)\`. Each route needs one scope (\`"<METHOD> <path>"\`), limited per token (\`rateLimitPerHour\`, default 1,000). The token's API version selects the answer's shape: the latest version of the account kind answers the console's camelCase JSON, older versions the classic PascalCase shape.
* **Verification** (\`POST /verify\`): for other services, "is this credential valid for this request?".

Errors are \`application/problem+json\` with a stable \`code\` and a \`detail\` in the language of Accept-Language (admin API: the user's saved language). Every bad credential answers the same 401 with \`WWW-Authenticate: Basic\`. Answers that carry a secret are \`Cache-Control: no-store\`; bodies over 1 MB answer 413.`

/** The OpenAPI 3.1 document of every route registered on the app, as served at /api/openapi.json. */
export function openApiDocument(app: ApiApp): ReturnType<ApiApp['getOpenAPI31Document']> {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'Token Console API', version: '1.0.0', description: DESCRIPTION },
    tags: [
      { name: 'Session', description: 'Signing in and out of the admin API.' },
      { name: 'Catalog', description: 'Scopes a token may be granted.' },
      { name: 'Users', description: 'Users of the account.' },
      { name: 'Tokens', description: 'Scoped (modern) tokens.' },
      {
        name: 'Policies',
        description: "The account's token policy: expiry rules and what happens to unused or leaked tokens.",
      },
      {
        name: 'Webhooks',
        description:
          'The account\'s webhooks (Standard Webhooks signatures) and their delivery logs; see docs/SECURITY.md "Webhooks".',
      },
      { name: 'Legacy tokens', description: 'The Read/Write and Read-Only legacy tokens.' },
      { name: 'Audit events', description: 'Who did what, when, from where.' },
      {
        name: 'Platform API',
        description: "The product's own endpoints for integrations (Basic auth, scoped).",
      },
      { name: 'Verification', description: 'Credential checks for other services.' },
      {
        name: 'Secret scanning',
        description: "Reports of leaked auth tokens from GitHub's secret scanning partner program.",
      },
      { name: 'Operations', description: 'Health and documentation.' },
    ],
  })
}
