import type { Keyring } from '../crypto/keyring.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { issueSecret, type IssuedSecret } from './issue-credential.js'

/**
 * Gives a token a new secret at once: the old one stops verifying as the transaction commits.
 * What a manager's Reset (scoped and legacy) and the leak response for a legacy credential do;
 * the caller has named the SID to its token write and records the audit event.
 */
export async function resetSecret(
  trx: Executor,
  keyring: Keyring,
  row: Pick<TokensTable, 'id' | 'sid'>,
  at: string,
): Promise<IssuedSecret> {
  const secret = issueSecret(keyring, row.id, row.sid)
  await trx
    .updateTable('tokens')
    .set({
      secret_digest: secret.secretDigest,
      sealed_secret: secret.sealedSecret,
      reset_at: at,
      updated_at: at,
    })
    .where('id', '=', row.id)
    .execute()
  return secret
}
