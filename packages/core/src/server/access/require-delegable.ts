import { RATE_LIMIT_DEFAULT } from '../../tokens/token-schemas.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import type { ActorContext } from '../core-contract.js'
import { requireTokenManager } from './require-token-manager.js'

/** What a token grants whoever holds its credential. */
export interface TokenAccess {
  scopes: readonly string[]
  rateLimitPerHour: number
  /** When that access ends (ISO), null when never. */
  expiresAt: string | null
}

/**
 * The delegation rule (docs/SECURITY.md, "Delegation"): an integration acting with a token grants,
 * or acts on, only access it holds itself, so every scope of `access` must be among its own
 * (else DelegationExceedsScopes naming those it lacks), the rate limit no higher than its own
 * (else DelegationExceedsRateLimit) and, when it expires, ending no later than it does (else
 * DelegationExceedsExpiry). Users are bounded by their role and the catalog instead.
 */
export function requireDelegable(context: ActorContext, access: TokenAccess): void {
  const { actor } = context
  if (actor.type !== 'token') return
  const lacking = access.scopes.filter((scope) => !actor.scopes.has(scope))
  if (lacking.length > 0) {
    throw new TokenConsoleError('DelegationExceedsScopes', {
      scopes: lacking.join(', '),
      count: lacking.length,
    })
  }
  if (access.rateLimitPerHour > actor.rateLimitPerHour) {
    throw new TokenConsoleError('DelegationExceedsRateLimit', {
      rateLimitPerHour: access.rateLimitPerHour,
      limit: actor.rateLimitPerHour,
    })
  }
  // A token that expires hands out nothing that outlives it (a 24-hour token minting a lasting one).
  if (
    actor.expiresAtMs !== null &&
    (access.expiresAt === null || Date.parse(access.expiresAt) > actor.expiresAtMs)
  ) {
    throw new TokenConsoleError('DelegationExceedsExpiry', {
      expiresAt: new Date(actor.expiresAtMs).toISOString(),
    })
  }
}

/**
 * A token's scopes and rate limit are set by someone else: acting on itself, an integration may
 * change its name or contacts but neither of those (OwnAccessImmutable). Sending them unchanged is
 * not a change.
 */
export function requireOwnAccessUnchanged(
  context: ActorContext,
  tokenId: string,
  before: TokenAccess,
  after: TokenAccess,
): void {
  if (context.actor.type !== 'token' || context.actor.tokenId !== tokenId) return
  const kept = new Set(before.scopes)
  const sameScopes = after.scopes.length === kept.size && after.scopes.every((scope) => kept.has(scope))
  if (!sameScopes || after.rateLimitPerHour !== before.rateLimitPerHour)
    throw new TokenConsoleError('OwnAccessImmutable')
}

/**
 * The rate limit of a new token when none is asked for: the product's default, and for a token
 * created by a token at most that token's own, so leaving the field out never exceeds it.
 */
export function defaultRateLimitOf(context: ActorContext): number {
  return context.actor.type === 'token'
    ? Math.min(RATE_LIMIT_DEFAULT, context.actor.rateLimitPerHour)
    : RATE_LIMIT_DEFAULT
}

/**
 * A secret being retired by a rotation keeps the integration's calls working during the overlap,
 * but manages no token: with it a leaked previous secret (the leak response "rotate") could reset
 * its own token, end the rotation and lock the owner's new secret out, or mint a lasting copy.
 * Checks the manager's role first (`requireTokenManager`): every write and reveal needs both.
 */
export function requireManagingSecret(context: ActorContext): void {
  requireTokenManager(context)
  if (context.actor.type === 'token' && context.actor.retiringSecret) {
    throw new TokenConsoleError('RetiringSecretCannotManage')
  }
}

/** Whether the actor is the token itself: resetting or renaming itself is never a grant. */
export function actsOnItself(context: ActorContext, tokenId: string): boolean {
  return context.actor.type === 'token' && context.actor.tokenId === tokenId
}
