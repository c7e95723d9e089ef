import { afterEach, describe, expect, it } from 'vitest'
import { bodyOf, openApiFixture, type ApiFixture } from '../test-support/api-fixture.js'
import { ServingState } from './serving-state.js'
import { startingApp } from './starting-app.js'

describe('readiness', () => {
  let f: ApiFixture | undefined
  afterEach(async () => {
    await f?.close()
    f = undefined
  })

  it('answers 200 ready with its checks once the core is open, and 503 stopping from SIGTERM on while /healthz stays 200', async () => {
    const serving = new ServingState()
    f = await openApiFixture({ serving })
    const ready = await f.call('GET', '/readyz')
    expect(ready.status).toBe(200)
    expect(ready.headers.get('cache-control')).toBe('no-store')
    expect(await bodyOf(ready)).toEqual({
      status: 'ready',
      checks: {
        database: 'ok',
        changeListener: f.testCore.dialect === 'postgres' ? 'ok' : 'not-used',
      },
    })
    serving.markStopping()
    const stopping = await f.call('GET', '/readyz')
    expect(stopping.status).toBe(503)
    expect(await bodyOf(stopping)).toEqual({ status: 'stopping' })
    expect((await f.call('GET', '/healthz')).status).toBe(200)
  })

  it('answers 503 unavailable when the database no longer answers', async () => {
    f = await openApiFixture()
    await f.core.close()
    const res = await f.call('GET', '/readyz')
    expect(res.status).toBe(503)
    expect(await bodyOf(res)).toMatchObject({ status: 'unavailable', checks: { database: 'unavailable' } })
  })

  it('answers 503 unavailable, naming the database read-only, when it answers but refuses writes', async () => {
    // What the core reports of a PostgreSQL hot standby (core-operations.test.ts fails one over).
    f = await openApiFixture({
      core: (core) => ({
        ...core,
        operations: {
          ...core.operations,
          readiness: async () => ({ ...(await core.operations.readiness()), database: 'read-only' as const }),
        },
      }),
    })
    const res = await f.call('GET', '/readyz')
    expect(res.status).toBe(503)
    expect(await bodyOf(res)).toMatchObject({ status: 'unavailable', checks: { database: 'read-only' } })
  })

  it('while the core opens: live, not ready, and every other request a 503 Busy problem to retry', async () => {
    const app = startingApp(() => undefined)
    const health = await app.request('/healthz')
    expect(health.status).toBe(200)
    const ready = await app.request('/readyz')
    expect(ready.status).toBe(503)
    expect(await ready.json()).toEqual({ status: 'starting' })
    const other = await app.request('/platform/Account')
    expect(other.status).toBe(503)
    expect(other.headers.get('content-type')).toContain('application/problem+json')
    expect(other.headers.get('retry-after')).not.toBeNull()
    expect(await other.json()).toMatchObject({ code: 'Busy', status: 503 })
  })
})
