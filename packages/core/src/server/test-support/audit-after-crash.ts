import { expect } from 'vitest'

/** A token change a crash test saw done before the kill; `at` is its audit event's time where known. */
export interface ReportedTokenChange {
  op: 'create' | 'reset'
  tokenId: string
  at?: string | undefined
}

/**
 * A token that survived the crash. `resetAt` is when its secret was last reset: the stored reset
 * time (null when never reset), or where only the token's last change is known (the admin API's
 * updatedAt), that time, with `createdAt` what it reads when the token was never reset.
 */
export interface CommittedToken {
  id: string
  resetAt: string | null
  createdAt?: string
}

/** A token.create or token.reset audit event read back after the crash. */
export interface CommittedTokenEvent {
  action: string
  tokenId: string | null
  at: string
}

/**
 * The audit trail agrees with what committed before a kill -9: each token has exactly its one
 * create event and no event names a token that did not commit; a token's latest reset event is its
 * last reset; every change reported as done has its event; and at most `extraAtMost` events (the
 * changes in flight at the kill) are more than the reported changes.
 */
export function expectAuditMatchesCommitted(
  tokens: readonly CommittedToken[],
  events: readonly CommittedTokenEvent[],
  reported: readonly ReportedTokenChange[],
  extraAtMost: number,
): void {
  const creates = events.filter((event) => event.action === 'token.create').map((event) => event.tokenId)
  expect([...creates].sort()).toEqual(tokens.map((token) => token.id).sort())
  for (const token of tokens) {
    const resets = events
      .filter((event) => event.action === 'token.reset' && event.tokenId === token.id)
      .map((event) => event.at)
      .sort()
    expect(resets.at(-1) ?? token.createdAt ?? null, token.id).toBe(token.resetAt)
  }
  for (const change of reported) {
    const match = events.find(
      (event) =>
        event.tokenId === change.tokenId &&
        event.action === `token.${change.op}` &&
        (change.at === undefined || event.at === change.at),
    )
    expect(match, `${change.op} of ${change.tokenId}`).toBeDefined()
  }
  const extra = events.length - reported.length
  expect(extra).toBeGreaterThanOrEqual(0)
  expect(extra).toBeLessThanOrEqual(extraAtMost)
}
