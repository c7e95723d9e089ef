/**
 * The durations every rule counts in. A day is 24 hours of UTC time, never a calendar day: token
 * expiry, retention, the unused-token policy and the usage windows all count whole days from an
 * instant, so daylight-saving changes cannot move them.
 */
export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

/** The instant `days` days before `now` (the cutoff of "more than `days` days ago"). */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS)
}

/** The instant `days` days after `now` (an expiry `days` days from now). */
export function daysAfter(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS)
}

/** Whole days from `at` to `now`; 0 for an instant in the future (a clock a little ahead). */
export function wholeDaysSince(at: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / DAY_MS))
}
