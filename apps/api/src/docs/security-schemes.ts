import type { ApiApp } from '../http/api-app.js'
import { sessionCookieName } from '../session/session-cookie.js'

export const SESSION_SECURITY = [{ sessionCookie: [] }]
/** Unsafe admin methods: the session cookie plus its CSRF token in a header. */
export const SESSION_CSRF_SECURITY = [{ sessionCookie: [], csrfToken: [] }]
export const BASIC_SECURITY = [{ basicAuth: [] }]

export function registerSecuritySchemes(app: ApiApp): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: sessionCookieName(true),
    description:
      'Set by POST /api/session (HttpOnly, SameSite=Lax, Secure, Path=/). Named `tc_session` when the server is reached over plain HTTP, which cannot carry the `__Host-` prefix. A request carrying two cookies of that name is not signed in. Idle expiry 30 minutes, absolute 12 hours.',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'csrfToken', {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description:
      'The `csrfToken` of the session (from POST or GET /api/session), required on every POST, PATCH and DELETE of the admin API. A browser Origin header must name this server.',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'basicAuth', {
    type: 'http',
    scheme: 'basic',
    description:
      'Account SID as the user name, Auth Token as the password: `Authorization: Basic base64(AccountSID:AuthToken)`.',
  })
}
