import { recordSystemEvent } from '../audit/record-audit-event.js'
import type { CoreLogger } from '../core-logger.js'
import { createKeyring, deriveKeys, type Keyring } from '../crypto/keyring.js'
import { parseMasterKey } from '../crypto/master-key.js'
import { digestSecret, encodeDigest } from '../crypto/secret-digest.js'
import { sealedKeyId, sealSecret, tokenBinding, tryOpenSealedSecret } from '../crypto/seal-secret.js'
import type SqliteDatabase from 'better-sqlite3'
import { sql } from 'kysely'
import { openDatabase, type DatabaseDialectName } from '../database/open-database.js'
import { runInTransaction } from '../database/run-in-transaction.js'
import { runMigrations } from '../database/run-migrations.js'
import { markRotationEnded, markRotationUnderway } from './rotation-marker.js'
import { holdSqliteExclusively } from '../database/sqlite-exclusive-use.js'
import type { Db } from '../database/schema.js'
import { countLiveInstances, LIVE_WITHIN_MS } from '../limits/postgres-limit-ledger.js'
import { resealWebhookSecrets } from '../notifications/reseal-webhook-secrets.js'
import { LISTENER_APPLICATION_NAME } from '../verification/token-change-feed.js'
import { tryRotationLock, type HeldRotationLock } from './rotation-lock.js'
import { countSealedValuesByKeyId } from './stored-key-ids.js'

export const ROTATION_BATCH_SIZE = 200
/**
 * Beyond LIVE_WITHIN_MS, how long a heartbeat still counts as a serving instance for the rotation:
 * an instance heartbeats every few hundred milliseconds, but one under load or retrying a failed
 * round may be late, and a stopped instance that could not say so only delays the rotation.
 */
const ROTATION_LIVE_MARGIN_MS = 3_000

/**
 * The old key opens none of the sealed values still to re-seal: a wrong or stale old key (e.g. a
 * TOKENS_MASTER_KEY left over from an earlier rotation). Going on would re-seal nothing and, in
 * the command, replace the only key that opens them; so nothing is changed.
 */
export class OldKeyOpensNothingError extends Error {
  constructor(
    readonly oldKeyIds: readonly string[],
    /** Key ids the values still to re-seal are sealed under. */
    readonly storedKeyIds: readonly string[],
    readonly count: number,
  ) {
    super(
      `The old key (id ${oldKeyIds.join(', ')}) opens none of the ${count} stored credential(s) still to re-seal, sealed under key id ${storedKeyIds.join(', ')}; nothing was changed`,
    )
    this.name = 'OldKeyOpensNothingError'
  }
}

export interface RotationResult {
  /** Id of the new key, as it appears in sealed values (not the key). */
  toKeyId: string
  /** Ids of the keys secrets were sealed under before. */
  fromKeyIds: string[]
  resealed: number
  /** Tokens already under the new key: an interrupted rotation being completed. */
  alreadyCurrent: number
  /** Tokens whose sealed copy opens under none of the given keys; left as they are. */
  unreadable: string[]
  /** Webhooks whose signing secret opens under none of the given keys; left as they are. */
  unreadableWebhooks: string[]
}

export interface ResealOptions {
  db: Db
  dialect: DatabaseDialectName
  /** The new key is current; the old ones (usually one) open what is stored now. */
  keyring: Keyring
  now: () => Date
  batchSize?: number
  logger?: CoreLogger | undefined
}

/**
 * Re-seals every stored auth token under the keyring's current key and re-digests it with the
 * current digest key, one transaction per batch of tokens (in id order), each batch audited per
 * account as `key.rotate` with key ids and counts only. Rows already under the current key are
 * skipped, so an interrupted rotation completes by running it again with the same keys.
 */
