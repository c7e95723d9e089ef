import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import { openCore } from '../open-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import { seedBenchAccount } from './seed-bench-account.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function seeded(tokens: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tokens-bench-'))
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
  const masterKey = randomBytes(32).toString('base64')
  const progress: number[] = []
  const bench = await seedBenchAccount({ dataDir, masterKey, tokens, onProgress: (n) => progress.push(n) })
  const core = await openCore({ dataDir, masterKey, demoData: false })
  cleanups.push(() => core.close())
  return { bench, core, progress }
}

async function adminOf(core: TokenConsoleCore, email: string, password: string): Promise<ActorContext> {
  const { sessionId } = await core.auth.login(email, password, null)
  const resumed = await core.auth.resume(sessionId)
  if (!resumed) throw new Error('the seeded admin cannot sign in')
  return resumed.context
}

// The seeding writes the SQLite file of a data folder; the PostgreSQL leg has nothing more to check.
describe.runIf(testDialect() === 'sqlite')('seeding the benchmark account', () => {
  it('holds the asked number of scoped tokens whose stored credentials open and verify like created ones', async () => {
    const { bench, core, progress } = await seeded(12)
    const admin = await adminOf(core, bench.adminEmail, bench.adminPassword)
    const page = await core.tokens.list(admin, { limit: 200 })
    expect(page.items).toHaveLength(12)
    expect(progress.at(-1)).toBe(12)
    const bulk = page.items.find(
      (token) => token.name !== 'Bench platform client' && token.state === 'enabled',
    )
    expect(bulk?.scopes.length).toBe(3)
    const credentials = await core.tokens.reveal(admin, bulk?.id as string)
    expect(await core.verification.verify(credentials.accountSid, credentials.authToken)).toMatchObject({
      tokenId: bulk?.id,
    })
  })

  it('gives a platform credential for GET /Account that no benchmark run rate-limits', async () => {
    const { bench, core } = await seeded(3)
    const verified = await core.verification.verify(
      bench.platformCredential.accountSid,
      bench.platformCredential.authToken,
    )
    expect(verified?.scopes.has('GET /Account')).toBe(true)
    expect(verified?.rateLimitPerHour).toBe(10_000_000)
    expect(verified?.apiVersion).toBe(bench.platformCredential.apiVersion)
  })
})
