import type { SharedLimits } from '@tokens/core/server'
import { describe, expect, it } from 'vitest'
import { refuseWaitingAttempt } from './refuse-attempt.js'

const sharedLimits = { nextRound: () => Promise.resolve() } as unknown as SharedLimits

describe('refuseWaitingAttempt', () => {
  it('refuses at once with the wait, counted in one process', () => {
    expect(() => refuseWaitingAttempt(1, null, () => 0)).toThrow(
      expect.objectContaining({ code: 'TooManyAttempts', params: { retryAfter: 1 } }),
    )
  })

  it('lets a 1 s wait on shared limits through when the next reconciliation grants more', async () => {
    await expect(refuseWaitingAttempt(1, sharedLimits, () => 0)).resolves.toBeUndefined()
  })

  it('refuses a 1 s wait on shared limits with the wait that remains after the next reconciliation', async () => {
    await expect(refuseWaitingAttempt(1, sharedLimits, () => 2)).rejects.toMatchObject({
      code: 'TooManyAttempts',
      params: { retryAfter: 2 },
    })
  })

  it('refuses a longer wait on shared limits without waiting for a reconciliation', () => {
    expect(() => refuseWaitingAttempt(30, sharedLimits, () => 0)).toThrow(
      expect.objectContaining({ code: 'TooManyAttempts', params: { retryAfter: 30 } }),
    )
  })
})
