import { createHmac } from 'node:crypto'
import type { CoreLogger, LimitTake, SharedLimits, SharedWindowCounters } from '../core-contract.js'
import type { LedgerAnswer, LedgerAsk, LimitLedger } from './limit-ledger.js'

export const LIMIT_RECONCILE_INTERVAL_MS = 100
/** Heartbeats every this many rounds; an instance silent for LIVE_WITHIN_MS no longer counts. */
const HEARTBEAT_EVERY_ROUNDS = 5
/**
 * Windows are dropped from the database this long after they ended, checked every PRUNE_EVERY_MS.
 * Each instance cuts windows and prunes on its own clock: an hour of margin keeps an instance whose
 * clock runs ahead from deleting a window another, its clock behind, is still counting in.
 */
export const PRUNE_AFTER_MS = 3_600_000
const PRUNE_EVERY_MS = 10_000
/** Keys held per counters; past it, ended windows go first, then the oldest (forgetting is safe). */
const MAX_KEYS = 100_000
/**
 * With several instances live, each may count at most limit / (OVERDRAFT_DIVISOR × instances)
 * units per reconciliation beyond what the ledger granted it: the overshoot bound's constant.
 */
export const OVERDRAFT_DIVISOR = 40

/** Ungranted units an instance may count per reconciliation for a key of this limit. */
export function overdraftAllowance(limit: number, liveInstances: number): number {
  if (liveInstances <= 1) return Number.POSITIVE_INFINITY
  return Math.max(1, Math.floor(limit / (OVERDRAFT_DIVISOR * liveInstances)))
}

/** One key's window as this instance knows it. */
interface Entry {
  readonly sharedKey: string
  windowStart: number
  windowEnd: number
  limit: number
  /** The shared count at the last reconciliation: every instance's counted and granted units. */
  known: number
  /** Units the ledger granted this instance and it has not counted yet. */
  lease: number
  /** Units counted here without a grant, not yet written. */
  pending: number
  /** Of those, units counted since the last reconciliation (capped by the overdraft allowance). */
  overdrawn: number
  /** Units asked for since the last reconciliation (counted, refused or waiting). */
  demand: number
  reset: boolean
  /** Refused since the last reconciliation: keep its shared count fresh (a reset elsewhere). */
  touched: boolean
  waiters: (() => void)[] | undefined
}

/** What a round sent for one entry, to apply the answer (or undo on failure). */
interface Sent {
  entry: Entry
  ask: LedgerAsk
  pending: number
  released: number
}

export interface SharedLimitsOptions {
  ledger: LimitLedger
  /** The clock of the windows (tests inject one). */
  now: () => number
  /** Key of the keyed digests that name keys in the ledger. */
  digestKey: Buffer
  intervalMs?: number | undefined
  logger?: CoreLogger | undefined
}

/**
 * Limits shared by the instances on one database. Each instance counts in memory and, every
 * interval, reconciles every active key in one batched write: it adds what it counted beyond its
 * grant, gives back a grant it no longer uses, and asks for a new grant (twice its demand of the
 * last interval), which the database gives only within the limit. Without a grant an instance may
 * count a few units alone (the overdraft allowance) and then waits for the next round; that
 * allowance is what the limit can be exceeded by. If a round fails, counting goes on locally (the
 * last shared count plus this instance's units) until one succeeds. docs/SECURITY.md,
 * "Limits across instances", states the bound.
 */
export class ReconciledLimits implements SharedLimits {
  readonly #ledger: LimitLedger
  readonly #now: () => number
  readonly #intervalMs: number
  readonly #logger: CoreLogger | undefined
  readonly #keyDigest: Buffer
  readonly #counters = new Map<string, WindowCounters>()
  #live = 1
  #healthy = true
  #failedRounds = 0
  #rounds = 0
  #lastPrune = Number.NEGATIVE_INFINITY
  #timer: NodeJS.Timeout | undefined
  #round: Promise<void> | undefined
  #closed = false
  #roundWaiters: (() => void)[] = []

