import type pg from 'pg'

/**
 * The PostgreSQL advisory lock (one bigint key, per database) that keeps master-key rotation and
 * instance start-up apart. A serving instance holds the old key in memory and seals new tokens
 * under it; on SQLite the rotation holds the database file exclusively, PostgreSQL has no such
 * thing. So the rotation takes this lock exclusively for its whole run, and an instance takes it
 * shared from before it checks its master key until it is visible to the rotation's check of
 * live instances: an instance either starts before the rotation (and is seen, so the rotation
 * refuses) or is refused while the rotation runs. The value is 'tokenrot' in ASCII, a key no
 * other code on the database uses.
 */
export const MASTER_KEY_ROTATION_LOCK = '8390042714203385716'

/** Why an instance on PostgreSQL does not start while the rotation holds the lock; names no key. */
export const ROTATION_RUNNING_MESSAGE =
  'A master-key rotation is running on this database; start again when it has finished'

const LOCK_APPLICATION_NAME = 'token-console-rotation-lock'
const CONNECT_TIMEOUT_MS = 5_000

/** A held rotation lock; `release` unlocks it and closes its connection (the lock goes with the session anyway). */
export interface HeldRotationLock {
  release(): Promise<void>
  /** Whether the session that took the lock is still there (the lock goes with it); false once released. */
  stillHeld(): Promise<boolean>
}

/**
 * Takes the rotation lock on a connection of its own (a pooled connection is shared and a
 * session-level lock must be released on the session that took it), without waiting: null when
 * it is held in a conflicting mode. Exclusive for the rotation, shared for a starting instance.
 */
export async function tryRotationLock(
  databaseUrl: string,
  mode: 'exclusive' | 'shared',
): Promise<HeldRotationLock | null> {
  const { default: pgModule } = await import('pg')
  const client: pg.Client = new pgModule.Client({
    connectionString: databaseUrl,
    application_name: LOCK_APPLICATION_NAME,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  })
  // A connection lost meanwhile must not end the process; the lock goes with it.
  client.on('error', () => {})
  const fn = mode === 'exclusive' ? 'pg_try_advisory_lock' : 'pg_try_advisory_lock_shared'
  let taken = false
  try {
    await client.connect()
    const { rows } = await client.query<{ taken: boolean }>(`select ${fn}($1::bigint) as taken`, [
      MASTER_KEY_ROTATION_LOCK,
    ])
    taken = rows[0]?.taken === true
  } finally {
    if (!taken) await client.end().catch(() => undefined)
  }
  if (!taken) return null
  const unlock = mode === 'exclusive' ? 'pg_advisory_unlock' : 'pg_advisory_unlock_shared'
  let released: Promise<void> | undefined
  return {
    async stillHeld() {
      if (released) return false
      try {
        await client.query('select 1')
        return true
      } catch {
        return false
      }
    },
    release() {
      released ??= client
        .query(`select ${unlock}($1::bigint)`, [MASTER_KEY_ROTATION_LOCK])
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => client.end().catch(() => undefined))
      return released
    },
  }
}
