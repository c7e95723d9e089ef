import { TokenConsoleError } from '../../errors/error-codes.js'
import { sealedKeyId, tokenBinding, tryOpenSealedSecret } from '../crypto/seal-secret.js'
import type { TokensTable } from '../database/schema.js'
import type { TokenServiceDeps } from './token-service-deps.js'

/**
 * The stored auth token of a row, for re-display. A sealed copy that does not open (tampered
 * bytes, a wrong or rotated-away master key) fails closed with one generic error for the caller,
 * and the operator learns which row and why through the logger, never anything secret.
 */
export function revealSealedSecret(
  deps: Pick<TokenServiceDeps, 'keyring' | 'logger'>,
  row: TokensTable,
): string {
  const opened = tryOpenSealedSecret(deps.keyring, row.sealed_secret, tokenBinding(row.id, row.sid))
  if (opened.ok) return opened.secret
  deps.logger?.log('error', 'credential.unavailable', {
    tokenId: row.id,
    accountId: row.account_id,
    reason: opened.reason,
    keyId: sealedKeyId(row.sealed_secret) ?? null,
    currentKeyId: deps.keyring.current.keyId,
  })
  throw new TokenConsoleError('CredentialUnavailable')
}
