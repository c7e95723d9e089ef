import { randomUUID } from 'node:crypto'
import type { CoreConfig, TokenConsoleCore } from './core-contract.js'
import { accountService } from './accounts/account-service.js'
import { provisioningService } from './accounts/provisioning-service.js'
import { auditService } from './audit/audit-service.js'
import { createKeyring } from './crypto/keyring.js'
import { resolveMasterKey } from './crypto/master-key.js'
import { openDatabase, type DatabaseOptions } from './database/open-database.js'
import { runMigrations } from './database/run-migrations.js'
import { seedDemoData } from './demo/seed-demo-data.js'
import { leakService } from './leaks/leak-service.js'
import { legacyTokenService } from './legacy/legacy-token-service.js'
import { policyService } from './lifecycle/account-policy.js'
import { disableUnusedTokensJob } from './lifecycle/disable-unused-tokens-job.js'
import { settleRotationsOffThePath } from './lifecycle/settle-rotations-off-the-path.js'
import { tokenLifecycleService } from './lifecycle/token-lifecycle-service.js'
import { PostgresLimitLedger } from './limits/postgres-limit-ledger.js'
import { ReconciledLimits } from './limits/shared-limits.js'
import { JobScheduler } from './scheduler/job-scheduler.js'
import { sessionService } from './sessions/session-service.js'
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

/** Hooks into how the core opens its storage; tests use them to provoke storage faults. */
export interface CoreOpenHooks {
  onSqliteConnection?: DatabaseOptions['onSqliteConnection']
}

/**
 * Opens the server core: resolves the master key (refusing to start without a usable one), opens
 * the database, applies migrations, on PostgreSQL starts listening for other instances' token
 * changes, seeds the demo accounts into an empty database when asked, and wires the services.
 * Starts the recurring jobs. `close()` lets a job run in progress finish, flushes pending last-used
 * times and usage counts, stops listening and closes the database.
 */
export async function openCore(config: CoreConfig, hooks: CoreOpenHooks = {}): Promise<TokenConsoleCore> {
  const now = config.now ?? (() => new Date())
  const logger = config.logger
  const keyring = createKeyring(resolveMasterKey(config))
  const { db, dialect, databaseUrl } = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    busyTimeoutMs: config.busyTimeoutMs,
    onSqliteConnection: hooks.onSqliteConnection,
    logger,
  })
  try {
    await runMigrations(db)
  } catch (error) {
    await db.destroy()
    throw error
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
      changeFeed = await startPostgresChangeFeed({ databaseUrl, cache: verificationCache, logger })
    } catch (error) {
      await db.destroy()
      throw error
    }
  }
  const lastUsed = new LastUsedRecorder(
    db,
    now,
    config.lastUsedFlushIntervalMs ?? LAST_USED_FLUSH_INTERVAL_MS,
    dialect === 'sqlite' ? 'one-transaction' : 'per-row',
    { changeFeed, verificationCache },
  )
  const injectedNow = config.now
  const usageRecorder = new UsageRecorder(
    db,
    injectedNow ? () => injectedNow().getTime() : Date.now,
    config.usageFlushIntervalMs ?? USAGE_FLUSH_INTERVAL_MS,
    dialect === 'sqlite' ? 'one-transaction' : 'per-statement',
  )
  const tokenDeps = { db, dialect, keyring, now, verificationCache, changeFeed, logger }
  const auth = sessionService(db, now, logger)
  const lifecycle = tokenLifecycleService(tokenDeps)
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
    await sharedLimits.start()
  }

  // Recurring jobs, one line each (README "Recurring jobs"); each runs on one instance per period.
  const scheduler = new JobScheduler({ db, now, logger, tickMs: config.schedulerTickMs })
  scheduler.register(
    // No notifications outbox in this build: a disable for disuse is audited and nobody is told.
    disableUnusedTokensJob({ ...tokenDeps, onTokenDisabledUnused: async () => {} }),
  )
  scheduler.register(pruneTokenUsageJob({ db, now }))

  let closing: Promise<void> | undefined
  const closeOnce = async () => {
    try {
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
    legacy: legacyTokenService(tokenDeps),
    audit: auditService(db),
    usage: usageService({ db, now, recorder: usageRecorder }),
    verification: verificationService({
      db,
      keyring,
      verificationCache,
      lastUsed,
      now,
      onRotationEnded: settleRotationsOffThePath(lifecycle.settleRotation, logger),
    }),
  }

  if (config.demoData) {
    try {
      await seedDemoData({ db, dialect, keyring, now })
    } catch (error) {
      await core.close()
      throw error
    }
  }
  scheduler.start()
  return core
}
