import type { TokenState } from '../../tokens/token-schemas.js'

/** A token's state as answered: `expired` once its expiry has passed, whatever is stored; else the stored state. */
export function tokenStateAt(stored: TokenState, expiresAt: string | null, now: Date): TokenState {
  return expiresAt !== null && Date.parse(expiresAt) <= now.getTime() ? 'expired' : stored
}
