import { createRoute } from '@hono/zod-openapi'
import { isTokenConsoleError } from '@tokens/core'
import { jsonAnswer, jsonBody, LoginBody, PreferencesBody, Session } from '../docs/component-schemas.js'
import { SESSION_SECURITY } from '../docs/security-schemes.js'
import { adminRouteGroup } from '../http/admin-route.js'
import { clientAddress } from '../http/client-address.js'
import { problemResponses } from '../http/problem-details.js'
import { cameOverTls } from '../http/request-origin.js'
import { requireJsonBody } from '../http/require-json-body.js'
import { LoginThrottle } from './login-throttle.js'
import { rejectCrossOrigin } from './reject-cross-site.js'
import { requireSession } from './require-session.js'
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './session-cookie.js'

export const registerSessionRoutes = adminRouteGroup(
  ['Session'],
  (route, deps, app) => {
    const { core, trustProxy } = deps
    const throttle = new LoginThrottle(
      {
        perAddress: deps.limits.loginFailuresPerAddress,
        perEmailFromAddress: deps.limits.loginFailuresPerEmailFromAddress,
        perEmail: deps.limits.loginFailuresPerEmail,
        perEmailCeiling: deps.limits.loginFailuresPerEmailCeiling,
      },
      () => deps.now().getTime(),
      core.sharedLimits,
    )

    app.openapi(
      createRoute({
        method: 'post',
        path: '/api/session',
        tags: ['Session'],
        summary: 'Sign in',
        description:
          'Checks the e-mail and password, starts a new session (a new id at every sign-in; a session already named by the cookie ends) and sets the session cookie (`__Host-tc_session` over TLS, `tc_session` over plain HTTP). No CSRF token is needed, but a browser Origin header must name this server. Repeated failures from one client address, at one e-mail from one address, or at one e-mail from very many addresses answer 429 with Retry-After (an e-mail that failed elsewhere stays open to addresses that never failed on it).',
        middleware: [rejectCrossOrigin(trustProxy), requireJsonBody],
        security: [],
        request: { body: jsonBody(LoginBody) },
        responses: {
          ...jsonAnswer(200, 'Signed in; the session cookie is set.', Session),
          ...problemResponses(400, 401, 403, 413, 415, 429, 503, 507),
        },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json')
        const address = clientAddress(c, trustProxy)
        const attempt = await throttle.admit(email, address)
        let result
        try {
          result = await core.auth.login(email, password, address)
        } catch (error) {
          if (isTokenConsoleError(error) && error.code === 'InvalidCredentials') attempt.failed()
          else attempt.abandoned()
          throw error
        }
        attempt.succeeded()
        const overTls = cameOverTls(c, trustProxy)
        const previous = readSessionCookie(c, overTls)
        if (previous) await core.auth.logout(previous, address)
        setSessionCookie(c, result.sessionId, overTls)
        return c.json(result.session, 200)
      },
    )

    app.openapi(
      createRoute({
        method: 'get',
        path: '/api/session',
        tags: ['Session'],
        summary: 'The current session',
        description: 'The signed-in user, their account and the CSRF token to send on unsafe methods.',
        middleware: [rejectCrossOrigin(trustProxy), requireSession(deps)],
        security: SESSION_SECURITY,
        responses: { ...jsonAnswer(200, 'The session.', Session), ...problemResponses(401) },
      }),
      (c) => c.json(c.get('session').session, 200),
    )

    route(
      'PATCH /api/session',
      {
        summary: "Save the user's language",
        description:
          'Remembers the language of the signed-in user; problem texts of the admin API follow it.',
        request: { body: jsonBody(PreferencesBody) },
        responses: jsonAnswer(200, 'The session with the saved language.', Session),
      },
      async (c) => {
        const { locale } = c.req.valid('json')
        await core.auth.setLocale(c.get('actor'), locale)
        c.set('userLocale', locale)
        const { session } = c.get('session')
        return c.json({ ...session, user: { ...session.user, locale } }, 200)
      },
    )

    route(
      'DELETE /api/session',
      {
        summary: 'Sign out',
        description:
          'Ends the session on the server (the cookie no longer works, even replayed) and clears the cookie.',
        responses: { 204: { description: 'Signed out.' } },
      },
      async (c) => {
        const overTls = cameOverTls(c, trustProxy)
        const sessionId = readSessionCookie(c, overTls)
        if (sessionId) await core.auth.logout(sessionId, clientAddress(c, trustProxy))
        clearSessionCookie(c, overTls)
        return c.body(null, 204)
      },
    )
  },
  // Reading the session, saving a language and signing out are every signed-in user's.
  'every-user',
)
