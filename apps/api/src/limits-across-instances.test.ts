import { randomBytes } from 'node:crypto'
import { overdraftAllowance } from '@tokens/core/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from './app-limits.js'
import { basic, openApiFixture, type ApiFixture } from './test-support/api-fixture.js'
import { startServerInstances, type ServerInstances } from './test-support/server-instances.js'
import type { ServerProcess } from './test-support/server-process.js'

const INSTANCES = 2
/** The documented bound (docs/SECURITY.md, "Limits across instances"): 2 × instances × allowance. */
const overshootBound = (limit: number) => 2 * INSTANCES * overdraftAllowance(limit, INSTANCES)

/** Sends `total` requests, `concurrency` at a time, alternating between the servers; answers the statuses. */
async function spread(
  servers: readonly ServerProcess[],
  total: number,
  concurrency: number,
  request: (server: ServerProcess, i: number) => Promise<Response>,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>()
  let next = 0
  const worker = async () => {
    while (next < total) {
      const i = next++
      const res = await request(servers[i % servers.length]!, i)
      await res.body?.cancel()
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  return statuses
}

// PostgreSQL leg only (see vitest.config.ts): two real server processes on one database, as in
// multi-instance.test.ts; the test process only provisions accounts and tokens.
describe('limits shared by two API instances on one PostgreSQL database', () => {
  let f: ApiFixture
  let instances: ServerInstances | undefined
  let servers: ServerProcess[] = []

  beforeAll(async () => {
    f = await openApiFixture()
    instances = await startServerInstances(f, INSTANCES, { TRUST_PROXY: 'true' })
    servers = instances.servers
    // Both instances see each other's heartbeat (every 500 ms) before the first request.
    await new Promise((resolve) => setTimeout(resolve, 1_200))
  }, 120_000)

  afterAll(async () => {
    try {
      await instances?.stop()
    } finally {
      await f?.close()
    }
  }, 30_000)

  it.each([
    { limit: 100, concurrency: 2 },
    { limit: 100, concurrency: 16 },
    { limit: 1_000, concurrency: 16 },
  ])(
    'lets both together answer a token at most its rateLimitPerHour ($limit) + the bound, $concurrency requests at a time',
    async ({ limit, concurrency }) => {
      const { credentials } = await f.createToken(f.a, { scopes: ['GET /Account'], rateLimitPerHour: limit })
      const authorization = basic(credentials.accountSid, credentials.authToken)
      const statuses = await spread(servers, limit * 2 + 100, concurrency, (server) =>
        fetch(`${server.url}/platform/Account`, { headers: { authorization } }),
      )
      const ok = statuses.get(200) ?? 0
      console.log(
        `[limits-across-instances] rateLimitPerHour ${limit}, ${concurrency} at a time over ${INSTANCES} instances: ${ok} answered 200 (bound ${limit + overshootBound(limit)}), ${statuses.get(429) ?? 0} answered 429`,
      )
      expect([...statuses.keys()].sort()).toEqual([200, 429])
      expect(ok).toBeLessThanOrEqual(limit + overshootBound(limit))
      // Nor do the instances starve each other of the limit (grants held elsewhere are given back).
      expect(ok).toBeGreaterThanOrEqual(limit - overshootBound(limit))
    },
    60_000,
  )

  it('counts /verify and the platform API on both instances against one limit', async () => {
    const limit = 100
    const { credentials } = await f.createToken(f.a, { scopes: ['GET /Account'], rateLimitPerHour: limit })
    const authorization = basic(credentials.accountSid, credentials.authToken)
    const statuses = await spread(servers, limit * 2, 8, (server, i) =>
      i % 4 < 2
        ? fetch(`${server.url}/platform/Account`, { headers: { authorization } })
        : fetch(`${server.url}/verify`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i % 200}` },
            body: JSON.stringify({ authorization, scope: 'GET /Account' }),
          }),
    )
    const ok = statuses.get(200) ?? 0
    console.log(`[limits-across-instances] platform + /verify, limit ${limit}: ${ok} answered 200`)
    expect(ok).toBeLessThanOrEqual(limit + overshootBound(limit))
    expect(ok).toBeGreaterThanOrEqual(limit - overshootBound(limit))
  }, 60_000)

  it('throttles failed credentials from one address across both instances as one count', async () => {
    const max = DEFAULT_LIMITS.credentialFailuresPerAddress.max
    const address = '203.0.113.77'
    // A new unknown SID each time, so only the per-address count can refuse.
    const guess = (server: ServerProcess) =>
      fetch(`${server.url}/platform/Account`, {
        headers: {
          authorization: basic(`TK${randomBytes(16).toString('hex').slice(0, 22)}`, 'tcat_wrong'),
          'x-forwarded-for': address,
        },
      })
    let failed = 0
    let usedUp = false
    let sent = 0
    // Until one instance says the window is used up (a Retry-After beyond the next reconciliation),
    // then as many again: a refusal of 1 s only means "wait for the next round".
    for (let extra = 0; extra < 2 * max && sent < 2_000; sent++) {
      const res = await guess(servers[sent % servers.length]!)
      await res.body?.cancel()
      if (res.status === 401) failed++
      else if (Number(res.headers.get('retry-after')) > 1) usedUp = true
      if (usedUp) extra++
    }
    console.log(
      `[limits-across-instances] failed credentials from one address, ${max} allowed: ${failed} answered 401 of ${sent} (bound ${max + overshootBound(max)})`,
    )
    expect(usedUp).toBe(true)
    expect(failed).toBeLessThanOrEqual(max + overshootBound(max))
    expect(failed).toBeGreaterThanOrEqual(max - overshootBound(max))
    // Another address is not affected.
    const { credentials } = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const elsewhere = await fetch(`${servers[1]!.url}/platform/Account`, {
      headers: { authorization: basic(credentials.accountSid, credentials.authToken) },
    })
    expect(elsewhere.status).toBe(200)
  }, 60_000)
})
