import { ROTATION_OVERLAP_MAX_SECONDS, ROTATION_OVERLAP_MIN_SECONDS, RotateTokenInput } from '@tokens/core'
import { describe, expect, it } from 'vitest'
import {
  defaultRotationDraft,
  durationParts,
  rotateRequestOf,
  ROTATION_OVERLAPS,
  ROTATION_QUIET_PERIODS,
} from './token-rotation'

describe('the rotate request', () => {
  it('sends only the overlap unless traffic is to confirm the switch', () => {
    expect(rotateRequestOf(defaultRotationDraft())).toEqual({ overlapSeconds: 86_400 })
    expect(rotateRequestOf({ overlapSeconds: 3_600, confirmByTraffic: true, quietSeconds: 1_800 })).toEqual({
      overlapSeconds: 3_600,
      confirmByTraffic: { quietSeconds: 1_800 },
    })
  })

  it('offers only overlaps and quiet periods the core accepts, from 1 hour to 7 days', () => {
    expect(ROTATION_OVERLAPS[0]).toBe(ROTATION_OVERLAP_MIN_SECONDS)
    expect(ROTATION_OVERLAPS.at(-1)).toBe(ROTATION_OVERLAP_MAX_SECONDS)
    for (const overlapSeconds of ROTATION_OVERLAPS) {
      for (const quietSeconds of ROTATION_QUIET_PERIODS) {
        const body = rotateRequestOf({ overlapSeconds, confirmByTraffic: true, quietSeconds })
        expect(RotateTokenInput.safeParse(body).success).toBe(true)
      }
    }
  })
})

describe('durations', () => {
  it.each([
    { seconds: 1_800, parts: { value: 30, unit: 'minute' } },
    { seconds: 21_600, parts: { value: 6, unit: 'hour' } },
    { seconds: 604_800, parts: { value: 7, unit: 'day' } },
  ])('says $seconds seconds in the largest whole unit', ({ seconds, parts }) => {
    expect(durationParts(seconds)).toEqual(parts)
  })
})
