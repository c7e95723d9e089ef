import { ERROR_CODES, type ErrorCode, type ErrorParams } from '@tokens/core'
import { ApiError } from './api-error'

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

export type QueryValue = string | number | undefined

export interface RequestOptions {
  query?: Record<string, QueryValue>
  body?: unknown
  signal?: AbortSignal
}

export interface HttpClient {
  /**
   * Sends a request and answers its JSON object, typed by the caller from the core's schemas; an
   * answer that is not a JSON object (an HTML page from a proxy, say) is an ApiError too.
   */
  json<T extends object>(method: HttpMethod, path: string, options?: RequestOptions): Promise<T>
  /** Sends a request whose answer has no body we need (204, or a body we ignore). */
  send(method: HttpMethod, path: string, options?: RequestOptions): Promise<void>
  /** The session's CSRF token, sent on every unsafe method. */
  setCsrfToken(token: string | null): void
  /** Called when a signed-in call answers 401: the session ended on the server. */
  onSessionLost(listener: () => void): void
}

export interface HttpClientOptions {
  fetch?: typeof fetch
  /** The UI locale, so server-side texts (problem details) match what the user reads. */
  locale?: () => string
}

const UNSAFE: ReadonlySet<HttpMethod> = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])
const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES)
const SESSION_PATH = '/api/session'

function urlOf(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value))
  }
  const search = params.toString()
  return search ? `${path}?${search}` : path
}

function paramsOf(problem: Record<string, unknown>, response: Response): ErrorParams {
  const params: ErrorParams = {}
  const raw = problem['params']
  if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw)) {
      if (typeof value === 'string' || typeof value === 'number') params[key] = value
    }
  }
  const retryAfter = response.headers.get('Retry-After')
  if (retryAfter && params['retryAfter'] === undefined) params['retryAfter'] = retryAfter
  return params
}

/** The paths of a ValidationFailed's field issues (`errors`), the ones that name a field. */
function fieldsOf(problem: Record<string, unknown>): string[] {
  const issues = problem['errors']
  if (!Array.isArray(issues)) return []
  return issues.flatMap((issue: unknown) => {
    const path: unknown =
      issue && typeof issue === 'object' ? (issue as Record<string, unknown>)['path'] : null
    return typeof path === 'string' && path !== '' ? [path] : []
  })
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: Record<string, unknown> = {}
  try {
    const body: unknown = await response.json()
    if (body && typeof body === 'object') problem = body as Record<string, unknown>
  } catch {
    // A proxy's HTML error page or an empty body: the status alone has to do.
  }
  const rawCode = problem['code']
  const code: ErrorCode =
    typeof rawCode === 'string' && KNOWN_CODES.has(rawCode)
      ? (rawCode as ErrorCode)
      : response.status === 401
        ? 'Unauthenticated'
        : response.status === 404
          ? 'NotFound'
          : 'Internal'
  const detail = typeof problem['detail'] === 'string' ? problem['detail'] : ''
  return new ApiError(response.status, code, detail, paramsOf(problem, response), fieldsOf(problem))
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  let csrfToken: string | null = null
  const sessionLostListeners: Array<() => void> = []

  async function exchange(method: HttpMethod, path: string, request: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    const locale = options.locale?.()
    if (locale) headers['Accept-Language'] = locale
    if (request.body !== undefined) headers['Content-Type'] = 'application/json'
    if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken
    const init: RequestInit = { method, headers, credentials: 'same-origin' }
    if (request.body !== undefined) init.body = JSON.stringify(request.body)
    if (request.signal) init.signal = request.signal
    let response: Response
    try {
      response = await doFetch(urlOf(path, request.query), init)
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error
      throw new ApiError(0, 'NetworkUnavailable')
    }
    if (!response.ok) {
      const failure = await problemOf(response)
      // Signing in with a wrong password is a 401 too, but it is not a lost session.
      if (response.status === 401 && !(path === SESSION_PATH && method === 'POST')) {
        for (const listener of sessionLostListeners) listener()
      }
      throw failure
    }
    return response
  }

  return {
    async json<T extends object>(method: HttpMethod, path: string, request: RequestOptions = {}): Promise<T> {
      const response = await exchange(method, path, request)
      let body: unknown
      try {
        body = await response.json()
      } catch {
        throw new ApiError(response.status, 'Internal')
      }
      if (!body || typeof body !== 'object' || Array.isArray(body))
        throw new ApiError(response.status, 'Internal')
      return body as T
    },
    async send(method, path, request = {}) {
      await exchange(method, path, request)
    },
    setCsrfToken(token) {
      csrfToken = token
    },
    onSessionLost(listener) {
      sessionLostListeners.push(listener)
    },
  }
}
