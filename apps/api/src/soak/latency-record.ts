/** Latencies and failures of one kind of request over a run. */
export class LatencyRecord {
  readonly #ms: number[] = []
  errors = 0

  add(ms: number): void {
    this.#ms.push(ms)
  }

  get count(): number {
    return this.#ms.length
  }

  /** The nearest-rank percentile (0 < p ≤ 100) of what was added, 0 when nothing was. */
  percentile(p: number): number {
    if (this.#ms.length === 0) return 0
    const sorted = Float64Array.from(this.#ms).sort()
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
  }

  /** Everything of several records as one, for the overall figures. */
  static merged(records: Iterable<LatencyRecord>): LatencyRecord {
    const all = new LatencyRecord()
    for (const record of records) {
      for (const ms of record.#ms) all.add(ms)
      all.errors += record.errors
    }
    return all
  }
}
