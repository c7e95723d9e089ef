import { DEFAULT_LOCALE } from '@tokens/core'
import type { ApiApp } from '../http/api-app.js'
import { localisedMessage } from '../http/localised-messages.js'
import { addReferenceExamples } from './reference-examples.js'

export const OPENAPI_PATH = '/api/openapi.json'

const DESCRIPTION = `API access tokens for brand, agency and partner accounts.

* **Admin API** (\`/api/…\`): what the web console does, under a cookie session. Sign in with POST /api/session; send the session's \`csrfToken\` as \`X-CSRF-Token\` on every POST, PATCH and DELETE. Only Account Administrators and Implementation Specialists may manage tokens (others: 403). Another account's token answers exactly like a missing one (404).
* **Platform API** (\`/platform/…\`): for integrations, with \`Authorization: Basic base64(AccountSID:AuthToken)\`. Each route needs one scope (\`"<METHOD> <path>"\`), limited per token (\`rateLimitPerHour\`, default 1,000). The token's API version selects the answer's shape: the latest version of the account kind answers the console's camelCase JSON, older versions the classic PascalCase shape.
* **Verification** (\`POST /verify\`): for other services, "is this credential valid for this request?".

Errors are \`application/problem+json\` with a stable \`code\` and a \`detail\` in the language of Accept-Language (admin API: the user's saved language). Every bad credential answers the same 401 with \`WWW-Authenticate: Basic\`. Answers that carry a secret are \`Cache-Control: no-store\`; bodies over 1 MB answer 413.`

type OpenApiDocument = ReturnType<ApiApp['getOpenAPI31Document']>

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/**
 * `get /api/tokens/{id}/credentials` → `getApiTokensByIdCredentials`: unique (one operation per
 * method and path), stable while the route stays, and a name client generators can use.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      const parameter = /^\{(.+)\}$/.exec(segment)?.[1]
      const word = (parameter ? `by-${parameter}` : segment)
        .split(/[^A-Za-z0-9]+/)
        .filter((part) => part !== '')
        .map((part) => part[0]?.toUpperCase() + part.slice(1))
        .join('')
      return word
    })
  return `${method}${words.join('')}`
}

/**
 * Node's HTTP parser answers this itself, before the app sees the request, on every route: the
 * request line and headers (a long query string included) exceed 16 KB. No body.
 */
const HEADERS_TOO_LARGE = {
  description:
    'The request line and headers (a long query string included) exceed 16 KB; answered by the HTTP server before any route, without a body.',
}

const PROBLEM_CONTENT = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }

/**
 * What the HTTP edge answers to any unsafe request whatever its route declares (a route without a
 * body still receives what a client sends): over 1 MB, 413 (limitBody, every method but GET and
 * HEAD); a body that is not JSON, 415, and malformed JSON, 400 (requireJsonBody, which every admin,
 * platform, session and /verify route runs). The secret scanner's reports are read as raw bytes
 * for their signature, so they answer neither of the latter.
 */
function documentBodyRefusals(path: string, responses: Record<string, unknown>): void {
  responses[413] ??= {
    description: localisedMessage(DEFAULT_LOCALE, 'api.statusTitles.413'),
    content: PROBLEM_CONTENT,
  }
  if (path.startsWith('/secret-scanning/')) return
  responses[415] ??= {
    description: localisedMessage(DEFAULT_LOCALE, 'api.statusTitles.415'),
    content: PROBLEM_CONTENT,
  }
  responses[400] ??= {
    description: localisedMessage(DEFAULT_LOCALE, 'api.statusTitles.400'),
    content: PROBLEM_CONTENT,
  }
}

/**
 * What every operation carries whoever registered it (routes are added by several features):
 * an operationId derived from its method and path unless it names its own, the 431 answer, and
 * the refusals of bodies on unsafe methods.
 */
function completeOperations(document: OpenApiDocument): OpenApiDocument {
  addReferenceExamples(document as unknown as Parameters<typeof addReferenceExamples>[0])
  // OpenAPI 3.1's SPDX `identifier`, which the generator's 3.0-era types do not know.
  Object.assign(document.info, { license: { name: 'MIT', identifier: 'MIT' } })
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item?.[method]
      if (!operation) continue
      if (!operation.operationId) operation.operationId = operationIdOf(method, path)
      operation.responses = { ...operation.responses, 431: HEADERS_TOO_LARGE }
      if (method !== 'get' && method !== 'head') documentBodyRefusals(path, operation.responses)
    }
  }
  return document
}

/** The OpenAPI 3.1 document of every route registered on the app, as served at /api/openapi.json. */
export function openApiDocument(app: ApiApp): OpenApiDocument {
  return completeOperations(
    app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Token Console API',
        version: '1.0.0',
        description: DESCRIPTION,
      },
      // Relative: the document is served by the server it describes, whatever its origin.
      servers: [{ url: '/', description: 'The server that serves this document' }],
      tags: [
        { name: 'Session', description: 'Signing in and out of the admin API.' },
        { name: 'Catalog', description: 'Scopes a token may be granted.' },
        { name: 'Users', description: 'Users of the account.' },
        { name: 'Tokens', description: 'Scoped (modern) tokens.' },
        {
          name: 'Policies',
          description:
            "The account's token policy: expiry rules and what happens to unused or leaked tokens.",
        },
        {
          name: 'Webhooks',
          description:
            'The account\'s webhooks (Standard Webhooks signatures) and their delivery logs; see docs/SECURITY.md "Webhooks".',
        },
        {
          name: 'Notifications',
          description:
            "The account's notification e-mails (expiry reminders, leaks, auto-disable, rotation) and their delivery status.",
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
    }),
  )
}
