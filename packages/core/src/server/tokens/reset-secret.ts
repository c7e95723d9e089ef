import type { Updateable } from 'kysely'
import type { Keyring } from '../crypto/keyring.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { issueSecret, type IssuedSecret } from './issue-credential.js'

/**
 * Issues a token a new secret and stores its digest and sealed copy with the other `columns` of
 * the change (a reset's time, a rotation's old digest); the one place a secret is replaced. The
 * caller has named the SID to its token write and records the audit event.
 */
export async function replaceSecret(
  trx: Executor,
  keyring: Keyring,
  row: Pick<TokensTable, 'id' | 'sid'>,
  columns: Updateable<TokensTable>,
): Promise<IssuedSecret> {
  const secret = issueSecret(keyring, row.id, row.sid)
  await trx
    .updateTable('tokens')
    .set({ ...columns, secret_digest: secret.secretDigest, sealed_secret: secret.sealedSecret })
    .where('id', '=', row.id)
    .execute()
  return secret
}

/**
 * Gives a token a new secret at once: the old one stops verifying as the transaction commits.
 * What a manager's Reset (scoped and legacy) and the leak response for a legacy credential do.
 */
export function resetSecret(
  trx: Executor,
  keyring: Keyring,
  row: Pick<TokensTable, 'id' | 'sid'>,
  at: string,
): Promise<IssuedSecret> {
  return replaceSecret(trx, keyring, row, { reset_at: at, updated_at: at })
}
