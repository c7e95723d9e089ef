export {
  basicAuthorization,
  createTestToken,
  manualClock,
  openTestCore,
  openTestAccountsClosedAfterEach,
  openTestCoresClosedAfterEach,
  provisionTestAccount,
  TEST_USER_PASSWORD,
  tokenActorFor,
  verifyCredentials,
} from './open-test-core.js'
export type { ManualClock, TestAccount, TestCore, TestCoreOptions } from './open-test-core.js'
export { readDatabase } from './read-database.js'
export { auditedTimes } from './audited-times.js'
export { expectAuditMatchesCommitted } from './audit-after-crash.js'
export type { CommittedToken, CommittedTokenEvent, ReportedTokenChange } from './audit-after-crash.js'
export { readStoredCredentials, tamperWithStoredSecret } from './stored-credentials.js'
export type { StoredCredential } from './stored-credentials.js'
export { createTestDatabase, testDialect } from './test-postgres.js'
export type { TestDatabase, TestDialect, TestPostgres } from './test-postgres.js'
export { openTestInstances } from './test-instances.js'
export type { TestInstance } from './test-instances.js'
export { eventually, startSmtpReceiver, startWebhookReceiver } from './notification-receivers.js'
export type { ReceivedMail, ReceivedRequest } from './notification-receivers.js'
export { restartWithNewMasterKey } from './restart-with-new-master-key.js'
