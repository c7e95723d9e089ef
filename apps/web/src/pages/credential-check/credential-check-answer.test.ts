import { describe, expect, it } from 'vitest'
import { ApiError } from '../../api/api-error'
import { checkWaitSecondsOf, credentialCheckAnswerOf } from './credential-check-answer'

describe('credentialCheckAnswerOf', () => {
  it.each([
    { result: { match: 'this-account', tokenId: 'tok_1' }, answer: { kind: 'token', tokenId: 'tok_1' } },
    { result: { match: 'this-account' }, answer: { kind: 'legacy' } },
    { result: { match: 'not-yours' }, answer: { kind: 'not-yours' } },
    { result: { match: 'unknown' }, answer: { kind: 'unknown' } },
  ] as const)('answers $answer.kind for $result.match', ({ result, answer }) => {
    expect(credentialCheckAnswerOf(result)).toEqual(answer)
  })
})

describe('checkWaitSecondsOf', () => {
  it('rounds the Retry-After of a 429 up to whole minutes, at least one', () => {
    expect(checkWaitSecondsOf(new ApiError(429, 'TooManyAttempts', '', { retryAfter: 61 }))).toBe(120)
    expect(checkWaitSecondsOf(new ApiError(429, 'TooManyAttempts', '', { retryAfter: '5' }))).toBe(60)
    expect(checkWaitSecondsOf(new ApiError(429, 'TooManyAttempts'))).toBe(60)
  })

  it('is null for any other failure', () => {
    expect(checkWaitSecondsOf(new ApiError(400, 'ValidationFailed'))).toBeNull()
    expect(checkWaitSecondsOf(new Error('offline'))).toBeNull()
  })
})
