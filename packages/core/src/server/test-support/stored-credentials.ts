import { createKeyring } from '../crypto/keyring.js'
import { decodeDigest, digestSecret, digestsEqual } from '../crypto/secret-digest.js'
import { openSealedSecret, tokenBinding } from '../crypto/seal-secret.js'
import type { Db } from '../database/schema.js'

export interface StoredCredential {
  tokenId: string
  /** The auth token the sealed copy opens to. */
  authToken: string
  /** Whether the stored digest is the digest of exactly that auth token. */
  digestAgrees: boolean
}

/** Opens every stored token (or the named ones) with the master key and checks its digest against it. */
export async function readStoredCredentials(
  db: Db,
  masterKey: string,
  tokenIds?: readonly string[],
): Promise<StoredCredential[]> {
  const keyring = createKeyring(Buffer.from(masterKey, 'base64'))
  let query = db.selectFrom('tokens').select(['id', 'sid', 'secret_digest', 'sealed_secret']).orderBy('id')
  if (tokenIds) query = query.where('id', 'in', tokenIds.length > 0 ? [...tokenIds] : [''])
  const rows = await query.execute()
  return rows.map((row) => {
    const authToken = openSealedSecret(keyring, row.sealed_secret, tokenBinding(row.id, row.sid))
    return {
      tokenId: row.id,
      authToken,
      digestAgrees: digestsEqual(
        digestSecret(keyring.current.digestKey, authToken),
        decodeDigest(row.secret_digest),
      ),
    }
  })
}

/** A sealed value with one ciphertext bit flipped (decoded and re-encoded, so the change is never lost in base64 padding). */
function tamperedSealedValue(sealed: string): string {
  const parts = sealed.split('.')
  const body = Buffer.from(parts[3] ?? '', 'base64url')
  body[0] = (body[0] ?? 0) ^ 0x01
  return [...parts.slice(0, 3), body.toString('base64url')].join('.')
}

/**
 * Flips one ciphertext bit of a token's stored sealed secret, as disk or database corruption
 * would. Answers the stored value before and after.
 */
export async function tamperWithStoredSecret(
  db: Db,
  tokenId: string,
): Promise<{ before: string; after: string }> {
  const { sealed_secret: before } = await db
    .selectFrom('tokens')
    .select('sealed_secret')
    .where('id', '=', tokenId)
    .executeTakeFirstOrThrow()
  const after = tamperedSealedValue(before)
  await db.updateTable('tokens').set({ sealed_secret: after }).where('id', '=', tokenId).execute()
  return { before, after }
}