export async function resealAllTokens(options: ResealOptions): Promise<RotationResult> {
  const { db, keyring, now, logger } = options
  const batchSize = options.batchSize ?? ROTATION_BATCH_SIZE
  const toKeyId = keyring.current.keyId
  const result: RotationResult = {
    toKeyId,
    fromKeyIds: [],
    resealed: 0,
    alreadyCurrent: 0,
    unreadable: [],
    unreadableWebhooks: [],
  }
  const fromKeyIds = new Set<string>()
  let after = ''
  for (;;) {
    const rows = await runInTransaction(db, async (trx) => {
      const batch = await trx
        .selectFrom('tokens')
        .select(['id', 'sid', 'account_id', 'sealed_secret', 'rotation_old_sealed_secret'])
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize)
        .$if(options.dialect === 'postgres', (query) => query.forUpdate())
        .execute()
      const perAccount = new Map<string, { count: number; fromKeyIds: Set<string> }>()
      for (const row of batch) {
        const fromKeyId = sealedKeyId(row.sealed_secret)
        if (fromKeyId === toKeyId) {
          result.alreadyCurrent++
          continue
        }
        const binding = tokenBinding(row.id, row.sid)
        const opened = tryOpenSealedSecret(keyring, row.sealed_secret, binding)
        if (!opened.ok) {
          result.unreadable.push(row.id)
          logger?.log('error', 'key.rotate.unreadable', {
            tokenId: row.id,
            accountId: row.account_id,
            reason: opened.reason,
            keyId: fromKeyId ?? null,
          })
          continue
        }
        // A rotation's previous secret is re-digested too, or it would stop verifying under the new key.
        const previous =
          row.rotation_old_sealed_secret === null
            ? undefined
            : tryOpenSealedSecret(keyring, row.rotation_old_sealed_secret, binding)
        await trx
          .updateTable('tokens')
          .set({
            secret_digest: encodeDigest(digestSecret(keyring.current.digestKey, opened.secret)),
            sealed_secret: sealSecret(keyring, opened.secret, binding),
            ...(previous?.ok
              ? {
                  rotation_old_digest: encodeDigest(digestSecret(keyring.current.digestKey, previous.secret)),
                  rotation_old_sealed_secret: sealSecret(keyring, previous.secret, binding),
                }
              : {}),
          })
          .where('id', '=', row.id)
          .execute()
        const account = perAccount.get(row.account_id) ?? { count: 0, fromKeyIds: new Set<string>() }
        account.count++
        if (fromKeyId) account.fromKeyIds.add(fromKeyId)
        perAccount.set(row.account_id, account)
      }
      const at = now().toISOString()
      for (const [accountId, account] of perAccount) {
        for (const keyId of account.fromKeyIds) fromKeyIds.add(keyId)
        result.resealed += account.count
        await recordSystemEvent(trx, {
          accountId,
          action: 'key.rotate',
          tokenId: null,
          at,
          details: { toKeyId, fromKeyIds: [...account.fromKeyIds].sort(), tokenCount: account.count },
        })
      }
      return batch
    })
    const last = rows.at(-1)
    if (!last || rows.length < batchSize) break
    after = last.id
  }
  result.fromKeyIds = [...fromKeyIds].sort()
  logger?.log('info', 'key.rotate.done', {
    toKeyId,
    resealed: result.resealed,
    alreadyCurrent: result.alreadyCurrent,
    unreadable: result.unreadable.length,
  })
  return result
}

export interface RotateMasterKeyOptions {
  /** Where the SQLite database lives (unused with a PostgreSQL `databaseUrl`). */
  dataDir: string
  databaseUrl?: string | undefined
  /** The master key in use now (base64 of 32 bytes); several when completing an interrupted rotation to another key. */
  currentKeys: readonly string[]
  /** The master key to rotate to (base64 of 32 bytes). */
  newKey: string
  now?: () => Date
  batchSize?: number
  logger?: CoreLogger
  /**
   * Called (and awaited) once the old keys are known to open what is stored, before any row
   * changes (the command writes the new key file there: rows must never be sealed under an
   * unsaved key).
   */
  beforeChanges?: () => void | Promise<void>
}

/** Refuses old keys that open none of the sealed values not yet under the new key (by key id). */
async function refuseOldKeysThatOpenNothing(db: Db, newKeyId: string, oldKeyIds: readonly string[]) {
  const pending = [...(await countSealedValuesByKeyId(db))].filter(([keyId]) => keyId !== newKeyId)
  if (pending.length === 0 || pending.some(([keyId]) => oldKeyIds.includes(keyId))) return
  throw new OldKeyOpensNothingError(
    oldKeyIds,
    pending.map(([keyId]) => keyId).sort(),
    pending.reduce((sum, [, n]) => sum + n, 0),
  )
}

/**
 * A serving instance keeps the old key in memory and would seal new tokens under it. On
 * PostgreSQL the rotation first takes the rotation lock exclusively, for its whole run: refused
 * while an instance is starting (it holds the lock shared until it is visible below) or another
 * rotation runs, and no instance can start until it is released. Then it counts the instances
 * that serve: every one heartbeats in `limit_instances` through its pool (seen by the database's
 * clock), and a connected one also holds a change-listener connection; the listener alone misses
 * an instance whose listener is down or reconnecting, which serves all the same.
 */
async function holdPostgresWhileRotating(db: Db, databaseUrl: string): Promise<HeldRotationLock> {
  const lock = await tryRotationLock(databaseUrl, 'exclusive')
  if (lock === null) {
    throw new Error(
      'An instance is starting or another master-key rotation is running on this database; stop every instance (or wait for that rotation to finish) before rotating the master key',
    )
  }
  try {
    const running = await countServingInstances(db)
    if (running > 0) {
      throw new Error(
        `${running} instance(s) still serve this database; stop them before rotating the master key`,
      )
    }
    return lock
  } catch (error) {
    await lock.release()
    throw error
  }
}

