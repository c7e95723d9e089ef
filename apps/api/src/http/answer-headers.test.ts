import { beforeAll, describe, expect, it } from 'vitest'
import { basic } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, nodeServerForSuite, sessionForSuite } from '../test-support/suite-fixture.js'

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
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f)
  const served = nodeServerForSuite(f)
  let authorization: string
  beforeAll(async () => {
    const { credentials } = await f.createToken(f.a)
    authorization = basic(credentials.accountSid, credentials.authToken)
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
    const viaNode = await fetch(`${served.base}${path}`, { headers })
    const viaApp = await f.app.request(path, { headers })
    expect(viaNode.status).toBe(viaApp.status)
    expect(headersOf(viaNode)).toEqual(headersOf(viaApp))
    expect(viaNode.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(viaNode.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    await viaNode.arrayBuffer()
  })

  it('keep no-store on API answers and a static documentation file its own Cache-Control, without Pragma', async () => {
    const api = await fetch(`${served.base}/platform/Account`, { headers: { authorization } })
    expect(api.headers.get('cache-control')).toBe('no-store')
    expect(api.headers.get('pragma')).toBe('no-cache')
    const file = await fetch(`${served.base}/api/docs/swagger-ui.css`)
    expect(file.headers.get('cache-control')).toBe('public, max-age=86400')
    expect(file.headers.get('pragma')).toBeNull()
    await Promise.all([api.arrayBuffer(), file.arrayBuffer()])
  })
})
