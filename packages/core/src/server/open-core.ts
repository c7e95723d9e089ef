import type { CoreConfig, TokenConsoleCore } from './core-contract.js'
import { accountService } from './accounts/account-service.js'
import { provisioningService } from './accounts/provisioning-service.js'
import { auditService } from './audit/audit-service.js'
import { createKeyring } from './crypto/keyring.js'
import { resolveMasterKey } from './crypto/master-key.js'
import { openDatabase } from './database/open-database.js'
import { runMigrations } from './database/run-migrations.js'
import { seedDemoData } from './demo/seed-demo-data.js'
import { legacyTokenService } from './legacy/legacy-token-service.js'
import { sessionService } from './sessions/session-service.js'
import { scopedTokenService } from './tokens/scoped-token-service.js'
import { userService } from './users/user-service.js'
import { LastUsedRecorder, LAST_USED_FLUSH_INTERVAL_MS } from './verification/last-used-recorder.js'
import {
  VERIFICATION_CACHE_SIZE_DEFAULT,
  VERIFICATION_CACHE_TTL_MS_DEFAULT,
  VerificationCache,
} from './verification/verification-cache.js'
import { verificationService } from './verification/verification-service.js'

/**
 * Opens the server core: resolves the master key (refusing to start without a usable one), opens
 * the database, applies migrations, seeds the demo accounts into an empty database when asked,
 * and wires the services. `close()` flushes pending last-used times and closes the database.
 */
export async function openCore(config: CoreConfig): Promise<TokenConsoleCore> {
  const now = config.now ?? (() => new Date())
  const keyring = createKeyring(resolveMasterKey(config))
  const { db } = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    busyTimeoutMs: config.busyTimeoutMs,
  })
  try {
    await runMigrations(db)
  } catch (error) {
    await db.destroy()
    throw error
  }

  const verificationCache = new VerificationCache(
    config.verificationCacheSize ?? VERIFICATION_CACHE_SIZE_DEFAULT,
    config.verificationCacheTtlMs ?? VERIFICATION_CACHE_TTL_MS_DEFAULT,
  )
  const lastUsed = new LastUsedRecorder(db, now, config.lastUsedFlushIntervalMs ?? LAST_USED_FLUSH_INTERVAL_MS)
  const tokenDeps = { db, keyring, now, verificationCache }

  const core: TokenConsoleCore = {
    async close() {
      try {
        await lastUsed.close()
      } finally {
        await db.destroy()
      }
    },
    provisioning: provisioningService(db, now),
    auth: sessionService(db, now),
    accounts: accountService(db),
    users: userService(db),
    tokens: scopedTokenService(tokenDeps),
    legacy: legacyTokenService(tokenDeps),
    audit: auditService(db),
    verification: verificationService({ db, keyring, verificationCache, lastUsed }),
  }

  if (config.demoData) {
    try {
      await seedDemoData({ db, keyring, now })
    } catch (error) {
      await core.close()
      throw error
    }
  }
  return core
}
