import { randomBytes } from 'node:crypto'
import type { AccountKind, Credentials, Role, TokenWithCredentials } from '@tokens/core'
import type { ActorContext, TokenConsoleCore } from '@tokens/core/server'
import { openTestCore, type ManualClock, type TestCore, type TestCoreOptions } from '@tokens/core/testing'
import type { AppLimits } from '../app-limits.js'
import { createApp } from '../app.js'
import type { ServingState } from '../health/serving-state.js'
import type { ApiApp } from '../http/api-app.js'
import type { LogEntry } from '../http/log-entry.js'
import type { ScannerPublicKeys } from '../secret-scanning/scanner-public-keys.js'

export const PASSWORD = 'correct horse battery staple'
export const ORIGIN = 'http://console.test'

export interface FixtureUser {
  id: string
  email: string
  role: Role
  context: ActorContext
}

export interface FixtureAccount {
  id: string
  kind: AccountKind
  name: string
  admin: FixtureUser
  impl: FixtureUser
  analyst: FixtureUser
}

export interface AdminSession {
  cookie: string
  sessionId: string
  csrfToken: string
}

export interface CallOptions {
  session?: AdminSession
  /** JSON-encoded with Content-Type: application/json. */
  json?: unknown
  body?: string | Uint8Array | ReadableStream<Uint8Array>
  headers?: Record<string, string>
  /** Leave the CSRF header out of an unsafe request (it is sent by default with a session). */
  withoutCsrf?: boolean
}

export interface ApiFixture {
  app: ApiApp
  core: TokenConsoleCore
  clock: ManualClock
  testCore: TestCore
  logs: LogEntry[]
  /** A brand account and an agency account, each with one user of every role. */
  a: FixtureAccount
  b: FixtureAccount
  call(method: string, path: string, options?: CallOptions): Promise<Response>
  signIn(user: FixtureUser): Promise<AdminSession>
  createToken(account: FixtureAccount, overrides?: Record<string, unknown>): Promise<TokenWithCredentials>
  close(): Promise<void>
}

export function basic(accountSid: string, authToken: string): string {
  return `Basic ${Buffer.from(`${accountSid}:${authToken}`, 'utf8').toString('base64')}`
}

async function provisionAccount(
  core: TokenConsoleCore,
  kind: AccountKind,
  label: string,
): Promise<FixtureAccount> {
  const account = await core.provisioning.createAccount({ kind, name: `${label} ${kind}` })
  const suffix = randomBytes(3).toString('hex')
  const user = async (role: Role, local: string): Promise<FixtureUser> => {
    const email = `${local}-${suffix}@${label.toLowerCase()}.test`
    const created = await core.provisioning.createUser({
      accountId: account.id,
      email,
      name: `${label} ${local}`,
      role,
      password: PASSWORD,
    })
    return {
      id: created.id,
      email,
      role,
      context: { accountId: account.id, actor: { type: 'user', userId: created.id, role }, ip: null },
    }
  }
  return {
    id: account.id,
    kind,
    name: account.name,
    admin: await user('account_administrator', 'admin'),
    impl: await user('implementation_specialist', 'impl'),
    analyst: await user('analyst', 'analyst'),
  }
}

export interface ApiFixtureOptions {
  limits?: Partial<AppLimits>
  core?: (core: TokenConsoleCore) => TokenConsoleCore
  secretScanningKeys?: ScannerPublicKeys
  /** Further settings of the core (e.g. `webhooksAllowPrivate`). */
  coreOptions?: TestCoreOptions
  serving?: ServingState
  metricsToken?: string
}

/**
 * A real core (no demo data) on the dialect of the vitest project: a SQLite file in a temporary
 * folder, or in the postgres project a PostgreSQL database cloned for this fixture and dropped by
 * `close()` (openTestCore decides, from what the project's global setup provides). Two
 * provisioned accounts, and the app on top with captured log lines. Proxy headers are trusted so
 * tests can speak from several addresses.
 */
export async function openApiFixture(options: ApiFixtureOptions = {}): Promise<ApiFixture> {
  const testCore = await openTestCore({
    demoData: false,
    lastUsedFlushIntervalMs: 50,
    usageFlushIntervalMs: 50,
    ...options.coreOptions,
  })
  const core = options.core ? options.core(testCore.core) : testCore.core
  const logs: LogEntry[] = []
  const app = createApp({
    core,
    log: (entry) => logs.push(entry),
    now: testCore.clock.now,
    trustProxy: true,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.secretScanningKeys ? { secretScanningKeys: options.secretScanningKeys } : {}),
    ...(options.serving ? { serving: options.serving } : {}),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  })
  const a = await provisionAccount(testCore.core, 'brand', 'Alpha')
  const b = await provisionAccount(testCore.core, 'agency', 'Beta')

  async function call(method: string, path: string, callOptions: CallOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { host: new URL(ORIGIN).host }
    const { session } = callOptions
    if (session) {
      headers['cookie'] = session.cookie
      if (!['GET', 'HEAD'].includes(method) && !callOptions.withoutCsrf)
        headers['x-csrf-token'] = session.csrfToken
    }
    let body = callOptions.body
    if (callOptions.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(callOptions.json)
    }
    Object.assign(headers, callOptions.headers)
    // A stream body is sent without Content-Length, as a chunked upload would be.
    const streamed = body instanceof ReadableStream ? { duplex: 'half' } : {}
    return app.request(`${ORIGIN}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...streamed,
    } as RequestInit)
  }

  async function signIn(user: FixtureUser): Promise<AdminSession> {
    const response = await call('POST', '/api/session', { json: { email: user.email, password: PASSWORD } })
    if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`)
    const setCookie = response.headers.get('set-cookie') ?? ''
    const sessionId = /tc_session=([^;]+)/.exec(setCookie)?.[1]
    if (!sessionId) throw new Error('no session cookie')
    const { csrfToken } = (await response.json()) as { csrfToken: string }
    return { cookie: `tc_session=${sessionId}`, sessionId, csrfToken }
  }

  return {
    app,
    core,
    clock: testCore.clock,
    testCore,
    logs,
    a,
    b,
    call,
    signIn,
    createToken: (account, overrides = {}) =>
      testCore.core.tokens.create(account.admin.context, {
        name: `Token ${randomBytes(4).toString('hex')}`,
        primaryContactUserId: account.admin.id,
        scopes: ['GET /Account', 'GET /Tokens'],
        ...overrides,
      }),
    close: () => testCore.close(),
  }
}

/** Call options of an integration: Basic authentication with the token's credentials, and any further headers. */
export function asToken(credentials: Credentials, headers: Record<string, string> = {}): CallOptions {
  return { headers: { authorization: basic(credentials.accountSid, credentials.authToken), ...headers } }
}

/** The JSON body of an answer, typed by the test that knows what it expects. */
export async function bodyOf<T = Record<string, unknown>>(response: Response): Promise<T> {
  return (await response.json()) as T
}
