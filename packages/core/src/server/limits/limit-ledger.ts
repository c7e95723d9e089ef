/** What one reconciliation asks of the shared ledger for one counter (one key in one window). */
export interface LedgerAsk {
  /** `<limit name>:<keyed digest>`: never an address, e-mail or SID in the clear. */
  key: string
  windowStart: number
  windowEnd: number
  /** Units counted here beyond a grant, minus unused granted units given back. */
  delta: number
  /** Units to grant this instance in advance; the ledger grants at most what `cap` leaves. */
  want: number
  /** The limit of the key's window. */
  cap: number
  /** Start the shared count again from zero before applying `delta` (a forgotten key). */
  reset: boolean
}

/** The ledger's answer to one ask: the shared count after it, and the units granted. */
export interface LedgerAnswer {
  count: number
  granted: number
}

/**
 * Where instances reconcile their counts (PostgreSQL: postgres-limit-ledger.ts). Every call is one
 * batched round trip, made by the reconciliation timer, never by a request.
 */
export interface LimitLedger {
  /** Applies every ask in one batch; answers in the same order. */
  reconcile(asks: readonly LedgerAsk[]): Promise<LedgerAnswer[]>
  /** Records this instance as live; answers how many instances are live, this one included. */
  heartbeat(): Promise<number>
  /** Drops windows that ended before `before` (epoch ms) and instances long silent. */
  prune(before: number): Promise<void>
  /** Removes this instance from the live ones (on close). */
  leave(): Promise<void>
}
