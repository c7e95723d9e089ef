export {
  basicAuthorization,
  createTestToken,
  manualClock,
  openTestCore,
  provisionTestAccount,
  TEST_USER_PASSWORD,
} from './open-test-core.js'
export type { ManualClock, TestAccount, TestCore } from './open-test-core.js'
