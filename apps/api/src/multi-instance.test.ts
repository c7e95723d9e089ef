import { performance } from 'node:perf_hooks'
import type { Credentials } from '@tokens/core'
import { VERIFICATION_CACHE_TTL_MS_DEFAULT } from '@tokens/core/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { basic, openApiFixture, PASSWORD, type ApiFixture } from './test-support/api-fixture.js'
import { signInToConsole, type ConsoleSession } from './test-support/console-client.js'
import { startServerInstances, type ServerInstances } from './test-support/server-instances.js'
import type { ServerProcess } from './test-support/server-process.js'

/** The promise of the issue: another instance refuses a changed credential within this. */
const PROPAGATION_BOUND_MS = 1_000
/**
 * The verification cache's time-to-live is also one second, so on its own the bound above would
 * pass even if no notification arrived (B's entry, stored just before the change, expires just
 * under a second after it). Half the TTL, still generous for a notification, proves it was one.
 */
const NOTIFIED_BOUND_MS = VERIFICATION_CACHE_TTL_MS_DEFAULT / 2
/** How long to keep asking before calling it a failure (well past the bound, to measure a miss). */
const GIVE_UP_MS = 5_000

/** What an integration sees: the status of GET /platform/Account with these credentials. */
async function platformStatus(server: ServerProcess, credentials: Credentials): Promise<number> {
  const res = await fetch(`${server.url}/platform/Account`, {
    headers: { authorization: basic(credentials.accountSid, credentials.authToken) },
  })
  await res.body?.cancel()
  return res.status
}

/** Milliseconds from `since` until `server` first refuses the credentials (or GIVE_UP_MS). */
async function refusedAfter(server: ServerProcess, credentials: Credentials, since: number): Promise<number> {
  for (;;) {
    const status = await platformStatus(server, credentials)
    const elapsed = performance.now() - since
    if (status === 401 || elapsed > GIVE_UP_MS) return status === 401 ? elapsed : Number.POSITIVE_INFINITY
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

// PostgreSQL leg only (see vitest.config.ts): several instances on one database is what
// DATABASE_URL is for. Two real server processes on two ports; the test process only provisions
// the accounts and tokens in the same database.
describe('two API instances on one PostgreSQL database', () => {
  let f: ApiFixture
  let a: ServerProcess
  let b: ServerProcess
  let session: ConsoleSession
  let instances: ServerInstances | undefined

  beforeAll(async () => {
    f = await openApiFixture()
    instances = await startServerInstances(f, 2)
    ;[a, b] = instances.servers as [ServerProcess, ServerProcess]
    session = await signInToConsole(fetch, a.url, f.a.admin.email, PASSWORD)
  }, 120_000)

  afterAll(async () => {
    try {
      // Both drain and close their pool and change listener on SIGTERM, as a rolling deploy needs.
      expect(await instances?.stop()).toEqual([0, 0])
    } finally {
      await f?.close()
    }
  }, 30_000)

  it.each([
    { change: 'reset', method: 'POST', path: (id: string) => `/api/tokens/${id}/reset` },
    { change: 'disable', method: 'POST', path: (id: string) => `/api/tokens/${id}/disable` },
    { change: 'delete', method: 'DELETE', path: (id: string) => `/api/tokens/${id}` },
  ])(
    'refuses the old credential on A right after a $change on A, and on B within a second',
    async ({ change, method, path }) => {
      const { token, credentials } = await f.createToken(f.a, { scopes: ['GET /Account'] })
      // Both instances verify the credential first, so each holds it in its verification cache.
      expect(await platformStatus(a, credentials)).toBe(200)
      expect(await platformStatus(b, credentials)).toBe(200)

      const res = await session.admin(method, path(token.id))
      const changedAt = performance.now()
      expect(res.status).toBeLessThan(300)
      const [onA, onB] = await Promise.all([
        platformStatus(a, credentials),
        refusedAfter(b, credentials, changedAt),
      ])

      console.log(`[multi-instance] ${change} on A: old credential refused by B after ${onB.toFixed(1)} ms`)
      expect(onA).toBe(401)
      expect(onB).toBeLessThan(PROPAGATION_BOUND_MS)
      expect(onB, 'B refused only when its cache entry expired: no notification reached it').toBeLessThan(
        NOTIFIED_BOUND_MS,
      )
      if (change === 'reset') {
        const { credentials: renewed } = (await res.json()) as { credentials: Credentials }
        expect(await platformStatus(b, renewed)).toBe(200)
      }
    },
  )
})
