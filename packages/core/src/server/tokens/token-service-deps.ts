import type { CoreLogger } from '../core-logger.js'
import type { Keyring } from '../crypto/keyring.js'
import type { DatabaseDialectName } from '../database/open-database.js'
import type { Db } from '../database/schema.js'
import type { TokenChangeFeed } from '../verification/token-change-feed.js'
import type { VerificationCache } from '../verification/verification-cache.js'

/** What the token services share: storage, keys, the clock and the verification caches they keep honest. */
export interface TokenServiceDeps {
  db: Db
  dialect: DatabaseDialectName
  keyring: Keyring
  now: () => Date
  verificationCache: VerificationCache
  changeFeed: TokenChangeFeed
  logger?: CoreLogger | undefined
}
