import { sql } from 'kysely'
import type { DatabaseDialectName } from '../database/open-database.js'
import type { Db } from '../database/schema.js'
import { deriveKeys } from './keyring.js'
import { SEALED_KEY_ID_SQL, sealedKeyId } from './seal-secret.js'
import { startStepSync } from '../start-step-error.js'
import { loadOrCreateKeyFile, MasterKeyError, type ConfiguredMasterKey } from './master-key.js'
import { forgetEndedRotation, rotationMarker } from '../key-rotation/rotation-marker.js'

/** One sealed value stored in `table` under key id `keyId` (any key when undefined), or undefined. */
async function firstSealed(
  db: Db,
  table: 'tokens' | 'webhooks',
  keyId?: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom(table)
    .select('sealed_secret')
    .$if(keyId !== undefined, (query) =>
      query.where(sql.raw<string>(SEALED_KEY_ID_SQL), '=', keyId as string),
    )
    .limit(1)
    .executeTakeFirst()
  return row?.sealed_secret
}

/** A stored sealed value, from the auth tokens or the webhook signing secrets. */
async function anySealed(db: Db, keyId?: string): Promise<string | undefined> {
  return (await firstSealed(db, 'tokens', keyId)) ?? (await firstSealed(db, 'webhooks', keyId))
}

const keyIdOf = (sealed: string) => sealedKeyId(sealed) ?? 'unknown'

/**
 * The master key the core runs with, checked against what the database holds, at start. A key
 * under which none of the stored sealed values was sealed (a forgotten TOKENS_MASTER_KEY, a stale
 * or foreign master.key) would give a healthy-looking server on which no credential verifies, and
 * new tokens sealed under a throwaway key: it is refused, naming where the key came from and the
 * key id the values need, never the key. A new key file is made only for a SQLite database that
 * holds no sealed value. Cheap: with the right key the first row matches (LIMIT 1 queries).
 */
export async function settleMasterKey(
  db: Db,
  configured: ConfiguredMasterKey,
  dataDir: string,
  dialect: DatabaseDialectName,
): Promise<Buffer> {
  const rotation = await rotationMarker(db)
  if (rotation?.unreadable === null) {
    throw new MasterKeyError(
      `A master-key rotation to key id ${rotation.toKeyId} has not finished (interrupted, or refused because an instance served meanwhile): the stored credentials are sealed under two keys, and an instance with either one alone would refuse some of them. Stop every instance and run rotate-master-key again with the same keys; it completes what is left`,
    )
  }
  if (rotation !== undefined) {
    if (configured.key === undefined || deriveKeys(configured.key).keyId !== rotation.toKeyId) {
      throw new MasterKeyError(
        `The master-key rotation to key id ${rotation.toKeyId} ended with ${rotation.unreadable} credential(s) it could not open (exit code 3), and every other one is sealed under that key: start with it (move the rotation's OUT.new to the key file, or set TOKENS_MASTER_KEY to it) and reset those credentials, or run rotate-master-key again with the old key that opens them`,
      )
    }
    // The operator moved to the new key: what the rotation could not open is theirs to reset.
    await forgetEndedRotation(db, rotation.toKeyId)
  }
  if (configured.key === undefined) {
    const stored = await anySealed(db)
    if (stored !== undefined) {
      throw new MasterKeyError(
        `No master key: TOKENS_MASTER_KEY is unset and ${configured.source} does not exist, but the database holds credentials sealed under key id ${keyIdOf(stored)}; set TOKENS_MASTER_KEY or put back the key file with that key (a new key would open none of them)`,
      )
    }
    // A PostgreSQL database is shared by instances: each making a key file of its own on a new
    // database would seal under its own key, all of them starting "ready", each refusing the
    // others' credentials (and a start check finds nothing to compare until something is sealed).
    if (dialect === 'postgres') {
      throw new MasterKeyError(
        `No master key: TOKENS_MASTER_KEY is unset and ${configured.source} does not exist. On PostgreSQL the server makes no key of its own, as every instance sharing the database must run with the same one: set TOKENS_MASTER_KEY to the same value on every instance (openssl rand -base64 32)`,
      )
    }
    // A failure here is DATA_DIR's (say EACCES on PostgreSQL), not the database's.
    return startStepSync('keyFile', 'dataDir', () => loadOrCreateKeyFile(dataDir))
  }
  const { keyId } = deriveKeys(configured.key)
  if ((await anySealed(db, keyId)) !== undefined) return configured.key
  const stored = await anySealed(db)
  if (stored === undefined) return configured.key
  throw new MasterKeyError(
    `The master key from ${configured.source} (key id ${keyId}) opens none of the stored credentials, sealed under key id ${keyIdOf(stored)}: start with the key they were sealed under (a stale or mistyped TOKENS_MASTER_KEY, or a master.key from another installation?)`,
  )
}
