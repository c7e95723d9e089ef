import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccountKind } from '../../accounts/account-kinds.js'
import type { CreateTokenInput, TokenWithCredentials } from '../../tokens/token-schemas.js'
import type { ActorContext, CoreConfig, TokenConsoleCore } from '../core-contract.js'
import { openCore } from '../open-core.js'

/** A clock tests move by hand. */
export interface ManualClock {
  now: () => Date
  set(iso: string | Date): void
  advance(ms: number): void
}

export function manualClock(start: string | Date = '2026-03-15T12:00:00.000Z'): ManualClock {
  let current = new Date(start)
  return {
    now: () => new Date(current),
    set: (iso) => {
      current = new Date(iso)
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms)
    },
  }
}

export interface TestCore {
  core: TokenConsoleCore
  clock: ManualClock
  dataDir: string
  masterKey: string
  /** Closes the core and removes its temporary folder. */
  close(): Promise<void>
}

/** A core on a fresh SQLite database in its own temporary folder, with a random master key. */
export async function openTestCore(options: Partial<CoreConfig> & { clock?: ManualClock } = {}): Promise<TestCore> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tokens-core-'))
  const clock = options.clock ?? manualClock()
  const masterKey = options.masterKey ?? randomBytes(32).toString('base64')
  const core = await openCore({
    demoData: false,
    ...options,
    dataDir,
    masterKey,
    now: options.now ?? clock.now,
  })
  return {
    core,
    clock,
    dataDir,
    masterKey,
    async close() {
      await core.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface TestAccount {
  accountId: string
  kind: AccountKind
  admin: ActorContext
  impl: ActorContext
  analyst: ActorContext
  adminUserId: string
  implUserId: string
  analystUserId: string
}

let accountCounter = 0

/** An account with one user of each role, and the contexts those users act with. */
export async function provisionTestAccount(core: TokenConsoleCore, kind: AccountKind = 'brand'): Promise<TestAccount> {
  const n = ++accountCounter
  const account = await core.provisioning.createAccount({ kind, name: `Test ${kind} ${n}` })
  const make = async (role: 'account_administrator' | 'implementation_specialist' | 'analyst', local: string) => {
    const user = await core.provisioning.createUser({
      accountId: account.id,
      email: `${local}-${n}-${randomBytes(3).toString('hex')}@example.test`,
      name: `${local} ${n}`,
      role,
      password: 'correct horse battery',
    })
    const context: ActorContext = { accountId: account.id, actor: { type: 'user', userId: user.id, role }, ip: '203.0.113.7' }
    return { user, context }
  }
  const admin = await make('account_administrator', 'admin')
  const impl = await make('implementation_specialist', 'impl')
  const analyst = await make('analyst', 'analyst')
  return {
    accountId: account.id,
    kind,
    admin: admin.context,
    impl: impl.context,
    analyst: analyst.context,
    adminUserId: admin.user.id,
    implUserId: impl.user.id,
    analystUserId: analyst.user.id,
  }
}

export const TEST_USER_PASSWORD = 'correct horse battery'

/** A scoped token with sensible defaults, created by the account's administrator. */
export async function createTestToken(
  core: TokenConsoleCore,
  account: TestAccount,
  overrides: Partial<CreateTokenInput> = {},
): Promise<TokenWithCredentials> {
  return core.tokens.create(account.admin, {
    name: 'Test token',
    primaryContactUserId: account.adminUserId,
    scopes: ['GET /Reports', 'GET /Account'],
    ...overrides,
  })
}

export function basicAuthorization(accountSid: string, authToken: string): string {
  return `Basic ${Buffer.from(`${accountSid}:${authToken}`, 'utf8').toString('base64')}`
}
