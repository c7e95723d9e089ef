import type { UsageCounts, UsageRange } from './usage-schemas.js'
import { DAY_MS, daysBefore, HOUR_MS } from '../time/durations.js'

export interface UsageWindow {
  bucket: 'hour' | 'day'
  /** Start of the first bucket (inclusive) and end of the last (exclusive), ISO. */
  from: string
  to: string
  /** Each bucket's start, ISO, oldest first. */
  starts: string[]
}

const SHAPES: Record<UsageRange, { bucket: 'hour' | 'day'; count: number }> = {
  '24h': { bucket: 'hour', count: 24 },
  '7d': { bucket: 'hour', count: 7 * 24 },
  '30d': { bucket: 'day', count: 30 },
  '90d': { bucket: 'day', count: 90 },
}

/**
 * The buckets of a range ending with the current one (the current hour, or the current UTC day),
 * so the latest requests are always in the last bucket.
 */
export function usageWindow(range: UsageRange, now: Date): UsageWindow {
  const { bucket, count } = SHAPES[range]
  const size = bucket === 'hour' ? HOUR_MS : DAY_MS
  const ms = now.getTime()
  const end = ms - (ms % size) + size
  const starts = Array.from({ length: count }, (_, i) => new Date(end - (count - i) * size).toISOString())
  return { bucket, from: starts[0] as string, to: new Date(end).toISOString(), starts }
}

/** The hour bucket (ISO) in which a window of `days` days ending at `now` starts. */
export function hourBucketDaysBefore(now: Date, days: number): string {
  const ms = daysBefore(now, days).getTime()
  return new Date(ms - (ms % HOUR_MS)).toISOString()
}

/** The bucket an hour row falls in: itself, or its UTC day. */
export function bucketOfHour(hour: string, bucket: 'hour' | 'day'): string {
  return bucket === 'hour' ? hour : `${hour.slice(0, 10)}T00:00:00.000Z`
}

export function emptyUsageCounts(): UsageCounts {
  return { ok: 0, clientError: 0, refused: 0, rateLimited: 0, serverError: 0 }
}

export function totalOf(counts: UsageCounts): number {
  return counts.ok + counts.clientError + counts.refused + counts.rateLimited + counts.serverError
}
