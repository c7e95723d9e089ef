import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  basic,
  openApiFixtureAsAdmin,
  type AdminSession,
  type ApiFixture,
} from '../test-support/api-fixture.js'

/** Every header of an answer but those that differ per request by nature. */
function headersOf(res: Response): Record<string, string> {
  const seen: Record<string, string> = {}
  res.headers.forEach((value, name) => {
    if (
      ![
        'date',
        'x-request-id',
        'ratelimit-remaining',
        'connection',
        'keep-alive',
        'content-length',
        'transfer-encoding',
      ].includes(name)
    )
      seen[name] = value
  })
  return seen
}

describe('answer headers', () => {
  let f: ApiFixture
  let server: Server
  let base: string
  let admin: AdminSession
  let authorization: string
  beforeAll(async () => {
    ;({ f, admin } = await openApiFixtureAsAdmin())
    const { credentials } = await f.createToken(f.a)
    authorization = basic(credentials.accountSid, credentials.authToken)
    server = await new Promise<Server>((resolve) => {
      const started = serve({ fetch: f.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started as Server),
      ) as Server
    })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await f.close()
  })

  it.each([
    ['liveness', '/healthz', {}],
    ['the platform API', '/platform/Account', { auth: true }],
    ['a refused credential', '/platform/Account', {}],
    ['the admin API', '/api/tokens', { session: true }],
    ['an unknown API path', '/api/nope', {}],
    ['the API reference page', '/api/docs', {}],
    ['a documentation file with its own caching', '/api/docs/swagger-ui.css', {}],
    ['a path outside the API', '/nowhere', {}],
  ] as const)('are the same served by Node as through app.request: %s', async (_name, path, how) => {
    const headers: Record<string, string> = { host: 'console.test' }
    if ('auth' in how) headers['authorization'] = authorization
    if ('session' in how) headers['cookie'] = admin.cookie
    const viaNode = await fetch(`${base}${path}`, { headers })
    const viaApp = await f.app.request(path, { headers })
    expect(viaNode.status).toBe(viaApp.status)
    expect(headersOf(viaNode)).toEqual(headersOf(viaApp))
    expect(viaNode.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(viaNode.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    await viaNode.arrayBuffer()
  })

  it('keep no-store on API answers and a static documentation file its own Cache-Control, without Pragma', async () => {
    const api = await fetch(`${base}/platform/Account`, { headers: { authorization } })
    expect(api.headers.get('cache-control')).toBe('no-store')
    expect(api.headers.get('pragma')).toBe('no-cache')
    const file = await fetch(`${base}/api/docs/swagger-ui.css`)
    expect(file.headers.get('cache-control')).toBe('public, max-age=86400')
    expect(file.headers.get('pragma')).toBeNull()
    await Promise.all([api.arrayBuffer(), file.arrayBuffer()])
  })
})
