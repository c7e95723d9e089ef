import { describe, expect, it } from 'vitest'
import type { LimitTake } from '../core-contract.js'
import type { LedgerAnswer, LedgerAsk, LimitLedger } from './limit-ledger.js'
import { overdraftAllowance, PRUNE_AFTER_MS, ReconciledLimits } from './shared-limits.js'

/** The PostgreSQL ledger's arithmetic (postgres-limit-ledger.ts) over a map, with the instances that joined it. */
class MemoryLedger {
  readonly rows = new Map<string, number>()
  readonly asked: LedgerAsk[][] = []
  live = 0
  failing = false
  pruneFails = false
  readonly prunedBefore: number[] = []

  instance(): LimitLedger {
    this.live += 1
    return {
      reconcile: async (asks) => {
        if (this.failing) throw Object.assign(new Error('connection refused'), { code: 'ECONNREFUSED' })
        this.asked.push([...asks])
        return asks.map((ask): LedgerAnswer => {
          const id = `${ask.key} ${ask.windowStart}`
          const base = Math.max(0, (ask.reset ? 0 : (this.rows.get(id) ?? 0)) + ask.delta)
          const granted = Math.min(ask.want, Math.max(0, ask.cap - base))
          this.rows.set(id, base + granted)
          return { count: base + granted, granted }
        })
      },
      heartbeat: async () => {
        if (this.failing) throw new Error('connection refused')
        return this.live
      },
      prune: async (before) => {
        if (this.pruneFails) throw new Error('deadlock detected')
        this.prunedBefore.push(before)
      },
      leave: async () => {
        this.live -= 1
      },
    }
  }
}

const HOUR = 3_600_000
const DIGEST_KEY = Buffer.alloc(32, 7)

function instances(count: number, clock: { now: number }, ledger = new MemoryLedger()) {
  const all = Array.from(
    { length: count },
    () => new ReconciledLimits({ ledger: ledger.instance(), now: () => clock.now, digestKey: DIGEST_KEY }),
  )
  return { ledger, all }
}

/** The only instance on a ledger, its clock at the start of an hour. */
function oneInstanceAtHour() {
  const clock = { now: HOUR }
  const { ledger, all } = instances(1, clock)
  const [only] = all as [ReconciledLimits]
  return { clock, ledger, only }
}

/** Two instances on one ledger, their clock at the start of an hour. */
function twoInstancesAtHour() {
  const clock = { now: HOUR }
  const { ledger, all } = instances(2, clock)
  const [a, b] = all as [ReconciledLimits, ReconciledLimits]
  return { clock, ledger, a, b }
}

/** The only instance, holding a grant for one key: one failure counted, two more granted (the ledger holds 3). */
async function oneInstanceHoldingAGrant(limit: number) {
  const { ledger, only } = oneInstanceAtHour()
  const pair = only.counters('pair', HOUR)
  pair.add('someone', limit)
  await only.reconcile()
  return { ledger, only, pair }
}

/** Settles a take that waits for a round by running rounds until it does. */
async function settle(take: LimitTake | Promise<LimitTake>, limits: ReconciledLimits): Promise<LimitTake> {
  if (!(take instanceof Promise)) return take
  let answer: LimitTake | undefined
  void take.then((value) => (answer = value))
  while (answer === undefined) await limits.reconcile()
  return answer
}

