import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import type { AccountKind } from '../../accounts/account-kinds.js'
import type { CreateTokenInput, Credentials, TokenWithCredentials } from '../../tokens/token-schemas.js'
import type { ActorContext, CoreConfig, TokenConsoleCore } from '../core-contract.js'
import { tokenActorOf } from '../access/token-actor.js'
import { openDatabase } from '../database/open-database.js'
import type { Db } from '../database/schema.js'
import { openCore, type CoreOpenHooks } from '../open-core.js'
import { createTestDatabase, testDialect, type TestDialect } from './test-postgres.js'

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
  dialect: TestDialect
  /** The PostgreSQL database of this core (undefined on SQLite). */
  databaseUrl: string | undefined
  /**
   * A second handle on the same database, for assertions about what is stored and for arranging
   * rows the services would not write. Opened on first use, closed with the core.
   */
  database(): Promise<Db>
  /**
   * Another core on the same database, key and clock (a second instance, or the same one after
   * a restart once `core.close()` was called). Closed when this test core closes.
   */
  openSibling(options?: TestCoreOptions): Promise<TestCore>
  /** Closes the core, its siblings and handles, and removes its database and temporary folder. */
  close(): Promise<void>
}

export type TestCoreOptions = Partial<CoreConfig> & { clock?: ManualClock; hooks?: CoreOpenHooks }

/**
 * A core on a fresh database with a random master key: a SQLite file in its own temporary folder,
 * or in the postgres project a PostgreSQL database cloned for this test (the folder still holds
 * anything file-based). Given `dataDir` or `databaseUrl`, it uses those and leaves them in place.
 */
export async function openTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const { clock: givenClock, hooks, ...config } = options
  const ownsDataDir = config.dataDir === undefined
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'tokens-core-'))
  const dialect = testDialect()
  const ownedDatabase =
    dialect === 'postgres' && config.databaseUrl === undefined ? await createTestDatabase() : undefined
  const databaseUrl = config.databaseUrl ?? ownedDatabase?.url
  const clock = givenClock ?? manualClock()
  const masterKey = config.masterKey ?? randomBytes(32).toString('base64')
  const siblings: TestCore[] = []
  let handle: Promise<Db> | undefined

  const removeOwned = async () => {
    await ownedDatabase?.drop()
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true })
  }
  let core: TokenConsoleCore
  try {
    core = await openCore(
      // No notification delivery loop unless asked for: tests run delivery rounds themselves.
      {
        demoData: false,
        notificationIntervalMs: 0,
        ...config,
        dataDir,
        databaseUrl,
        masterKey,
        now: config.now ?? clock.now,
      },
      hooks,
    )
  } catch (error) {
    await removeOwned()
    throw error
  }
  return {
    core,
    clock,
    dataDir,
    masterKey,
    dialect,
    databaseUrl,
    database() {
      handle ??= openDatabase({ dataDir, databaseUrl }).then(({ db }) => db)
      return handle
    },
    async openSibling(siblingOptions = {}) {
      const sibling = await openTestCore({ clock, masterKey, ...siblingOptions, dataDir, databaseUrl })
      siblings.push(sibling)
      return sibling
    },
    async close() {
      try {
        for (const sibling of siblings.splice(0)) await sibling.close()
        if (handle) await (await handle).destroy()
        await core.close()
      } finally {
        await removeOwned()
      }
    },
  }
}

/**
 * `openTestCore` for one test file, closing every core it opened after each test: a failed
 * assertion must not leave a database or temporary folder behind for the next test.
 */
export function openTestCoresClosedAfterEach(): (options?: TestCoreOptions) => Promise<TestCore> {
  const opened: TestCore[] = []
  afterEach(async () => {
    for (const test of opened.splice(0)) await test.close()
  })
  return async (options) => {
    const test = await openTestCore(options)
    opened.push(test)
    return test
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
export async function provisionTestAccount(
  core: TokenConsoleCore,
  kind: AccountKind = 'brand',
): Promise<TestAccount> {
  const n = ++accountCounter
  const account = await core.provisioning.createAccount({ kind, name: `Test ${kind} ${n}` })
  const make = async (
    role: 'account_administrator' | 'implementation_specialist' | 'analyst',
    local: string,
  ) => {
    const user = await core.provisioning.createUser({
      accountId: account.id,
      email: `${local}-${n}-${randomBytes(3).toString('hex')}@example.test`,
      name: `${local} ${n}`,
      role,
      password: 'correct horse battery',
    })
    const context: ActorContext = {
      accountId: account.id,
      actor: { type: 'user', userId: user.id, role },
      ip: '203.0.113.7',
    }
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

/**
 * `openTestCoresClosedAfterEach` with an account of `kind` provisioned in each core: what most
 * service tests start with.
 */
export function openTestAccountsClosedAfterEach(): (
  kind?: AccountKind,
  options?: TestCoreOptions,
) => Promise<TestCore & { account: TestAccount }> {
  const openCore = openTestCoresClosedAfterEach()
  return async (kind = 'brand', options) => {
    const test = await openCore(options)
    return { ...test, account: await provisionTestAccount(test.core, kind) }
  }
}

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

/**
 * Legacy tokens enabled for the account, and its Read/Write credential reported leaked by a secret
 * scanner (in a public repository's file), which it answers: what a test of a legacy credential's leak starts with.
 */
export async function reportLegacyReadWriteLeaked(
  core: TokenConsoleCore,
  account: TestAccount,
): Promise<Credentials> {
  await core.legacy.enable(account.admin)
  const { readWrite } = await core.legacy.reveal(account.admin)
  await core.leaks.report([
    {
      token: readWrite.authToken,
      type: 'token_console_auth_token',
      url: 'https://github.com/o/r/blob/abc/config.env',
      source: 'content',
    },
  ])
  return readWrite
}

/** Verifies credentials as the platform API does for each request. */
export function verifyCredentials(core: TokenConsoleCore, credentials: Credentials) {
  return core.verification.verify(credentials.accountSid, credentials.authToken)
}

/** The actor of a request authenticated with these credentials, as the platform API builds it. */
export async function tokenActorFor(
  core: TokenConsoleCore,
  credentials: Credentials,
  ip: string | null = null,
): Promise<ActorContext> {
  const verified = await verifyCredentials(core, credentials)
  if (!verified) throw new Error('the credentials do not verify')
  return tokenActorOf(verified, ip)
}

export function basicAuthorization(accountSid: string, authToken: string): string {
  return `Basic ${Buffer.from(`${accountSid}:${authToken}`, 'utf8').toString('base64')}`
}
