import type { ActorContext, VerifiedCredential } from '../core-contract.js'

/**
 * The actor of a request authenticated with a credential: its account, and the token with the
 * scopes and rate limit it was verified with, which bound what it may grant (require-delegable.ts).
 */
export function tokenActorOf(credential: VerifiedCredential, ip: string | null): ActorContext {
  return {
    accountId: credential.accountId,
    actor: {
      type: 'token',
      tokenId: credential.tokenId,
      scopes: credential.scopes,
      rateLimitPerHour: credential.rateLimitPerHour,
      retiringSecret: credential.rotationSecret === 'old',
      expiresAtMs: credential.expiresAtMs,
      secretDigest: credential.secretDigest,
    },
    ip,
  }
}
