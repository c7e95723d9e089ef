import { describe, expect, it } from 'vitest'
import { openTestCoresClosedAfterEach } from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import type { LedgerAsk } from './limit-ledger.js'
import { PostgresLimitLedger } from './postgres-limit-ledger.js'

const openCore = openTestCoresClosedAfterEach()

async function ledgers(count: number) {
  const test = await openCore()
  const db = await test.database()
  return Array.from({ length: count }, (_, i) => new PostgresLimitLedger(db, `instance-${i}`))
}

/** Far from the test clock, so the test core's own pruning leaves these windows alone. */
const WINDOW_START = Date.parse('2100-01-01T00:00:00Z')

const ask = (overrides: Partial<LedgerAsk> = {}): LedgerAsk => ({
  key: 'rate:abc',
  windowStart: WINDOW_START,
  windowEnd: WINDOW_START + 3_600_000,
  delta: 0,
  want: 0,
  cap: 100,
  reset: false,
  ...overrides,
})

describe.runIf(testDialect() === 'postgres')('the PostgreSQL limit ledger', () => {
  it('never grants past the cap, however many instances ask at once', async () => {
    const all = await ledgers(20)
    const answers = await Promise.all(all.map((ledger) => ledger.reconcile([ask({ want: 7 })])))
    const granted = answers.reduce((sum, [answer]) => sum + (answer?.granted ?? 0), 0)
    expect(granted).toBe(100)
    expect(answers.filter(([answer]) => answer?.granted === 2)).toHaveLength(1)
    // Counted units are added whatever the count (they happened); grants stop at the cap.
    expect(await all[0]!.reconcile([ask({ delta: 3, want: 5 })])).toEqual([{ count: 103, granted: 0 }])
  })

  it('adds deltas, gives grants back, resets, and answers in the order asked', async () => {
    const [ledger] = (await ledgers(1)) as [PostgresLimitLedger]
    expect(
      await ledger.reconcile([ask({ key: 'b', delta: 3, want: 4 }), ask({ key: 'a', delta: 1 })]),
    ).toEqual([
      { count: 7, granted: 4 },
      { count: 1, granted: 0 },
    ])
    expect(await ledger.reconcile([ask({ key: 'b', delta: -4 })])).toEqual([{ count: 3, granted: 0 }])
    expect(await ledger.reconcile([ask({ key: 'b', delta: 1, reset: true })])).toEqual([
      { count: 1, granted: 0 },
    ])
  })

  it('writes a reset only with the round it came in: a round that fails leaves the count as it was', async () => {
    const [ledger] = (await ledgers(1)) as [PostgresLimitLedger]
    await ledger.reconcile([ask({ key: 'pair', delta: 3 })])
    // A delta past a 32-bit integer fails the round's upsert, after its reset was run.
    await expect(
      ledger.reconcile([ask({ key: 'pair', reset: true }), ask({ key: 'other', delta: 2 ** 40 })]),
    ).rejects.toThrow()
    expect(await ledger.reconcile([ask({ key: 'pair' })])).toEqual([{ count: 3, granted: 0 }])
  })

  it('counts the live instances by heartbeat and forgets one that left', async () => {
    const [a, b] = (await ledgers(2)) as [PostgresLimitLedger, PostgresLimitLedger]
    // The test core's own instance is live too.
    const before = await a.heartbeat()
    expect(await b.heartbeat()).toBe(before + 1)
    await b.leave()
    expect(await a.heartbeat()).toBe(before)
  })

  it('prunes windows that ended', async () => {
    const [ledger] = (await ledgers(1)) as [PostgresLimitLedger]
    await ledger.reconcile([ask({ key: 'old', windowEnd: 1_000, delta: 1 }), ask({ key: 'new', delta: 1 })])
    await ledger.prune(2_000)
    expect(await ledger.reconcile([ask({ key: 'old', windowEnd: 1_000 }), ask({ key: 'new' })])).toEqual([
      { count: 0, granted: 0 },
      { count: 1, granted: 0 },
    ])
  })
})
