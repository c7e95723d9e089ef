import type { Keyring } from '../crypto/keyring.js'
import type { Db } from '../database/schema.js'
import type { VerificationCache } from '../verification/verification-cache.js'

/** What the token services share: storage, keys, the clock and the verification cache they keep honest. */
export interface TokenServiceDeps {
  db: Db
  keyring: Keyring
  now: () => Date
  verificationCache: VerificationCache
}
