import type { RotationEnding, RotationView } from '../../lifecycle/lifecycle-schemas.js'
import type { TokensTable } from '../database/schema.js'

/** The rotation columns of a token row, times as epoch ms: what verification keeps in its cache too. */
export interface RotationTimes {
  startedAtMs: number
  endsAtMs: number
  quietMs: number | null
  oldLastUsedAtMs: number | null
  newLastUsedAtMs: number | null
}

const msOf = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso))

export function rotationTimesOf(row: TokensTable): RotationTimes | null {
  if (row.rotation_started_at === null || row.rotation_ends_at === null || row.rotation_old_digest === null)
    return null
  return {
    startedAtMs: Date.parse(row.rotation_started_at),
    endsAtMs: Date.parse(row.rotation_ends_at),
    quietMs: row.rotation_quiet_seconds === null ? null : row.rotation_quiet_seconds * 1_000,
    oldLastUsedAtMs: msOf(row.rotation_old_last_used_at),
    newLastUsedAtMs: msOf(row.rotation_new_last_used_at),
  }
}

/**
 * When a rotation ends on its own: when its overlap runs out, or, with traffic confirmation, once
 * the new secret was used and the old one then went unused for the quiet period (counted from the
 * later of the start and the old secret's last use), whichever comes first. A pure function of the
 * stored times, so every instance reaches the same answer and no job is needed for it to hold.
 */
export function rotationEndOf(times: RotationTimes): {
  atMs: number
  how: Extract<RotationEnding, 'time' | 'traffic'>
} {
  if (times.quietMs !== null && times.newLastUsedAtMs !== null) {
    const quietSince = Math.max(times.startedAtMs, times.oldLastUsedAtMs ?? times.startedAtMs)
    const confirmedAtMs = Math.max(quietSince + times.quietMs, times.newLastUsedAtMs)
    if (confirmedAtMs < times.endsAtMs) return { atMs: confirmedAtMs, how: 'traffic' }
  }
  return { atMs: times.endsAtMs, how: 'time' }
}

/** The previous secret still verifies at `nowMs`. */
export function isRotationOpen(times: RotationTimes | null, nowMs: number): times is RotationTimes {
  return times !== null && nowMs < rotationEndOf(times).atMs
}

/** The rotation as token JSON shows it: null when none is in progress at `now` (an ended one not yet cleaned up included). */
export function rotationViewOf(row: TokensTable, now: Date): RotationView | null {
  const times = rotationTimesOf(row)
  if (!isRotationOpen(times, now.getTime())) return null
  return {
    startedAt: row.rotation_started_at as string,
    endsAt: row.rotation_ends_at as string,
    confirmByTraffic:
      row.rotation_quiet_seconds === null ? null : { quietSeconds: row.rotation_quiet_seconds },
    oldLastUsedAt: row.rotation_old_last_used_at,
    newLastUsedAt: row.rotation_new_last_used_at,
  }
}

/** The row's columns that clear a rotation, ended or not. */
export const NO_ROTATION = {
  rotation_started_at: null,
  rotation_ends_at: null,
  rotation_quiet_seconds: null,
  rotation_old_digest: null,
  rotation_old_sealed_secret: null,
  rotation_old_last_used_at: null,
  rotation_new_last_used_at: null,
} as const
