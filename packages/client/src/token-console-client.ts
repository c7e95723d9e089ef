import createClient, { type Client, type Middleware } from 'openapi-fetch'
import type { paths } from './generated/api-types.js'
import { throwUnlessOk } from './problem-error.js'

export type TokenConsoleClient = Client<paths>

export interface ClientOptions {
  /** The server's origin, e.g. `https://tokens.example.com`. */
  baseUrl: string
  /** Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch
}

/** Every unsuccessful answer becomes a thrown ProblemError (problem+json) or HttpError. */
const throwProblems: Middleware = {
  async onResponse({ response }) {
    await throwUnlessOk(response)
    return response
  },
}

function baseClient(options: ClientOptions): TokenConsoleClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
}

export interface PlatformClientOptions extends ClientOptions {
  accountSid: string
  authToken: string
  /**
   * Sent as Api-Version: the answer's shape the integration was written for; a token of another
   * version is refused (400 ApiVersionMismatch) rather than answered in a shape it cannot read.
   */
  apiVersion?: string
}

/** The platform API (`/platform/…`) and /verify, under Basic auth with one token's credentials. */
export function createPlatformClient(options: PlatformClientOptions): TokenConsoleClient {
  const client = baseClient(options)
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`, 'utf8').toString('base64')}`
  client.use({
    onRequest({ request }) {
      // Only the platform API takes the credential in a header; /verify carries the one it checks in its body.
      if (new URL(request.url).pathname.startsWith('/platform/')) {
        request.headers.set('Authorization', authorization)
        if (options.apiVersion) request.headers.set('Api-Version', options.apiVersion)
      }
      return request
    },
  })
  client.use(throwProblems)
  return client
}

export interface AdminSignIn extends ClientOptions {
  email: string
  password: string
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The admin API (`/api/…`) as a signed-in user: signs in, then sends the session cookie on every
 * request and the CSRF token on every unsafe one. For scripts and services; the browser SPA has
 * its own cookie jar.
 */
export async function signInAdminClient(options: AdminSignIn): Promise<TokenConsoleClient> {
  const client = baseClient(options)
  client.use(throwProblems)
  const { data, response } = await client.POST('/api/session', {
    body: { email: options.email, password: options.password },
  })
  const cookie = /(?:__Host-)?tc_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  if (!data || !cookie) throw new Error('the sign-in answer set no session')
  const csrfToken = data.csrfToken
  client.use({
    onRequest({ request }) {
      request.headers.set('Cookie', cookie)
      if (!SAFE_METHODS.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken)
      return request
    },
  })
  return client
}