  constructor(options: SharedLimitsOptions) {
    this.#ledger = options.ledger
    this.#now = options.now
    this.#intervalMs = options.intervalMs ?? LIMIT_RECONCILE_INTERVAL_MS
    this.#logger = options.logger
    // A key of its own, so a counter's name in the table cannot be matched with a token digest.
    this.#keyDigest = createHmac('sha256', options.digestKey).update('tokens/limits/v1').digest()
  }

  /**
   * Joins the live instances (so the overdraft allowance is right from the first request), then
   * reconciles every interval. Resolves whether that first heartbeat was written.
   */
  async start(): Promise<boolean> {
    let joined = false
    try {
      this.#live = await this.#ledger.heartbeat()
      joined = true
    } catch (error) {
      this.#failed(error)
    }
    this.#timer = setInterval(() => void this.reconcile(), this.#intervalMs)
    this.#timer.unref()
    return joined
  }

  counters(name: string, windowMs: number): SharedWindowCounters {
    const id = `${name}/${windowMs}`
    let counters = this.#counters.get(id)
    if (!counters) {
      counters = new WindowCounters(this, name, windowMs, this.#now)
      this.#counters.set(id, counters)
    }
    return counters
  }

  /** Instances live at the last heartbeat. */
  get liveInstances(): number {
    return this.#live
  }

  /** Ungranted units one key may count here per round; unlimited while alone or while the ledger fails. */
  allowance(limit: number): number {
    // Closed, no round will come to wait for: count alone (only requests still in flight at a stop).
    return this.#healthy && !this.#closed ? overdraftAllowance(limit, this.#live) : Number.POSITIVE_INFINITY
  }

  digestOf(name: string, key: string): string {
    return `${name}:${createHmac('sha256', this.#keyDigest).update(key).digest('base64url').slice(0, 32)}`
  }

  /** One round (the timer calls it; tests call it directly). A round still running is joined, not doubled; once closed, the last round is. */
  reconcile(): Promise<void> {
    if (this.#closed) return this.#round ?? Promise.resolve()
    this.#round ??= this.#runRound().finally(() => {
      this.#round = undefined
    })
    return this.#round
  }

