import { rmSync } from 'node:fs'
import type { TokenWithCredentials } from '@tokens/core'
import { readDatabase } from '@tokens/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { basicAuthorization, signInToConsole } from './test-support/console-client.js'
import { prepareServerData } from './test-support/server-data.js'
import { startServerProcess } from './test-support/server-process.js'

const TOKENS = 8
const WORKERS = 8
/** Long enough for the probe below (every 25 ms) to notice, short enough for the test. */
const SHUTDOWN_DELAY_MS = 800

describe('graceful shutdown under load', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  })

  it('on SIGTERM turns /readyz to 503, answers every request a load balancer still sends, and writes every last-used time before exiting 0', async () => {
    const { env, dataDir, email, password, adminUserId, setup } = await prepareServerData('brand', 'drain')
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    await setup.close()
    const server = await startServerProcess({ ...env, SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS) })
    cleanups.push(() => server.child.kill('SIGKILL'))

    const session = await signInToConsole(fetch, server.url, email, password)
    const tokens: TokenWithCredentials[] = []
    for (let n = 0; n < TOKENS; n++) {
      const res = await session.admin('POST', '/api/tokens', {
        name: `Drain ${n}`,
        primaryContactUserId: adminUserId,
        scopes: ['GET /Account'],
      })
      expect(res.status).toBe(201)
      tokens.push((await res.json()) as TokenWithCredentials)
    }

    // What a load balancer does: send until the probe says not ready, then send nothing more.
    let ready = true
    const failures: string[] = []
    const statuses = new Map<number, number>()
    /** Per token, when its last answered request was sent: its last-used time cannot be earlier. */
    const lastSent = new Map<string, number>()
    async function worker(index: number): Promise<void> {
      for (let n = 0; ready; n++) {
        const { token, credentials } = tokens[(index + n) % TOKENS] as TokenWithCredentials
        const sentAt = Date.now()
        try {
          const res = await fetch(`${server.url}/platform/Account`, {
            headers: { authorization: basicAuthorization(credentials.accountSid, credentials.authToken) },
          })
          await res.arrayBuffer()
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          if (res.status === 200) lastSent.set(token.id, Math.max(lastSent.get(token.id) ?? 0, sentAt))
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error))
        }
      }
    }
    async function probe(): Promise<number[]> {
      const seen: number[] = []
      while (ready) {
        const res = await fetch(`${server.url}/readyz`)
        await res.arrayBuffer()
        seen.push(res.status)
        if (res.status === 503) ready = false
        else await new Promise((resolve) => setTimeout(resolve, 25))
      }
      return seen
    }

    const load = Array.from({ length: WORKERS }, (_, index) => worker(index))
    const probing = probe()
    await new Promise((resolve) => setTimeout(resolve, 500))
    const answeredBeforeStop = [...statuses.values()].reduce((sum, count) => sum + count, 0)
    server.child.kill('SIGTERM')
    const probed = await probing
    await Promise.all(load)

    expect(await server.exited).toBe(0)
    expect(failures).toEqual([])
    expect([...statuses.keys()]).toEqual([200])
    expect(answeredBeforeStop).toBeGreaterThan(WORKERS)
    expect(probed.at(0)).toBe(200)
    expect(probed.at(-1)).toBe(503)
    expect(lastSent.size).toBe(TOKENS)
    // The final uses were still in memory at SIGTERM (written once a second): the drain flushed them.
    const stored = readDatabase(dataDir, (db) => db.prepare('select id, last_used_at from tokens').all()) as {
      id: string
      last_used_at: string | null
    }[]
    for (const [tokenId, sentAt] of lastSent) {
      const row = stored.find((candidate) => candidate.id === tokenId)
      expect(row?.last_used_at, tokenId).not.toBeNull()
      expect(Date.parse(row?.last_used_at as string), tokenId).toBeGreaterThanOrEqual(sentAt)
    }
    const lines = server.logLines()
    expect(lines.map((line) => line['event'])).toEqual(
      expect.arrayContaining(['ready', 'stopping', 'stopped']),
    )
  }, 90_000)

  it('on a second SIGINT during the shutdown delay stops at once, still writing the last-used times and the log', async () => {
    const { env, dataDir, email, password, adminUserId, setup } = await prepareServerData('brand', 'hurry')
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    await setup.close()
    // A minute of delay: what the first Ctrl-C waits for, and the second must not.
    const server = await startServerProcess({ ...env, SHUTDOWN_DELAY_MS: '60000' })
    cleanups.push(() => server.child.kill('SIGKILL'))
    const session = await signInToConsole(fetch, server.url, email, password)
    const created = await session.admin('POST', '/api/tokens', {
      name: 'Hurry',
      primaryContactUserId: adminUserId,
      scopes: ['GET /Account'],
    })
    expect(created.status).toBe(201)
    const { token, credentials } = (await created.json()) as TokenWithCredentials
    const use = async () => {
      const res = await fetch(`${server.url}/platform/Account`, {
        headers: { authorization: basicAuthorization(credentials.accountSid, credentials.authToken) },
      })
      await res.arrayBuffer()
      return res.status
    }

    server.child.kill('SIGINT')
    // The first signal keeps its graceful behaviour: still serving, /readyz at 503.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503)
    const lastSentAt = Date.now()
    expect(await use()).toBe(200)
    const secondAt = Date.now()
    server.child.kill('SIGINT')
    const outcome = await Promise.race([
      server.exited,
      new Promise((resolve) =>
        setTimeout(() => resolve('still running 15 s after the second SIGINT'), 15_000),
      ),
    ])
    expect(outcome).toBe(0)
    expect(Date.now() - secondAt).toBeLessThan(15_000)
    // The use answered during the delay was still in memory: the close flushed it.
    const stored = readDatabase(dataDir, (db) =>
      db.prepare('select last_used_at from tokens where id = ?').get(token.id),
    ) as { last_used_at: string | null }
    expect(stored.last_used_at).not.toBeNull()
    expect(Date.parse(stored.last_used_at as string)).toBeGreaterThanOrEqual(lastSentAt)
    const events = server.logLines().map((line) => line['event'])
    expect(events).toEqual(expect.arrayContaining(['stopping', 'stopping.hurried', 'stopped']))
    expect(events.at(-1)).toBe('stopped')
  }, 90_000)
})
