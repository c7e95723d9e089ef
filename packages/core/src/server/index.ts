export type * from './core-contract.js'
export { openCore } from './open-core.js'
export { MasterKeyError } from './crypto/master-key.js'
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demo-accounts.js'
