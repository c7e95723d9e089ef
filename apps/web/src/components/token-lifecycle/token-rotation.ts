import type { RotateTokenInput } from '@tokens/core'

const HOUR = 3_600
const DAY = 86_400

/** Overlaps offered by the rotate dialog, within the core's 1 hour to 7 days. */
export const ROTATION_OVERLAPS = [HOUR, 6 * HOUR, DAY, 3 * DAY, 7 * DAY] as const
/** Quiet periods offered for "end when traffic confirms". */
export const ROTATION_QUIET_PERIODS = [15 * 60, 30 * 60, HOUR, 6 * HOUR] as const

export interface RotationDraft {
  overlapSeconds: number
  confirmByTraffic: boolean
  quietSeconds: number
}

export function defaultRotationDraft(): RotationDraft {
  return { overlapSeconds: DAY, confirmByTraffic: false, quietSeconds: 30 * 60 }
}

/** The body of POST /api/tokens/:id/rotate for a draft. */
export function rotateRequestOf(draft: RotationDraft): RotateTokenInput {
  return {
    overlapSeconds: draft.overlapSeconds,
    ...(draft.confirmByTraffic ? { confirmByTraffic: { quietSeconds: draft.quietSeconds } } : {}),
  }
}

/** A duration as the largest whole unit a person would say ("6 hours", "30 minutes", "7 days"). */
export function durationParts(seconds: number): { value: number; unit: 'day' | 'hour' | 'minute' } {
  if (seconds % DAY === 0) return { value: seconds / DAY, unit: 'day' }
  if (seconds % HOUR === 0) return { value: seconds / HOUR, unit: 'hour' }
  return { value: Math.round(seconds / 60), unit: 'minute' }
}
