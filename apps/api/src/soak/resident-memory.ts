import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** Resident set size of a process in bytes: /proc on Linux, `ps` elsewhere. */
export function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]
    if (kib) return Number(kib) * 1024
  } catch {
    // no /proc: fall through to ps
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`
}

export interface ResidentMemoryFigures {
  /** Median RSS over the first window after the warm-up. */
  start: number
  /** Median RSS over the last window before the stop. */
  end: number
  warmUpSeconds: number
  windowSeconds: number
  samples: number[]
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0
}

/**
 * Samples a process's RSS over a run of `runMs`. Start and end are medians over a window each, not
 * single readings: a heap that the garbage collector has not yet shrunk swings RSS by tens of
 * megabytes from one second to the next, which says nothing about growth. The warm-up (10 % of
 * the run, at most 30 s) is left out: code being compiled and pools filling are not a leak.
 */
export function sampleResidentMemory(pid: number, runMs: number): { stop(): ResidentMemoryFigures } {
  const warmUpMs = Math.min(30_000, runMs / 10)
  const windowMs = Math.min(60_000, runMs / 5)
  const intervalMs = Math.min(5_000, windowMs / 4)
  const started = Date.now()
  const samples: { at: number; bytes: number }[] = []
  const timer = setInterval(
    () => samples.push({ at: Date.now() - started, bytes: residentBytes(pid) }),
    intervalMs,
  )
  return {
    stop() {
      clearInterval(timer)
      const stoppedAt = Date.now() - started
      const within = (from: number, to: number) =>
        samples.filter((sample) => sample.at >= from && sample.at <= to).map((sample) => sample.bytes)
      return {
        start: median(within(warmUpMs, warmUpMs + windowMs)),
        end: median(within(stoppedAt - windowMs, stoppedAt)),
        warmUpSeconds: warmUpMs / 1_000,
        windowSeconds: windowMs / 1_000,
        samples: samples.map((sample) => sample.bytes),
      }
    },
  }
}
