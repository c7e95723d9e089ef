import { describe, expect, it } from 'vitest'
import { apiFixtureForSuite } from './test-support/suite-fixture.js'

describe('the app', () => {
  const f = apiFixtureForSuite()

  it('answers GET /healthz with ok', async () => {
    const res = await f.call('GET', '/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  it('matches requests with Hono’s RegExpRouter: no route has a shape that forces the slower TrieRouter', async () => {
    // The router is chosen at the first request: the first that its routes allow, RegExpRouter first.
    await f.call('GET', '/healthz')
    expect(f.app.router.name).toBe('SmartRouter + RegExpRouter')
  })
})
