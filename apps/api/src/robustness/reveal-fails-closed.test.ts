import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import type { TokenWithCredentials } from '@tokens/core'
import { tamperedSealedValue, testDialect } from '@tokens/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { signInToConsole } from '../test-support/console-client.js'
import { prepareServerData } from '../test-support/server-data.js'
import { startServerProcess, type ServerProcess } from '../test-support/server-process.js'

/** The server's output as JSON lines (it writes nothing else). */
function logLines(server: ServerProcess): Record<string, unknown>[] {
  return server
    .output()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

// The server process here keeps its database as a SQLite file in DATA_DIR.
describe.runIf(testDialect() === 'sqlite')(
  'revealing a credential that no longer opens, on the server',
  () => {
    const cleanups: (() => void)[] = []
    afterEach(() => {
      for (const cleanup of cleanups.splice(0).reverse()) cleanup()
    })

    async function start(env: Record<string, string>): Promise<ServerProcess> {
      const server = await startServerProcess(env)
      cleanups.push(() => server.child.kill('SIGKILL'))
      return server
    }

    it('fails closed with a generic 500 for tampered ciphertext or a wrong master key, and logs which row and why, never the secret', async () => {
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
      const db = await setup.database()
      const { sealed_secret: sealed } = await db
        .selectFrom('tokens')
        .select('sealed_secret')
        .where('id', '=', tampered.token.id)
        .executeTakeFirstOrThrow()
      await db
        .updateTable('tokens')
        .set({ sealed_secret: tamperedSealedValue(sealed) })
        .where('id', '=', tampered.token.id)
        .execute()
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

      // The same data under another master key: nothing opens, and the log says the key is unknown.
      const otherKey = await start({ ...env, TOKENS_MASTER_KEY: randomBytes(32).toString('base64') })
      const again = await signInToConsole(fetch, otherKey.url, email, password)
      const wrongKey = await again.admin('GET', `/api/tokens/${intact.token.id}/credentials`)
      expect(wrongKey.status).toBe(500)
      expect(await wrongKey.text()).toBe(body)
      otherKey.child.kill('SIGTERM')
      expect(await otherKey.exited).toBe(0)

      const reports = [...logLines(server), ...logLines(otherKey)].filter(
        (line) => line['event'] === 'credential.unavailable',
      )
      expect(reports.map((line) => [line['level'], line['tokenId'], line['reason']])).toEqual([
        ['error', tampered.token.id, 'not-authentic'],
        ['error', intact.token.id, 'unknown-key'],
      ])
      const output = server.output() + otherKey.output()
      for (const secret of [tampered.credentials.authToken, intact.credentials.authToken, sealed, masterKey])
        expect(output).not.toContain(secret)
    }, 60_000)
  },
)
