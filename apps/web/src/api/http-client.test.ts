import type { SessionView } from '@tokens/core'
import { describe, expect, it, vi } from 'vitest'
import { makeSession } from '../test-support/console-fixtures'
import { ApiError } from './api-error'
import { createHttpClient } from './http-client'

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  })
}

function clientAnswering(response: () => Response | Promise<Response>) {
  const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => response())
  return { fetch, http: createHttpClient({ fetch, locale: () => 'zh-CN' }) }
}

describe('the admin API HTTP client', () => {
  it('sends the session CSRF token on unsafe methods only, with same-origin credentials', async () => {
    const { fetch, http } = clientAnswering(() => new Response(null, { status: 204 }))
    http.setCsrfToken('csrf-1')
    await http.send('GET', '/api/tokens')
    await http.send('POST', '/api/tokens/t1/disable')

    const [, getInit] = fetch.mock.calls[0] ?? []
    const [, postInit] = fetch.mock.calls[1] ?? []
    expect((getInit?.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined()
    expect((postInit?.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-1')
    expect(postInit?.credentials).toBe('same-origin')
    expect((postInit?.headers as Record<string, string>)['Accept-Language']).toBe('zh-CN')
  })

  it('leaves empty filters out of the query string', async () => {
    const { fetch, http } = clientAnswering(() => new Response(null, { status: 204 }))
    await http.send('GET', '/api/tokens', {
      query: { name: '', state: 'enabled', cursor: undefined, limit: 20 },
    })
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/tokens?state=enabled&limit=20')
  })

  it('parses problem+json into an ApiError with status, code and detail', async () => {
    const { http } = clientAnswering(() =>
      jsonResponse(409, {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        code: 'LegacyAlreadyEnabled',
        detail: '已启用旧版令牌',
      }),
    )
    const failure = await http.send('POST', '/api/tokens', { body: {} }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect(failure).toMatchObject({ status: 409, code: 'LegacyAlreadyEnabled', detail: '已启用旧版令牌' })
  })

  it('keeps the fields a ValidationFailed names, so that a form can say which one to fix', async () => {
    const { http } = clientAnswering(() =>
      jsonResponse(400, {
        status: 400,
        code: 'ValidationFailed',
        detail: 'Some fields are not valid.',
        errors: [{ path: 'url', reason: 'https only' }, { reason: 'no path' }],
      }),
    )
    const failure = await http.send('POST', '/api/webhooks', { body: {} }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'ValidationFailed', fields: ['url'] })
  })

  it('takes Retry-After as the retryAfter parameter of a throttled answer', async () => {
    const { http } = clientAnswering(() =>
      jsonResponse(429, { status: 429, code: 'TooManyAttempts', detail: 'later' }, { 'Retry-After': '30' }),
    )
    const failure = await http.send('POST', '/api/session', { body: {} }).catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: 'TooManyAttempts', params: { retryAfter: '30' } })
  })

  it('treats an unknown code or a non-JSON error body as Internal, never as a raw message', async () => {
    const { http } = clientAnswering(() => new Response('<html>Bad gateway</html>', { status: 502 }))
    await expect(http.send('GET', '/api/tokens')).rejects.toMatchObject({ status: 502, code: 'Internal' })
  })

  it('reports a failed connection as NetworkUnavailable', async () => {
    const { http } = clientAnswering(() => {
      throw new TypeError('Failed to fetch')
    })
    await expect(http.send('GET', '/api/tokens')).rejects.toMatchObject({
      status: 0,
      code: 'NetworkUnavailable',
    })
  })

  it('refuses an answer that is not a JSON object, such as a proxy page or a bare list', async () => {
    const page = clientAnswering(() => new Response('<html>Sign in to the proxy</html>', { status: 200 }))
    await expect(page.http.json<SessionView>('GET', '/api/session')).rejects.toMatchObject({
      status: 200,
      code: 'Internal',
    })
    const list = clientAnswering(() => jsonResponse(200, [makeSession()]))
    await expect(list.http.json<SessionView>('GET', '/api/session')).rejects.toMatchObject({
      code: 'Internal',
    })
  })

  it('returns the JSON answer as it came', async () => {
    const session = makeSession()
    const { http } = clientAnswering(() => jsonResponse(200, session))
    await expect(http.json<SessionView>('GET', '/api/session')).resolves.toEqual(session)
  })

  it('announces a lost session on a 401, but not for a refused sign-in', async () => {
    const { http } = clientAnswering(() =>
      jsonResponse(401, { status: 401, code: 'Unauthenticated', detail: '' }),
    )
    const lost = vi.fn()
    http.onSessionLost(lost)

    await http.send('POST', '/api/session', { body: {} }).catch(() => undefined)
    expect(lost).not.toHaveBeenCalled()
    await http.send('GET', '/api/tokens').catch(() => undefined)
    expect(lost).toHaveBeenCalledTimes(1)
  })
})
