import type { TokenState } from './token-schemas.js'

/**
 * The state of a duplicate: what the user chose, else the source's, so a copy of a disabled token
 * never starts accepting requests unasked. Imports only a type, so no zod comes with it.
 */
export function duplicateStateOf(source: TokenState, choice: { enabled?: boolean | undefined }): TokenState {
  if (choice.enabled === undefined) return source
  return choice.enabled ? 'enabled' : 'disabled'
}