describe('limits reconciled across instances', () => {
  it('counts exactly like one process while it is the only live instance, and refuses until the window ends', async () => {
    const clock = { now: 10 * HOUR + 1_000 }
    const { all } = instances(1, clock)
    const [only] = all as [ReconciledLimits]
    await only.reconcile()
    const rate = only.counters('rate', HOUR)
    const takes = [rate.take('tok', 3), rate.take('tok', 3), rate.take('tok', 3), rate.take('tok', 3)]
    expect(takes).toEqual([
      { counted: true, count: 1, secondsLeft: 3_599 },
      { counted: true, count: 2, secondsLeft: 3_599 },
      { counted: true, count: 3, secondsLeft: 3_599 },
      { counted: false, count: 3, secondsLeft: 3_599 },
    ])
    await only.reconcile()
    expect(rate.count('tok')).toBe(3)
    clock.now += 3_599_000
    expect(rate.take('tok', 3)).toMatchObject({ counted: true, count: 1 })
  })

  it('writes only keyed digests of the keys, named by the limit', async () => {
    const { ledger, only } = oneInstanceAtHour()
    only.counters('login.email', HOUR).add('someone@example.test', 10)
    await only.reconcile()
    const keys = ledger.asked.flat().map((ask) => ask.key)
    expect(keys).toHaveLength(1)
    expect(keys[0]).toMatch(/^login\.email:[A-Za-z0-9_-]{32}$/)
    expect(JSON.stringify(ledger.asked)).not.toContain('someone')
  })

  it('shares one count among instances: what one counted, another refuses once the limit is reached', async () => {
    const { a, b } = twoInstancesAtHour()
    await Promise.all([a.reconcile(), b.reconcile()])
    const onA = a.counters('sid', HOUR)
    const onB = b.counters('sid', HOUR)
    for (let i = 0; i < 10; i++) {
      onA.add('TKsid', 10)
      await a.reconcile()
    }
    await b.reconcile()
    onB.add('TKsid', 10) // B had not seen the key: its first unit is its overdraft.
    await b.reconcile()
    expect(onB.retryAfter('TKsid', 10)).toBeGreaterThan(1)
    expect(onB.count('TKsid')).toBe(11)
  })

  it('gives each instance an overdraft allowance of limit / (40 × live instances), at least one, unlimited alone', () => {
    expect(overdraftAllowance(100, 1)).toBe(Number.POSITIVE_INFINITY)
    expect(overdraftAllowance(100, 2)).toBe(1)
    expect(overdraftAllowance(1_000, 2)).toBe(12)
    expect(overdraftAllowance(1_000, 3)).toBe(8)
    expect(overdraftAllowance(10, 3)).toBe(1)
  })

  it('makes a request beyond the allowance wait for the next round instead of refusing it, then counts it from the grant', async () => {
    const { a } = twoInstancesAtHour()
    await a.reconcile()
    expect(a.liveInstances).toBe(2)
    const rate = a.counters('rate', HOUR)
    expect(rate.take('tok', 100)).toMatchObject({ counted: true, count: 1 })
    const waiting = rate.take('tok', 100)
    expect(waiting).toBeInstanceOf(Promise)
    await a.reconcile()
    expect(await waiting).toMatchObject({ counted: true })
    // The grant (twice the demand) serves the next request at once.
    expect(rate.take('tok', 100)).toMatchObject({ counted: true })
  })

  it('makes a request that arrives while a round is in flight wait for the round after it, which asks for it', async () => {
    const { a } = twoInstancesAtHour()
    await a.reconcile()
    const rate = a.counters('rate', HOUR)
    rate.take('tok', 100) // the overdraft allowance (1)
    const before = rate.take('tok', 100)
    const inFlight = a.reconcile()
    // More than the grant the in-flight round brings (twice the 2 asked for before it) and the allowance.
    const during = Array.from({ length: 8 }, () => rate.take('tok', 100))
    let settled = 0
    for (const take of during) void Promise.resolve(take).then(() => settled++)
    await inFlight
    expect(await before).toMatchObject({ counted: true })
    await a.reconcile()
    expect(settled).toBe(8)
    expect(await Promise.all(during)).toEqual(during.map(() => expect.objectContaining({ counted: true })))
  })

  it.each([
    { live: 2, limit: 100 },
    { live: 3, limit: 100 },
    { live: 3, limit: 1_000 },
    { live: 5, limit: 10 },
  ])(
    'never lets $live instances together count more than the limit ($limit) + 2 × instances × allowance, under skewed rounds',
    async ({ live, limit }) => {
      const clock = { now: HOUR }
      const { ledger, all } = instances(live, clock)
      await Promise.all(all.map((limits) => limits.reconcile()))
      const counters = all.map((limits) => limits.counters('rate', HOUR))
      let counted = 0
      let refused = 0
      let seed = 42
      const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
      const pending: Promise<void>[] = []
      // Bursts of requests on random instances; each instance reconciles on its own schedule.
      for (let step = 0; step < 4 * limit + 200; step++) {
        const i = Math.floor(random() * live)
        const take = counters[i]!.take('tok', limit)
        const record = (t: LimitTake): void => {
          if (t.counted) counted++
          else refused++
        }
        if (take instanceof Promise) pending.push(take.then(record))
        else record(take)
        if (random() < 0.15) {
          // Half the rounds stay in flight while the next requests arrive, as they do on a server.
          const round = all[Math.floor(random() * live)]!.reconcile()
          if (random() < 0.5) await round
        }
        clock.now += 5
      }
      for (let round = 0; round < 3; round++) for (const limits of all) await limits.reconcile()
      await Promise.all(pending)
      const bound = 2 * live * overdraftAllowance(limit, live)
      const stored = [...ledger.rows.values()][0] ?? 0
      console.log(
        `[shared-limits] ${live} instances, limit ${limit}: counted ${counted} (bound ${limit + bound}), refused ${refused}, stored ${stored}`,
      )
      expect(counted).toBeLessThanOrEqual(limit + bound)
      // And the limit is usable: instances do not starve each other below it.
      expect(counted).toBeGreaterThanOrEqual(limit)
      expect(stored).toBe(counted)
    },
  )

  it('falls back to local counting when a round fails, logs it once without keys, and catches up when it works again', async () => {
    const clock = { now: HOUR }
    const ledger = new MemoryLedger()
    const logs: [string, string, Record<string, unknown>][] = []
    const logger = {
      log: (level: string, event: string, fields: Record<string, unknown>) =>
        logs.push([level, event, fields]),
    }
    const a = new ReconciledLimits({
      ledger: ledger.instance(),
      now: () => clock.now,
      digestKey: DIGEST_KEY,
      logger,
    })
    ledger.instance() // a second live instance: A has an overdraft allowance of 1 while healthy
    await a.reconcile()
    const rate = a.counters('rate', HOUR)
    ledger.failing = true
    rate.take('203.0.113.9', 100)
    await a.reconcile()
    await a.reconcile()
    // Local counting: no waiting, no refusal while the local count is under the limit.
    for (let i = 0; i < 20; i++) expect(rate.take('203.0.113.9', 100)).toMatchObject({ counted: true })
    expect(logs).toEqual([['warn', 'limits.reconcile_failed', { error: 'Error', code: 'ECONNREFUSED' }]])
    ledger.failing = false
    await a.reconcile()
    expect(logs[1]).toEqual(['info', 'limits.reconcile_recovered', { failedRounds: 2 }])
    // 21 counted, plus a grant of twice the 20 asked for since the last round that reached the ledger.
    expect([...ledger.rows.values()]).toEqual([21 + 40])
    expect(rate.count('203.0.113.9')).toBe(21)
  })

  it('covers units counted while a round was in flight with the grant it brings, so a throttle refuses at its limit', async () => {
    const { ledger, only } = oneInstanceAtHour()
    const address = only.counters('address', HOUR)
    address.add('203.0.113.1', 5)
    await only.reconcile() // 1 counted, 2 granted
    address.add('203.0.113.1', 5)
    address.add('203.0.113.1', 5)
    address.add('203.0.113.1', 5) // beyond the grant: unwritten
    const inFlight = only.reconcile() // writes it, and is granted 1 more (up to the limit)
    address.add('203.0.113.1', 5) // the fifth, counted while that round is in flight
    await inFlight
    expect(address.count('203.0.113.1')).toBe(5)
    expect(address.retryAfter('203.0.113.1', 5)).toBeGreaterThan(1)
    await only.reconcile()
    expect([...ledger.rows.values()]).toEqual([5])
  })

  it('counts a grant as given back while the round giving it back is in flight, so a check meanwhile is not refused early', async () => {
    const { ledger, only, pair } = await oneInstanceHoldingAGrant(3)
    const inFlight = only.reconcile() // idle: the grant goes back
    expect(pair.count('someone')).toBe(1)
    expect(pair.retryAfter('someone', 3)).toBe(0)
    await inFlight
    expect([...ledger.rows.values()]).toEqual([1])
    expect(pair.count('someone')).toBe(1)
  })

  it("keeps the grant given back when that round fails, and counts it as this instance's again", async () => {
    const { ledger, only, pair } = await oneInstanceHoldingAGrant(3)
    ledger.failing = true
    await only.reconcile() // the grant would go back: nothing is written
    expect(pair.count('someone')).toBe(1)
    ledger.failing = false
    pair.add('someone', 3)
    pair.add('someone', 3) // from the grant kept
    expect(pair.count('someone')).toBe(3)
    expect(pair.retryAfter('someone', 3)).toBeGreaterThan(1)
    await only.reconcile()
    expect([...ledger.rows.values()]).toEqual([3])
  })

  it('keeps a key forgotten while a round is in flight forgotten when that round answers, and wipes the shared count next round', async () => {
    const { ledger, only } = oneInstanceAtHour()
    const pair = only.counters('pair', HOUR)
    for (let i = 0; i < 3; i++) pair.add('someone 203.0.113.1', 3)
    const inFlight = only.reconcile() // writes the three failures
    pair.forget('someone 203.0.113.1') // the right password, meanwhile
    pair.add('someone 203.0.113.1', 3) // a failure after it
    await inFlight
    expect(pair.count('someone 203.0.113.1')).toBe(1)
    expect(pair.retryAfter('someone 203.0.113.1', 3)).toBe(0)
    await only.reconcile() // the reset, the failure after it, and a grant of 2 for the key in use
    expect(pair.count('someone 203.0.113.1')).toBe(1)
    await only.reconcile() // idle: the grant goes back
    expect([...ledger.rows.values()]).toEqual([1])
  })

  it('keeps a key forgotten while a failing round is in flight forgotten, and resets it once a round works', async () => {
    const { ledger, only, pair } = await oneInstanceHoldingAGrant(5)
    ledger.failing = true
    const inFlight = only.reconcile() // idle: the grant would go back
    pair.forget('someone')
    await inFlight
    expect(pair.count('someone')).toBe(0)
    ledger.failing = false
    await only.reconcile()
    expect([...ledger.rows.values()]).toEqual([0])
    for (let i = 0; i < 5; i++) pair.add('someone', 5)
    expect(pair.retryAfter('someone', 5)).toBeGreaterThan(1)
  })

  it('prunes only windows that ended an hour ago: one an instance with its clock minutes behind still counts in stays', async () => {
    const { clock, ledger, only } = oneInstanceAtHour()
    only.counters('rate', HOUR).take('tok', 3)
    await only.reconcile()
    expect(ledger.prunedBefore).toEqual([HOUR - PRUNE_AFTER_MS])
    expect(PRUNE_AFTER_MS).toBeGreaterThanOrEqual(HOUR)
    clock.now += 20_000
    await only.reconcile()
    expect(ledger.prunedBefore.at(-1)).toBe(clock.now - PRUNE_AFTER_MS)
  })

  it('keeps what a round wrote when only the pruning after it fails (no grant given back twice)', async () => {
    const { clock, ledger, only } = oneInstanceAtHour()
    const rate = only.counters('rate', HOUR)
    ledger.pruneFails = true
    expect(rate.take('tok', 3)).toMatchObject({ counted: true })
    await only.reconcile() // granted 2 in advance
    clock.now += 10_000
    await only.reconcile() // idle: the grant goes back, then the pruning fails
    expect([...ledger.rows.values()]).toEqual([1])
    const counted = [rate.take('tok', 3), rate.take('tok', 3), rate.take('tok', 3)].map(
      (take) => (take as LimitTake).counted,
    )
    expect(counted).toEqual([true, true, false])
  })

  it('forgets a key on every instance, including one that never counted it', async () => {
    const { a, b } = twoInstancesAtHour()
    const onA = a.counters('email', HOUR)
    for (let i = 0; i < 3; i++) onA.add('someone', 3)
    await a.reconcile()
    expect(onA.retryAfter('someone', 3)).toBeGreaterThan(1)
    b.counters('email', HOUR).forget('someone')
    await b.reconcile()
    await a.reconcile()
    expect(onA.retryAfter('someone', 3)).toBe(0)
    expect(onA.count('someone')).toBe(0)
  })

  it('gives back an unused grant when a key went idle, so other instances can use it', async () => {
    const { ledger, a, b } = twoInstancesAtHour()
    await Promise.all([a.reconcile(), b.reconcile()])
    const onA = a.counters('rate', HOUR)
    for (let i = 0; i < 5; i++) await settle(onA.take('tok', 10), a)
    await a.reconcile() // A holds a grant for more
    expect([...ledger.rows.values()][0]).toBe(10)
    await a.reconcile() // idle: given back
    expect([...ledger.rows.values()][0]).toBe(5)
    const onB = b.counters('rate', HOUR)
    let counted = 0
    for (let i = 0; i < 8; i++) if ((await settle(onB.take('tok', 10), b)).counted) counted++
    expect(counted).toBe(5)
  })

  it('settles nextRound after a round that collected what was counted before the call, so a check can wait for its grant', async () => {
    const { a } = twoInstancesAtHour()
    await a.reconcile()
    const sid = a.counters('sid', HOUR)
    sid.add('TKsid', 10)
    expect(sid.retryAfter('TKsid', 10)).toBe(1)
    const inFlight = a.reconcile()
    sid.add('TKsid', 10) // counted while that round is in flight: the round after it grants for it
    let settled = false
    const waiting = a.nextRound().then(() => (settled = true))
    await inFlight
    expect(settled).toBe(false)
    await a.reconcile()
    await waiting
    expect(sid.retryAfter('TKsid', 10)).toBe(0)
  })

  it('joins the closing round when asked to reconcile during close, so nothing pending is written twice', async () => {
    const { ledger, only } = oneInstanceAtHour()
    const pair = only.counters('pair', HOUR)
    for (let i = 0; i < 3; i++) pair.add('someone', 10)
    const closing = only.close()
    const asked = only.reconcile()
    await Promise.all([closing, asked])
    expect([...ledger.rows.values()]).toEqual([3])
  })

  it('writes what is pending and gives every grant back on close', async () => {
    const { ledger, only } = oneInstanceAtHour()
    const rate = only.counters('rate', HOUR)
    rate.take('tok', 50)
    await only.reconcile()
    rate.take('tok', 50)
    await only.close()
    expect([...ledger.rows.values()]).toEqual([2])
    expect(ledger.live).toBe(0)
  })
})
