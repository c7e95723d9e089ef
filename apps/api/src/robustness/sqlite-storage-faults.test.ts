import type { TokenWithCredentials } from '@tokens/core'
import {
  auditedTimes,
  openTestCore,
  readDatabase,
  readStoredCredentials,
  testDialect,
  type TestCore,
  type TestCoreOptions,
} from '@tokens/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'
import { basicAuthorization, signInToConsole } from '../test-support/console-client.js'

type SqliteConnection = Parameters<
  NonNullable<NonNullable<TestCoreOptions['hooks']>['onSqliteConnection']>
>[0]

const ORIGIN = 'http://console.test'
const PASSWORD = 'storage faults password'

const opened: TestCore[] = []
afterEach(async () => {
  for (const test of opened.splice(0)) await test.close()
})

/**
 * The app on a core opened with SQLite settings the shared fixture does not take (a short busy
 * timeout, a handle on the core's own connection), one brand account and its signed-in administrator.
 */
async function openAppOnSqlite(options: TestCoreOptions) {
  const test = await openTestCore(options)
  opened.push(test)
  const account = await test.core.provisioning.createAccount({ kind: 'brand', name: 'Storage faults' })
  const email = 'admin@storage-faults.test'
  const admin = await test.core.provisioning.createUser({
    accountId: account.id,
    email,
    name: 'Administrator',
    role: 'account_administrator',
    password: PASSWORD,
  })
  const app = createApp({ core: test.core, log: () => undefined, now: test.clock.now })
  const fetcher = async (url: string, init: RequestInit) => app.request(url, init)
  const session = await signInToConsole(fetcher, ORIGIN, email, PASSWORD)
  const platform = (credentials: { accountSid: string; authToken: string }) =>
    fetcher(`${ORIGIN}/platform/Account`, {
      method: 'GET',
      headers: { authorization: basicAuthorization(credentials.accountSid, credentials.authToken) },
    })
  const createToken = async (name: string) => {
    const res = await session.admin('POST', '/api/tokens', {
      name,
      primaryContactUserId: admin.id,
      scopes: ['GET /Account'],
    })
    expect(res.status).toBe(201)
    return (await res.json()) as TokenWithCredentials
  }
  return { test, session, platform, createToken, accountId: account.id, adminUserId: admin.id }
}

async function expectProblem(response: Response, status: number, code: string): Promise<void> {
  expect(response.status, code).toBe(status)
  expect(response.headers.get('content-type')).toBe('application/problem+json')
  expect(await response.json()).toMatchObject({ status, code })
}

describe.runIf(testDialect() === 'sqlite')('the API on SQLite under storage faults', () => {
  it('answers mutations 503 Busy while another connection holds the write lock past the busy timeout, keeps answering reads, and succeeds once the lock is gone', async () => {
    const { test, session, platform, createToken, accountId, adminUserId } = await openAppOnSqlite({
      busyTimeoutMs: 150,
    })
    const { token, credentials } = await createToken('Held up')
    const db = await test.database()
    const [storedBefore] = await readStoredCredentials(db, test.masterKey, [token.id])
    const resetsBefore = await auditedTimes(test, 'token.reset')

    // A second connection takes the write lock and keeps it until released.
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    let locked = () => {}
    const lockTaken = new Promise<void>((resolve) => (locked = resolve))
    const holder = db.transaction().execute(async (trx) => {
      await trx.updateTable('accounts').set({ name: 'Storage faults' }).where('id', '=', accountId).execute()
      locked()
      await released
    })
    await lockTaken
    try {
      await expectProblem(await session.admin('POST', `/api/tokens/${token.id}/reset`), 503, 'Busy')
      await expectProblem(
        await session.admin('POST', '/api/tokens', {
          name: 'Blocked',
          primaryContactUserId: adminUserId,
          scopes: ['GET /Account'],
        }),
        503,
        'Busy',
      )
      await expectProblem(
        await session.admin('PATCH', `/api/tokens/${token.id}`, { name: 'Renamed' }),
        503,
        'Busy',
      )
      await expectProblem(await session.admin('POST', '/api/legacy-tokens/enable'), 503, 'Busy')

      expect((await session.admin('GET', `/api/tokens/${token.id}`)).status).toBe(200)
      const list = (await (await session.admin('GET', '/api/tokens')).json()) as { items: unknown[] }
      expect(list.items).toHaveLength(1)
      expect((await platform(credentials)).status).toBe(200)
    } finally {
      release()
      await holder
    }

    const [storedAfter] = await readStoredCredentials(db, test.masterKey, [token.id])
    expect(storedAfter).toEqual(storedBefore)
    expect(await auditedTimes(test, 'token.reset')).toBe(resetsBefore)
    const current = (await (await session.admin('GET', `/api/tokens/${token.id}`)).json()) as {
      token: { name: string }
    }
    expect(current.token.name).toBe('Held up')
    expect(
      ((await (await session.admin('GET', '/api/legacy-tokens')).json()) as { enabled: boolean }).enabled,
    ).toBe(false)

    const reset = await session.admin('POST', `/api/tokens/${token.id}/reset`)
    expect(reset.status).toBe(200)
    const renewed = ((await reset.json()) as TokenWithCredentials).credentials
    expect((await platform(credentials)).status).toBe(401)
    expect((await platform(renewed)).status).toBe(200)
    expect(await auditedTimes(test, 'token.reset')).toBe(resetsBefore + 1)
  })

  it('answers 507 StorageFull when the disk fills during resets: the last committed token still verifies and nothing is half-written', async () => {
    let connection: SqliteConnection | undefined
    const { test, session, platform, createToken } = await openAppOnSqlite({
      hooks: { onSqliteConnection: (database) => void (connection = database) },
    })
    const { token, credentials } = await createToken('Filling up')
    if (!connection) throw new Error('no SQLite connection')
    const pages = connection.pragma('page_count', { simple: true }) as number
    connection.pragma(`max_page_count = ${pages}`)

    // Resets add audit rows until the pinned file has no page left for one.
    let current = credentials
    let succeeded = 0
    let refusal: Response | undefined
    for (let attempt = 0; attempt < 1_000 && refusal === undefined; attempt++) {
      const res = await session.admin('POST', `/api/tokens/${token.id}/reset`)
      if (res.status === 200) {
        current = ((await res.json()) as TokenWithCredentials).credentials
        succeeded++
      } else refusal = res
    }
    if (!refusal) throw new Error('the disk never filled')
    await expectProblem(refusal, 507, 'StorageFull')

    expect((await platform(current)).status).toBe(200)
    const [stored] = await readStoredCredentials(await test.database(), test.masterKey, [token.id])
    expect(stored).toEqual({ tokenId: token.id, authToken: current.authToken, digestAgrees: true })
    expect(await auditedTimes(test, 'token.reset')).toBe(succeeded)
    // A reveal is audited: with no room for its event it shows nothing.
    await expectProblem(await session.admin('GET', `/api/tokens/${token.id}/credentials`), 507, 'StorageFull')
    expect(readDatabase(test.dataDir, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok')

    connection.pragma('max_page_count = 1073741823')
    const revealed = await session.admin('GET', `/api/tokens/${token.id}/credentials`)
    expect(((await revealed.json()) as { authToken: string }).authToken).toBe(current.authToken)
    const reset = await session.admin('POST', `/api/tokens/${token.id}/reset`)
    expect(reset.status).toBe(200)
    expect((await platform(current)).status).toBe(401)
    expect((await platform(((await reset.json()) as TokenWithCredentials).credentials)).status).toBe(200)
  })
})
