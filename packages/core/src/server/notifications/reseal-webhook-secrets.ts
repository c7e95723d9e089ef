import type { Keyring } from '../crypto/keyring.js'
import { sealedKeyId, sealSecret, tryOpenSealedSecret } from '../crypto/seal-secret.js'
import { runInTransaction } from '../database/run-in-transaction.js'
import type { Db } from '../database/schema.js'
import type { CoreLogger } from '../core-logger.js'
import { webhookSecretBinding } from './webhook-service.js'

/**
 * Re-seals every webhook signing secret under the keyring's current key (master-key rotation):
 * the secret itself stays the same, so receivers keep verifying. One transaction; webhooks are few.
 * A secret that opens under none of the keys is left as it is, logged and answered (by webhook id).
 */
export async function resealWebhookSecrets(options: {
  db: Db
  keyring: Keyring
  logger?: CoreLogger | undefined
}): Promise<{ resealed: number; unreadable: string[] }> {
  const { db, keyring, logger } = options
  return runInTransaction(db, async (trx) => {
    const rows = await trx
      .selectFrom('webhooks')
      .select(['id', 'account_id', 'sealed_secret'])
      .orderBy('id')
      .execute()
    let resealed = 0
    const unreadable: string[] = []
    for (const row of rows) {
      if (sealedKeyId(row.sealed_secret) === keyring.current.keyId) continue
      const opened = tryOpenSealedSecret(keyring, row.sealed_secret, webhookSecretBinding(row.id))
      if (!opened.ok) {
        logger?.log('error', 'key.rotate.webhook_unreadable', {
          webhookId: row.id,
          accountId: row.account_id,
          reason: opened.reason,
        })
        unreadable.push(row.id)
        continue
      }
      await trx
        .updateTable('webhooks')
        .set({ sealed_secret: sealSecret(keyring, opened.secret, webhookSecretBinding(row.id)) })
        .where('id', '=', row.id)
        .execute()
      resealed++
    }
    return { resealed, unreadable }
  })
}
