import type { TokenState } from './token-schemas.js'

/**
 * The stored state of a duplicate: what the user chose, else enabled only when the source is, so a
 * copy of a disabled or expired token never starts accepting requests unasked (an expired source's
 * copy would otherwise be a working credential with no expiry). Imports only a type, so no zod
 * comes with it.
 */
export function duplicateStateOf(
  source: TokenState,
  choice: { enabled?: boolean | undefined },
): Exclude<TokenState, 'expired'> {
  if (choice.enabled === undefined) return source === 'enabled' ? 'enabled' : 'disabled'
  return choice.enabled ? 'enabled' : 'disabled'
}
