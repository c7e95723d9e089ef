import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { AuditEventView, TokenView, TokenWithCredentials } from '@tokens/core'
import {
  expectAuditMatchesCommitted,
  readDatabase,
  tamperWithStoredSecret,
  testDialect,
} from '@tokens/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { revealAndVerify, signInToConsole, type ConsoleSession } from '../test-support/console-client.js'
import { prepareServerData } from '../test-support/server-data.js'
import { startServerProcess, type ServerProcess } from '../test-support/server-process.js'

/** Requests in flight at once: each may or may not have committed when the process dies. */
const WORKERS = 4
const CHANGES_BEFORE_KILL = 150

interface Change {
  op: 'create' | 'reset'
  tokenId: string
  /** The token's updatedAt in the answer: the time of its audit event. */
  at: string
  authToken: string
}

/** Every item of a paged admin list, following nextCursor. */
async function listAll<T>(session: ConsoleSession, path: string): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null = null
  do {
    const separator = path.includes('?') ? '&' : '?'
    const res = await session.admin(
      'GET',
      `${path}${separator}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )
    expect(res.status, path).toBe(200)
    const page = (await res.json()) as { items: T[]; nextCursor: string | null }
    items.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return items
}

// The server processes here keep their database as a SQLite file in DATA_DIR, and a crash is
// checked with SQLite's own integrity check.
describe.runIf(testDialect() === 'sqlite')('the server process on SQLite under faults', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  })

  async function start(env: Record<string, string>): Promise<ServerProcess> {
    const server = await startServerProcess(env)
    cleanups.push(() => server.child.kill('SIGKILL'))
    return server
  }

  it('comes back intact after kill -9 during creates and resets: integrity ok, every token reveals a secret that verifies, audit events match the committed changes', async () => {
    const { env, dataDir, email, password, adminUserId, setup } = await prepareServerData('partner', 'crash')
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    await setup.close()

    const server = await start(env)
    const session = await signInToConsole(fetch, server.url, email, password)
    const acknowledged: Change[] = []
    const inFlight = new Map<number, string | null>()
    const unexpected: string[] = []
    let killed = false

    async function churn(worker: number): Promise<void> {
      const own: string[] = []
      for (let n = 0; !killed; n++) {
        const resetOf = own.length > 0 && n % 3 !== 0 ? (own[n % own.length] as string) : null
        inFlight.set(worker, resetOf)
        let res: Response
        try {
          res = resetOf
            ? await session.admin('POST', `/api/tokens/${resetOf}/reset`)
            : await session.admin('POST', '/api/tokens', {
                name: `Churn ${worker}.${n}`,
                primaryContactUserId: adminUserId,
                scopes: ['GET /Account'],
              })
        } catch {
          return // the connection died with the process
        }
        if (res.status !== (resetOf ? 200 : 201)) {
          unexpected.push(`${res.status} ${await res.text()}`)
          return
        }
        const { token, credentials } = (await res.json()) as TokenWithCredentials
        if (!resetOf) own.push(token.id)
        acknowledged.push({
          op: resetOf ? 'reset' : 'create',
          tokenId: token.id,
          at: token.updatedAt,
          authToken: credentials.authToken,
        })
        inFlight.delete(worker)
      }
    }

    const workers = Array.from({ length: WORKERS }, (_, worker) => churn(worker))
    await expect
      .poll(() => acknowledged.length + unexpected.length, { timeout: 60_000, interval: 5 })
      .toBeGreaterThanOrEqual(CHANGES_BEFORE_KILL)
    server.child.kill('SIGKILL')
    killed = true
    await Promise.all(workers)
    expect(await server.exited).toBeNull()
    expect(unexpected).toEqual([])
    // Tokens a request was still changing when the process died: their last state is either outcome.
    const undecided = new Set([...inFlight.values()].filter((id): id is string => id !== null))
    const createsInFlight = [...inFlight.values()].filter((id) => id === null).length

    expect(readDatabase(dataDir, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok')

    const restarted = await start(env)
    const after = await signInToConsole(fetch, restarted.url, email, password)
    const tokens = await listAll<TokenView>(after, '/api/tokens')
    const events = (await listAll<AuditEventView>(after, '/api/audit-events')).filter(
      (event) => event.action === 'token.create' || event.action === 'token.reset',
    )

    // Every token's sealed copy opens, and what it opens to is what verification accepts.
    for (const token of tokens) {
      const { revealStatus, credentials, verifyStatus } = await revealAndVerify(
        after,
        fetch,
        restarted.url,
        token.id,
      )
      expect(revealStatus, token.id).toBe(200)
      expect(verifyStatus, token.id).toBe(200)
      const last = acknowledged.filter((change) => change.tokenId === token.id).at(-1)
      if (last && !undecided.has(token.id)) expect(credentials.authToken, token.id).toBe(last.authToken)
    }

    // Only creates and resets ran: a token's updatedAt is its last reset, or its creation when never reset.
    // At most the requests in flight at the kill are extra.
    expectAuditMatchesCommitted(
      tokens.map((token) => ({ id: token.id, resetAt: token.updatedAt, createdAt: token.createdAt })),
      events,
      acknowledged,
      inFlight.size,
    )
    expect(
      tokens.length - acknowledged.filter((change) => change.op === 'create').length,
    ).toBeLessThanOrEqual(createsInFlight)

    restarted.child.kill('SIGTERM')
    expect(await restarted.exited).toBe(0)
    console.info(
      `[kill -9] ${acknowledged.length} changes answered before the kill, ${inFlight.size} in flight, ` +
        `${events.length} committed; ${tokens.length} tokens reveal and verify after the restart`,
    )
  }, 120_000)

  it('fails closed with a generic 500 for tampered ciphertext and logs which row and why, never the secret; refuses to start under a wrong master key', async () => {
    const { env, dataDir, masterKey, email, password, adminUserId, setup } = await prepareServerData(
      'brand',
      'reveal',
    )
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))

    const server = await start(env)
    const session = await signInToConsole(fetch, server.url, email, password)
    const create = async (name: string) => {
      const res = await session.admin('POST', '/api/tokens', {
        name,
        primaryContactUserId: adminUserId,
        scopes: ['GET /Account'],
      })
      return (await res.json()) as TokenWithCredentials
    }
    const tampered = await create('Tampered')
    const intact = await create('Intact')
    const { before: sealed } = await tamperWithStoredSecret(await setup.database(), tampered.token.id)
    await setup.close()

    const refused = await session.admin('GET', `/api/tokens/${tampered.token.id}/credentials`)
    expect(refused.status).toBe(500)
    expect(refused.headers.get('content-type')).toBe('application/problem+json')
    const body = await refused.text()
    expect(JSON.parse(body)).toMatchObject({ status: 500, code: 'CredentialUnavailable' })
    expect(body).not.toContain('tcat_')
    const intactReveal = await session.admin('GET', `/api/tokens/${intact.token.id}/credentials`)
    expect(((await intactReveal.json()) as { authToken: string }).authToken).toBe(
      intact.credentials.authToken,
    )
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)

    // The same data under another master key: nothing would open, so the server refuses to start,
    // naming where the key came from, never a key.
    const otherKey = randomBytes(32).toString('base64')
    const refusal = await start({ ...env, TOKENS_MASTER_KEY: otherKey }).then(
      () => 'started',
      (error: unknown) => String(error),
    )
    expect(refusal).toContain('The master key from TOKENS_MASTER_KEY (key id ')
    expect(refusal).toContain('opens none of the stored credentials')

    const reports = server.logLines().filter((line) => line['event'] === 'credential.unavailable')
    expect(reports.map((line) => [line['level'], line['tokenId'], line['reason']])).toEqual([
      ['error', tampered.token.id, 'not-authentic'],
    ])
    const output = server.output() + refusal
    for (const secret of [
      tampered.credentials.authToken,
      intact.credentials.authToken,
      sealed,
      masterKey,
      otherKey,
    ])
      expect(output).not.toContain(secret)
  }, 60_000)
})