/** Instances serving a PostgreSQL database: by heartbeat, or by change-listener connection (see above). */
async function countServingInstances(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
    where datname = current_database() and application_name = ${LISTENER_APPLICATION_NAME}`.execute(db)
  const listening = rows[0]?.n ?? 0
  const heartbeating = await countLiveInstances(db, LIVE_WITHIN_MS + ROTATION_LIVE_MARGIN_MS)
  return Math.max(listening, heartbeating)
}

/**
 * What would make the rotation end with credentials the new key cannot open: an instance that
 * served meanwhile (one cut off from the database longer than a heartbeat at the first check and
 * back since, with the old key in memory), a credential sealed under an old key after its batch
 * was re-sealed, or the rotation's own lock lost with its connection (an instance could then have
 * started). Checked once every row is re-sealed; the operator runs the rotation again with the
 * same keys once every instance is stopped, and it completes what is left.
 */
async function refuseDisturbedRotation(
  db: Db,
  lock: HeldRotationLock | undefined,
  newKeyId: string,
  unreadable: number,
): Promise<void> {
  const again = 'stop every instance and run the rotation again with the same keys: it completes what is left'
  if (lock !== undefined) {
    if (!(await lock.stillHeld())) {
      throw new Error(`The rotation lost its lock on the database (its connection closed); ${again}`)
    }
    const running = await countServingInstances(db)
    if (running > 0) {
      throw new Error(`${running} instance(s) began serving this database during the rotation; ${again}`)
    }
  }
  let pending = 0
  for (const [keyId, count] of await countSealedValuesByKeyId(db)) if (keyId !== newKeyId) pending += count
  if (pending > unreadable) {
    throw new Error(
      `${pending - unreadable} credential(s) were sealed under an old key while the rotation ran (an instance served this database); ${again}`,
    )
  }
}

/**
 * A serving instance keeps the old key in memory and would seal new tokens under it. On SQLite
 * the rotation takes the database for itself: refused while a process has it open, and held
 * exclusively until the rotation ends, so no server can start meanwhile.
 */
function holdWhileRotating(database: SqliteDatabase.Database): void {
  if (holdSqliteExclusively(database)) return
  const file = database.name
  database.close()
  throw new Error(
    `${file} is open in another process (a running server?); stop it before rotating the master key`,
  )
}

/**
 * Master-key rotation: opens the database, brings its schema up to date, re-seals and
 * re-digests every stored auth token under `newKey`, re-seals the webhook signing secrets, and closes. Run it while no instance
 * serves (instances hold the key in memory): it refuses while one does, and no instance starts
 * while it runs; afterwards they start with the new key only.
 * Credentials stay the same; only how they are stored changes.
 */
export async function rotateMasterKey(options: RotateMasterKeyOptions): Promise<RotationResult> {
  const newKey = parseMasterKey(options.newKey, 'the new master key')
  const currentKeys = options.currentKeys.map((key) => parseMasterKey(key, 'the current master key'))
  if (currentKeys.some((key) => key.equals(newKey))) {
    throw new Error('The new master key must differ from the current one')
  }
  const { db, dialect, databaseUrl } = await openDatabase({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    onSqliteConnection: holdWhileRotating,
    logger: options.logger,
  })
  let lock: HeldRotationLock | undefined
  try {
    if (dialect === 'postgres' && databaseUrl !== undefined) {
      lock = await holdPostgresWhileRotating(db, databaseUrl)
    }
    await runMigrations(db)
    const keyring = createKeyring(newKey, currentKeys)
    await refuseOldKeysThatOpenNothing(
      db,
      keyring.current.keyId,
      currentKeys.map((key) => deriveKeys(key).keyId),
    )
    await options.beforeChanges?.()
    const now = options.now ?? (() => new Date())
    await markRotationUnderway(db, keyring.current.keyId, now().toISOString())
    const result = await resealAllTokens({
      db,
      dialect,
      keyring,
      now,
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      logger: options.logger,
    })
    // Webhook signing secrets are sealed with the same key: their receivers keep the same secret.
    const webhooks = await resealWebhookSecrets({ db, keyring, logger: options.logger })
    options.logger?.log('info', 'key.rotate.webhooks', { resealed: webhooks.resealed })
    await refuseDisturbedRotation(
      db,
      lock,
      keyring.current.keyId,
      result.unreadable.length + webhooks.unreadable.length,
    )
    // Ended even with unreadable rows (exit 3): those open under no key the rotation was given; the
    // marker stays until an instance starts with the new key (or a run with the key that opens them).
    await markRotationEnded(db, keyring.current.keyId, result.unreadable.length + webhooks.unreadable.length)
    return { ...result, unreadableWebhooks: webhooks.unreadable }
  } finally {
    try {
      await lock?.release()
    } finally {
      await db.destroy()
    }
  }
}
