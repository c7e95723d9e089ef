import { randomUUID } from 'node:crypto'
import type { CoreConfig, TokenConsoleCore } from './core-contract.js'
import { accountService } from './accounts/account-service.js'
import { provisioningService } from './accounts/provisioning-service.js'
import { auditService } from './audit/audit-service.js'
import { createKeyring } from './crypto/keyring.js'
import { findMasterKey, MasterKeyError } from './crypto/master-key.js'
import { settleMasterKey } from './crypto/settle-master-key.js'
import { startStep, startStepSync } from './start-step-error.js'
import { openDatabase, type DatabaseOptions } from './database/open-database.js'
import { runMigrations } from './database/run-migrations.js'
import { seedDemoData } from './demo/seed-demo-data.js'
import {
  ROTATION_RUNNING_MESSAGE,
  tryRotationLock,
  type HeldRotationLock,
} from './key-rotation/rotation-lock.js'
import { leakService } from './leaks/leak-service.js'
import { legacyTokenService } from './legacy/legacy-token-service.js'
import { policyService } from './lifecycle/account-policy.js'
import { disableUnusedTokensJob } from './lifecycle/disable-unused-tokens-job.js'
import { settleEndedRotationsJob } from './lifecycle/settle-ended-rotations-job.js'
import { settleRotationsOffThePath } from './lifecycle/settle-rotations-off-the-path.js'
import { tokenLifecycleService } from './lifecycle/token-lifecycle-service.js'
import { notificationDelivery, DELIVERY_INTERVAL_MS_DEFAULT } from './notifications/notification-delivery.js'
import { enqueueNotification } from './notifications/enqueue-notification.js'
import { webhookService } from './notifications/webhook-service.js'
import { emailDeliveryService } from './notifications/email-delivery-service.js'
import { outboxDepth } from './notifications/outbox-depth.js'
import { PostgresLimitLedger } from './limits/postgres-limit-ledger.js'
import { ReconciledLimits } from './limits/shared-limits.js'
import { expiryNoticesJob } from './notifications/expiry-notices.js'
import { pruneNotificationsJob } from './notifications/prune-notifications.js'
import { JobScheduler } from './scheduler/job-scheduler.js'
import { pruneSessionsJob, sessionService } from './sessions/session-service.js'
import { scopedTokenService } from './tokens/scoped-token-service.js'
import { UsageRecorder, USAGE_FLUSH_INTERVAL_MS } from './usage/usage-recorder.js'
import { pruneTokenUsageJob, usageService } from './usage/usage-service.js'
import { userService } from './users/user-service.js'
import { LastUsedRecorder, LAST_USED_FLUSH_INTERVAL_MS } from './verification/last-used-recorder.js'
import {
  VERIFICATION_CACHE_SIZE_DEFAULT,
  VERIFICATION_CACHE_TTL_MS_DEFAULT,
  VerificationCache,
} from './verification/verification-cache.js'
import {
  singleInstanceChangeFeed,
  startPostgresChangeFeed,
  type TokenChangeFeed,
} from './verification/token-change-feed.js'
import { verificationService } from './verification/verification-service.js'
import { databaseState } from './operations/database-state.js'

/** Hooks into how the core opens its storage; tests use them to provoke storage faults. */
export interface CoreOpenHooks {
  onSqliteConnection?: DatabaseOptions['onSqliteConnection']
}

/**
 * Opens the server core: reads the master key (refusing to start without a usable one), opens
 * the database, applies migrations, checks the key against the stored credentials (refusing one
 * that opens none of them; a key file is made only for a database without any), on PostgreSQL
 * starts listening for other instances' token changes, seeds the demo accounts into an empty
 * database when asked, and wires the services.
 * Starts the recurring jobs and the notification delivery loop. `close()` stops the delivery loop,
 * lets a job run in progress finish, flushes pending last-used times and usage counts, stops
 * listening and closes the database.
 */
