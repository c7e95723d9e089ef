import {
  openTestAccountsClosedAfterEach,
  type TestAccount,
  type TestCore,
  type TestCoreOptions,
} from './open-test-core.js'

/**
 * `openTestAccountsClosedAfterEach` for a brand account whose verification cache and batched
 * last-used writes outlast every test (60 s): what a cached credential answers, or what is stored,
 * then follows from what the test did, never from a TTL or a timer. `options` add to or override it.
 */
export function openLongCacheAccountsClosedAfterEach(): (
  options?: TestCoreOptions,
) => Promise<TestCore & { account: TestAccount }> {
  const openAccount = openTestAccountsClosedAfterEach()
  return (options = {}) =>
    openAccount('brand', { verificationCacheTtlMs: 60_000, lastUsedFlushIntervalMs: 60_000, ...options })
}