  async #runRound(releaseAll = false): Promise<void> {
    const now = this.#now()
    // Those waiting from before this round's asks are collected: it is the round they wait for.
    const waiters = this.#roundWaiters
    this.#roundWaiters = []
    const sent: Sent[] = []
    for (const counters of this.#counters.values()) counters.collect(now, sent, waiters, releaseAll)
    sent.sort((a, b) =>
      a.ask.key < b.ask.key ? -1 : a.ask.key > b.ask.key ? 1 : a.ask.windowStart - b.ask.windowStart,
    )
    try {
      let answers: LedgerAnswer[]
      try {
        if (this.#rounds++ % HEARTBEAT_EVERY_ROUNDS === 0 && !releaseAll)
          this.#live = await this.#ledger.heartbeat()
        answers = sent.length > 0 ? await this.#ledger.reconcile(sent.map((s) => s.ask)) : []
      } catch (error) {
        // Nothing was written: undone, and counted alone until a round succeeds.
        for (const s of sent) undo(s)
        this.#failed(error)
        return
      }
      sent.forEach((s, i) => applyAnswer(s, answers[i]))
      if (now - this.#lastPrune >= PRUNE_EVERY_MS) {
        this.#lastPrune = now
        // Written and applied already: a failed prune must not undo them (it is tried again later).
        await this.#ledger.prune(now - PRUNE_AFTER_MS).catch(() => undefined)
      }
      this.#recovered()
    } finally {
      for (const wake of waiters) wake()
    }
  }

  /** Settles after the next round; at once when closed (no round will come). */
  nextRound(): Promise<void> {
    if (this.#closed) return Promise.resolve()
    return new Promise((resolve) => this.#roundWaiters.push(resolve))
  }

  #failed(error: unknown): void {
    this.#failedRounds++
    if (!this.#healthy) return
    this.#healthy = false
    // Once per outage, not every interval; facts only (a key could name an address).
    this.#logger?.log('warn', 'limits.reconcile_failed', {
      error: error instanceof Error ? error.name : 'unknown',
      code: error instanceof Error && 'code' in error ? String(error.code) : null,
    })
  }

  #recovered(): void {
    if (this.#healthy) return
    this.#healthy = true
    this.#logger?.log('info', 'limits.reconcile_recovered', { failedRounds: this.#failedRounds })
    this.#failedRounds = 0
  }

  /** Writes what is pending and gives back every grant, then leaves the live instances. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    await this.#round
    // Held as the round in flight, so a reconcile() meanwhile joins it: rounds never overlap (each carries what is pending).
    this.#round = this.#runRound(true)
    await this.#round
    try {
      await this.#ledger.leave()
    } catch {
      // Its heartbeat stops anyway: the others stop counting it within seconds.
    }
  }
}

function applyAnswer(s: Sent, answer: LedgerAnswer | undefined): void {
  const { entry } = s
  // The window may have ended while the round ran: the answer is about a window nobody counts in now.
  if (!answer || entry.windowStart !== s.ask.windowStart) return
  // A forget() during the round: the answer is the count before it, and the units it wrote or
  // granted are wiped by the reset the next round sends. What was counted since stays pending.
  if (entry.reset) return
  entry.pending -= s.pending
  entry.known = answer.count
  entry.lease += answer.granted
  entry.overdrawn = 0
  cover(entry)
}

/**
 * Units counted without a grant while a round was in flight take the grant the instance holds
 * after it: they are counted in the database already (as granted), and a grant held beside
 * unwritten units would let a check pass at the limit.
 */
function cover(entry: Entry): void {
  const covered = Math.min(entry.lease, entry.pending)
  entry.lease -= covered
  entry.pending -= covered
}

function undo(s: Sent): void {
  const { entry } = s
  // A forget() during the round already dropped the grant, and its reset is still to do.
  if (entry.windowStart !== s.ask.windowStart || entry.reset) return
  // Nothing was written: the grant given back is still this instance's, the reset still to do.
  entry.lease += s.released
  entry.known += s.released
  cover(entry)
  if (s.ask.reset) entry.reset = true
}

function secondsUntil(end: number, now: number): number {
  return Math.max(1, Math.ceil((end - now) / 1_000))
}

/** The counters of one limit name and window length (SharedWindowCounters). */
class WindowCounters implements SharedWindowCounters {
  readonly #entries = new Map<string, Entry>()

  readonly #limits: ReconciledLimits
  readonly #name: string
  readonly #windowMs: number
  readonly #now: () => number

  constructor(limits: ReconciledLimits, name: string, windowMs: number, now: () => number) {
    this.#limits = limits
    this.#name = name
    this.#windowMs = windowMs
    this.#now = now
  }

  take(key: string, limit: number): LimitTake | Promise<LimitTake> {
    const now = this.#now()
    const entry = this.#entryOf(key, limit, now)
    entry.demand += 1
    return this.#decide(key, entry, limit, now, true)
  }

  #decide(
    key: string,
    entry: Entry,
    limit: number,
    now: number,
    mayWait: boolean,
  ): LimitTake | Promise<LimitTake> {
    if (entry.lease > 0) {
      entry.lease -= 1
      return { counted: true, count: countOf(entry), secondsLeft: secondsUntil(entry.windowEnd, now) }
    }
    if (entry.known + entry.pending >= limit) {
      entry.touched = true
      return { counted: false, count: countOf(entry), secondsLeft: secondsUntil(entry.windowEnd, now) }
    }
    if (entry.overdrawn < this.#limits.allowance(limit)) {
      entry.pending += 1
      entry.overdrawn += 1
      return { counted: true, count: countOf(entry), secondsLeft: secondsUntil(entry.windowEnd, now) }
    }
    if (!mayWait) return { counted: false, count: countOf(entry), secondsLeft: 1 }
    return new Promise<LimitTake>((resolve) => {
      ;(entry.waiters ??= []).push(() => {
        const later = this.#now()
        resolve(this.#decide(key, this.#entryOf(key, limit, later), limit, later, false))
      })
    })
  }

  retryAfter(key: string, limit: number): number {
    // Checked on every authenticated request: a key that never counted costs a map lookup, nothing more.
    const entry = this.#entries.get(key)
    if (entry === undefined || entry.lease > 0) return 0
    const now = this.#now()
    if (entry.windowEnd <= now) return 0
    if (entry.known + entry.pending >= limit) {
      entry.touched = true
      return secondsUntil(entry.windowEnd, now)
    }
    return entry.overdrawn < this.#limits.allowance(limit) ? 0 : 1
  }

  add(key: string, limit: number): void {
    const entry = this.#entryOf(key, limit, this.#now())
    entry.demand += 1
    if (entry.lease > 0) entry.lease -= 1
    else {
      entry.pending += 1
      entry.overdrawn += 1
    }
  }

  count(key: string): number {
    const entry = this.#entries.get(key)
    return entry !== undefined && entry.windowEnd > this.#now() ? countOf(entry) : 0
  }

  forget(key: string): void {
    // Also for a key this instance never counted: another instance may have.
    const entry = this.#entryOf(key, 0, this.#now())
    entry.known = 0
    entry.lease = 0
    entry.pending = 0
    entry.overdrawn = 0
    entry.reset = true
  }

  /** The key's entry in the current window, opened (or started again) when it has none. */
  #entryOf(key: string, limit: number, now: number): Entry {
    let entry = this.#entries.get(key)
    if (entry !== undefined && entry.windowEnd > now) {
      if (limit > 0) entry.limit = limit
      return entry
    }
    const windowStart = now - (now % this.#windowMs)
    if (entry === undefined) {
      entry = {
        sharedKey: this.#limits.digestOf(this.#name, key),
        windowStart,
        windowEnd: windowStart + this.#windowMs,
        limit,
        known: 0,
        lease: 0,
        pending: 0,
        overdrawn: 0,
        demand: 0,
        reset: false,
        touched: false,
        waiters: undefined,
      }
      this.#entries.set(key, entry)
      if (this.#entries.size > MAX_KEYS) this.#shrink(now)
    } else {
      // A new window: what was counted or granted in the last one no longer matters.
      Object.assign(entry, { windowStart, windowEnd: windowStart + this.#windowMs, known: 0, lease: 0 })
      Object.assign(entry, { pending: 0, overdrawn: 0, demand: 0, reset: false, touched: false })
      if (limit > 0) entry.limit = limit
    }
    return entry
  }

  #shrink(now: number): void {
    for (const [key, entry] of this.#entries)
      if (entry.windowEnd <= now && !entry.waiters) this.#entries.delete(key)
    const target = Math.floor(MAX_KEYS * 0.9)
    for (const [key, entry] of this.#entries) {
      if (this.#entries.size <= target) break
      if (!entry.waiters) this.#entries.delete(key)
    }
  }

  /**
   * Adds this counters' asks to the round: every key with something to write, ask or learn. The
   * requests waiting now are woken after this round (which asks for them); later ones wait for the next.
   */
  collect(now: number, sent: Sent[], woken: (() => void)[], releaseAll: boolean): void {
    for (const [key, entry] of this.#entries) {
      const waiting = entry.waiters?.length ?? 0
      if (entry.waiters) {
        for (const wake of entry.waiters) woken.push(wake)
        entry.waiters = undefined
      }
      if (entry.windowEnd <= now) {
        this.#entries.delete(key)
        continue
      }
      const active = entry.demand > 0 || waiting > 0
      // A key used since the last round keeps its grant and tops it up to twice that use; an idle one gives it back.
      const released = releaseAll || !active ? entry.lease : 0
      const target = releaseAll || !active ? 0 : 2 * entry.demand + waiting
      const want = Math.max(0, target - (entry.lease - released))
      const delta = entry.pending - released
      if (delta === 0 && want === 0 && !entry.reset && !entry.touched) continue
      // Given back from now on: a check while the round is in flight must not see those units as
      // counted (known still holding them, the lease no longer).
      entry.lease -= released
      entry.known -= released
      sent.push({
        entry,
        pending: entry.pending,
        released,
        ask: {
          key: entry.sharedKey,
          windowStart: entry.windowStart,
          windowEnd: entry.windowEnd,
          delta,
          want,
          cap: entry.limit,
          reset: entry.reset,
        },
      })
      entry.reset = false
      entry.touched = false
      entry.demand = 0
    }
  }
}

/** The units counted in the entry's window, as far as this instance knows: shared, minus its unused grant, plus its unwritten. */
function countOf(entry: Entry): number {
  return entry.known - entry.lease + entry.pending
}
