import type { Keyring } from '../crypto/keyring.js'
import { tokenBinding, tryOpenSealedSecret } from '../crypto/seal-secret.js'
import type { Executor, TokensTable } from '../database/schema.js'
import { tokenHashOf } from './token-hash.js'

/**
 * Remembers the previous secret of `row` (as it was before the leak response changed it), which
 * that response has just ended while it still worked: a later report holding it, or the same report
 * sent again after failing midway, then finds it here and records it as the token's leak instead
 * of answering `false_positive` for a secret that was ours. Kept until the token is deleted.
 */
export async function rememberLeakEndedSecret(
  trx: Executor,
  keyring: Keyring,
  row: TokensTable,
): Promise<void> {
  if (row.rotation_old_sealed_secret === null) return
  const opened = tryOpenSealedSecret(keyring, row.rotation_old_sealed_secret, tokenBinding(row.id, row.sid))
  // A copy that does not open cannot be named; the leak response itself must still go through.
  if (!opened.ok) return
  await trx
    .insertInto('leak_ended_secrets')
    .values({ token_hash: tokenHashOf(opened.secret), token_id: row.id })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute()
}
