import type { CredentialCheckResult } from '@tokens/core'
import { isApiError } from '../../api/api-error'

/** What the check page says about a pasted string, from the API's answer. */
export type CredentialCheckAnswer =
  { kind: 'token'; tokenId: string } | { kind: 'legacy' } | { kind: 'not-yours' } | { kind: 'unknown' }

/** A credential of this account without a token id is one of its legacy credentials (the API names scoped tokens only). */
export function credentialCheckAnswerOf(result: CredentialCheckResult): CredentialCheckAnswer {
  switch (result.match) {
    case 'this-account':
      return result.tokenId ? { kind: 'token', tokenId: result.tokenId } : { kind: 'legacy' }
    case 'not-yours':
      return { kind: 'not-yours' }
    case 'unknown':
      return { kind: 'unknown' }
  }
}

const MINUTE = 60

/**
 * How long a throttled user waits before the next check (429): the server's Retry-After rounded up
 * to whole minutes, at least one, so "wait 0 minutes" is never said; null for any other failure.
 */
export function checkWaitSecondsOf(failure: unknown): number | null {
  if (!isApiError(failure) || failure.status !== 429) return null
  const seconds = Number(failure.params['retryAfter'])
  const minutes = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds / MINUTE) : 1
  return minutes * MINUTE
}