export async function openCore(config: CoreConfig, hooks: CoreOpenHooks = {}): Promise<TokenConsoleCore> {
  const now = config.now ?? (() => new Date())
  const logger = config.logger
  // Each step's failure is marked with the setting it is due to (start-step-error.ts): the database
  // is at DATABASE_URL when set, otherwise a file in DATA_DIR; the key file is in DATA_DIR.
  const databaseSetting =
    config.databaseUrl !== undefined && config.databaseUrl !== '' ? 'databaseUrl' : 'dataDir'
  const database = <T>(run: () => T | Promise<T>) => startStep('database', databaseSetting, run)
  // Read (and refused when malformed) before the database opens; checked against it once open.
  const configuredKey = startStepSync('keyFile', 'dataDir', () => findMasterKey(config))
  const { db, dialect, databaseUrl, poolUse } = await database(() =>
    openDatabase({
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      busyTimeoutMs: config.busyTimeoutMs,
      onSqliteConnection: hooks.onSqliteConnection,
      logger,
    }),
  )
  // What the start has opened so far, closed newest first when a later step fails; the start then
  // fails with that step's error, whatever closing answers.
  const opened: (() => Promise<void>)[] = [() => db.destroy()]
  const failStart = async (error: unknown): Promise<never> => {
    for (const close of opened.reverse()) await close().catch(() => undefined)
    throw error
  }
  // On PostgreSQL a master-key rotation must not run while this instance starts with a key it is
  // about to replace: the rotation lock is held shared from before the key is checked until this
  // instance's first heartbeat is written, which is what the rotation counts (holding it until
  // then, not longer, is race-free: a rotation that gets the lock afterwards sees the heartbeat,
  // one that had it first refuses this start). On SQLite the rotation holds the file exclusively.
  let startLock: HeldRotationLock | undefined
  let keyring
  try {
    if (dialect === 'postgres' && databaseUrl !== undefined) {
      const lock = await database(() => tryRotationLock(databaseUrl, 'shared'))
      if (lock === null) throw new MasterKeyError(ROTATION_RUNNING_MESSAGE)
      startLock = lock
      opened.push(() => lock.release())
    }
    await database(() => runMigrations(db))
    // Making a new key file is marked as DATA_DIR's inside settleMasterKey; its queries are the database's.
    keyring = createKeyring(await database(() => settleMasterKey(db, configuredKey, config.dataDir, dialect)))
  } catch (error) {
    return failStart(error)
  }

  // On PostgreSQL other instances write too: the cache serves nothing until the change feed listens.
  const verificationCache = new VerificationCache(
    config.verificationCacheSize ?? VERIFICATION_CACHE_SIZE_DEFAULT,
    config.verificationCacheTtlMs ?? VERIFICATION_CACHE_TTL_MS_DEFAULT,
    Date.now,
    { online: dialect === 'sqlite' },
  )
  let changeFeed: TokenChangeFeed = singleInstanceChangeFeed
  if (dialect === 'postgres' && databaseUrl !== undefined) {
    try {
      const feed = await database(() =>
        startPostgresChangeFeed({ databaseUrl, cache: verificationCache, logger }),
      )
      changeFeed = feed
      opened.push(() => feed.close())
    } catch (error) {
      return failStart(error)
    }
  }
  const lastUsedFlushIntervalMs = config.lastUsedFlushIntervalMs ?? LAST_USED_FLUSH_INTERVAL_MS
  const lastUsed = new LastUsedRecorder(
    db,
    now,
    lastUsedFlushIntervalMs,
    dialect === 'sqlite' ? 'one-transaction' : 'per-row',
    { changeFeed, verificationCache },
    logger,
  )
  const injectedNow = config.now
  const usageRecorder = new UsageRecorder(
    db,
    injectedNow ? () => injectedNow().getTime() : Date.now,
    config.usageFlushIntervalMs ?? USAGE_FLUSH_INTERVAL_MS,
    dialect === 'sqlite' ? 'one-transaction' : 'per-statement',
    logger,
  )
  const tokenDeps = { db, dialect, keyring, now, verificationCache, changeFeed, logger }
  const auth = sessionService(db, now, logger)
  // A use waits at most one interval to be written, and the write itself (or one retry) another:
  // three intervals leave room for an instance under load.
  const lifecycle = tokenLifecycleService(tokenDeps, { usesStoredWithinMs: 3 * lastUsedFlushIntervalMs })
  // SQLite serves one instance, whose limits the API counts in memory; PostgreSQL may serve several.
  let sharedLimits: ReconciledLimits | null = null
  if (dialect === 'postgres') {
    sharedLimits = new ReconciledLimits({
      ledger: new PostgresLimitLedger(db, randomUUID()),
      now: () => now().getTime(),
      digestKey: keyring.current.digestKey,
      intervalMs: config.limitReconcileIntervalMs,
      logger,
    })
    const limits = sharedLimits
    opened.push(() => limits.close())
    if (!(await limits.start())) {
      // Not visible to a rotation's check: serving now could seal tokens under a key it replaces.
      return failStart(
        new Error(
          'This instance could not announce itself on the database (its first heartbeat failed); start again',
        ),
      )
    }
  }
  await startLock?.release()

  const allowPrivate = config.webhooksAllowPrivate ?? false
  let delivery: ReturnType<typeof notificationDelivery>
  try {
    // Creates the SMTP transport of SMTP_URL: a failure here is that variable's.
    delivery = startStepSync('email', 'smtpUrl', () =>
      notificationDelivery({
        db,
        dialect,
        keyring,
        now,
        logger,
        email:
          config.smtpUrl === undefined
            ? null
            : { url: config.smtpUrl, from: config.smtpFrom ?? 'Token Console <no-reply@localhost>' },
        publicUrl: config.publicUrl,
        allowPrivate,
        intervalMs: config.notificationIntervalMs ?? DELIVERY_INTERVAL_MS_DEFAULT,
      }),
    )
  } catch (error) {
    return failStart(error)
  }

  // Recurring jobs, one line each (README "Recurring jobs"); each runs on one instance per period.
  const scheduler = new JobScheduler({ db, now, logger, tickMs: config.schedulerTickMs })
  scheduler.register(
    disableUnusedTokensJob({
      ...tokenDeps,
      onTokenDisabledUnused: async (trx, event) => {
        await enqueueNotification(trx, {
          accountId: event.accountId,
          type: 'token.disabled_unused',
          tokenId: event.tokenId,
          at: event.disabledAt,
          data: { days: event.unusedDays, lastUsedAt: event.lastUsedAt },
        })
      },
    }),
  )
  scheduler.register(expiryNoticesJob({ db, dialect, now }))
  scheduler.register(settleEndedRotationsJob({ db, now, settleRotation: lifecycle.settleRotation }))
  scheduler.register(pruneTokenUsageJob({ db, now }))
  scheduler.register(pruneNotificationsJob({ db, now, logger }))
  scheduler.register(pruneSessionsJob({ db, now, logger }))

  let closing: Promise<void> | undefined
  const closeOnce = async () => {
    try {
      await delivery.close()
      // A run in progress finishes while the database is still open.
      await scheduler.close()
      await auth.settle()
      await sharedLimits?.close()
      try {
        await lastUsed.close()
      } finally {
        await usageRecorder.close()
      }
    } finally {
      try {
        await changeFeed.close()
      } finally {
        await db.destroy()
      }
    }
  }
  const core: TokenConsoleCore = {
    close() {
      closing ??= closeOnce()
      return closing
    },
    operations: {
      async readiness() {
        return {
          database: closing === undefined ? await databaseState(db, dialect) : 'unavailable',
          changeListener: changeFeed.listening,
        }
      },
      stats() {
        return {
          verificationCache: { ...verificationCache.lookups, entries: verificationCache.size },
          databasePool: poolUse?.() ?? null,
          changeFeed: changeFeed.delivery,
        }
      },
      outbox: () => outboxDepth(db, now),
    },
    sharedLimits,
    provisioning: provisioningService(db, now),
    auth,
    accounts: accountService(db),
    users: userService(db),
    tokens: scopedTokenService(tokenDeps),
    lifecycle: {
      renew: lifecycle.renew,
      rotate: lifecycle.rotate,
      completeRotation: lifecycle.completeRotation,
    },
    policies: policyService({ db, now }),
    jobs: { runDue: () => scheduler.runDue() },
    leaks: leakService(tokenDeps),
    webhooks: webhookService({ db, dialect, keyring, now, allowPrivate }),
    emailDeliveries: emailDeliveryService({ db, now }),
    notifications: { emailConfigured: config.smtpUrl !== undefined, deliverDue: delivery.deliverDue },
    legacy: legacyTokenService(tokenDeps),
    audit: auditService(db),
    usage: usageService({ db, now, recorder: usageRecorder }),
    verification: verificationService({
      db,
      dialect,
      keyring,
      verificationCache,
      lastUsed,
      now,
      onRotationEnded: settleRotationsOffThePath(lifecycle.settleRotation, logger),
    }),
  }

  if (config.demoData) {
    try {
      await database(() => seedDemoData({ db, dialect, keyring, now }))
    } catch (error) {
      await core.close()
      throw error
    }
  }
  scheduler.start()
  return core
}
