import { performance } from 'node:perf_hooks'
import { expect, it } from 'vitest'
import { generateAccountSid, generateAuthToken } from '../crypto/random-secrets.js'
import { createTestToken, openTestAccountsClosedAfterEach } from '../test-support/open-test-core.js'

const openAccount = openTestAccountsClosedAfterEach()

const SAMPLES_PER_CLASS = 1_500
const WARM_UP_PER_CLASS = 100
/**
 * Reading a row that exists cost about 1.25–1.3 × finding none on SQLite; the same work measures
 * within 0.05. The bound leaves room for a shared, loaded machine (CI runs two workers).
 */
const RATIO_BOUND = 0.15

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

it('takes the same time to refuse an unknown SID as a known SID with a wrong token when nothing is cached (medians of 1,500 each)', async () => {
  // No cache: every verification reads the database, as the first request naming a SID does.
  const { core, account } = await openAccount('brand', { verificationCacheTtlMs: 0 })
  const { credentials } = await createTestToken(core, account)
  for (let i = 0; i < 20; i++) await createTestToken(core, account)
  const samples = { 'unknown SID': [] as number[], 'known SID, wrong token': [] as number[] }
  const labels = Object.keys(samples) as (keyof typeof samples)[]
  // Interleaved, each round in the other order, so drift and GC pauses fall on both classes alike.
  for (let round = 0; round < WARM_UP_PER_CLASS + SAMPLES_PER_CLASS; round++) {
    for (const label of round % 2 ? labels : [...labels].reverse()) {
      const sid = label === 'unknown SID' ? generateAccountSid() : credentials.accountSid
      const authToken = generateAuthToken()
      const started = performance.now()
      expect(await core.verification.verify(sid, authToken)).toBeNull()
      if (round >= WARM_UP_PER_CLASS) samples[label].push(performance.now() - started)
    }
  }
  const unknown = median(samples['unknown SID'])
  const known = median(samples['known SID, wrong token'])
  console.info(
    `[verification timing, uncached] medians of ${SAMPLES_PER_CLASS}: unknown SID ${(unknown * 1_000).toFixed(1)} µs, known SID ${(known * 1_000).toFixed(1)} µs, ratio ${(known / unknown).toFixed(3)}`,
  )
  expect(Math.abs(known / unknown - 1)).toBeLessThan(RATIO_BOUND)
}, 240_000)
