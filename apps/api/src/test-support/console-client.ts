/**
 * A non-browser client of the admin API, for tests and load scripts that drive a real server
 * (global fetch) or the app in-process (`app.request`). Free of vitest and of the core, so scripts
 * outside the test runner can use it too.
 */
export type Fetcher = (url: string, init: RequestInit) => Promise<Response>

export interface ConsoleSession {
  /** An admin API request with the session cookie and, for unsafe methods, X-CSRF-Token; `json` is the body. */
  admin(method: string, path: string, json?: unknown): Promise<Response>
}

export function basicAuthorization(accountSid: string, authToken: string): string {
  return `Basic ${Buffer.from(`${accountSid}:${authToken}`, 'utf8').toString('base64')}`
}

/** Signs in with e-mail and password; throws when the sign-in is refused. */
export async function signInToConsole(
  fetcher: Fetcher,
  baseUrl: string,
  email: string,
  password: string,
): Promise<ConsoleSession> {
  const response = await fetcher(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (response.status !== 200) throw new Error(`sign-in of ${email} answered ${response.status}`)
  const cookie = /(?:__Host-)?tc_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0]
  if (!cookie) throw new Error('sign-in set no session cookie')
  const { csrfToken } = (await response.json()) as { csrfToken: string }
  return {
    admin(method, path, json) {
      const headers: Record<string, string> = { cookie }
      if (!['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = csrfToken
      if (json !== undefined) headers['content-type'] = 'application/json'
      return fetcher(`${baseUrl}${path}`, {
        method,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      })
    },
  }
}

/**
 * Reveals a token's credentials through the session, then asks the server's POST /verify whether
 * they pass for GET /Account: what a restored or restarted server must still do for every token.
 */
export async function revealAndVerify(
  session: ConsoleSession,
  fetcher: Fetcher,
  baseUrl: string,
  tokenId: string,
): Promise<{
  revealStatus: number
  credentials: { accountSid: string; authToken: string }
  verifyStatus: number
}> {
  const revealed = await session.admin('GET', `/api/tokens/${tokenId}/credentials`)
  const credentials = (await revealed.json()) as { accountSid: string; authToken: string }
  const verified = await fetcher(`${baseUrl}/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...credentials, method: 'GET', path: '/Account' }),
  })
  return { revealStatus: revealed.status, credentials, verifyStatus: verified.status }
}
