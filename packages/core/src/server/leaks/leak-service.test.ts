import { createHash } from 'node:crypto'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import type { KyselyPlugin } from 'kysely'
import { describe, expect, it, vi } from 'vitest'
import { checksumOf, AUTH_TOKEN_PREFIX } from '../../credentials/credential-format.js'
import {
  isRetiredPreviousSecret,
  ReceivedSecretScanningCandidate,
  type SecretScanningCandidate,
} from '../../leaks/leak-schemas.js'
import type { LeakResponse } from '../../lifecycle/lifecycle-schemas.js'
import type { TokenConsoleCore } from '../core-contract.js'
import { createKeyring } from '../crypto/keyring.js'
import { resolveMasterKey } from '../crypto/master-key.js'
import { DATABASE_FILE } from '../database/open-database.js'
import { restartWithNewMasterKey } from '../test-support/restart-with-new-master-key.js'
import {
  createTestToken,
  openTestAccountsClosedAfterEach,
  provisionTestAccount,
  type TestCoreOptions,
} from '../test-support/open-test-core.js'
import { testDialect } from '../test-support/test-postgres.js'
import { singleInstanceChangeFeed } from '../verification/token-change-feed.js'
import { VerificationCache } from '../verification/verification-cache.js'
import { leakService } from './leak-service.js'

const openAccount = openTestAccountsClosedAfterEach()

async function setup(leakResponse?: LeakResponse, options: TestCoreOptions = {}) {
  const { account, ...test } = await openAccount('brand', { verificationCacheTtlMs: 60_000, ...options })
  const other = await provisionTestAccount(test.core, 'partner')
  if (leakResponse) await test.core.policies.update(account.admin, { leakResponse })
  const created = await createTestToken(test.core, account)
  return { ...test, account, other, token: created.token, credentials: created.credentials }
}

const candidate = (token: string) => ({
  token,
  type: 'token_console_auth_token',
  url: 'https://github.com/o/r/blob/abc/config.env',
  source: 'content',
})
/** What verification answers for these credentials (null when it refuses them). */
const verifyWith = (core: TokenConsoleCore, credentials: { accountSid: string; authToken: string }) =>
  core.verification.verify(credentials.accountSid, credentials.authToken)
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
/** A token of the right shape and checksum that was never issued. */
const neverIssued = (fill = 'Q') => {
  const body = `${AUTH_TOKEN_PREFIX}${fill.repeat(28)}`
  return `${body}${checksumOf(body)}`
}

/** The `i`th of many distinct never-issued tokens of the right shape and checksum. */
const numberedNeverIssued = (i: number) => {
  const body = `${AUTH_TOKEN_PREFIX}${String(i).padStart(28, 'Q')}`
  return `${body}${checksumOf(body)}`
}

async function leakEvents(core: TokenConsoleCore, context: Parameters<TokenConsoleCore['audit']['list']>[0]) {
  const { items } = await core.audit.list(context, {})
  return items.filter((event) => event.action === 'token.leaked')
}

/** The rotations the system started for the test's account: a leak response's. */
async function leakRotations(test: Awaited<ReturnType<typeof setup>>) {
  const { items } = await test.core.audit.list(test.account.admin, {})
  return items.filter((event) => event.action === 'token.rotation_started' && event.actor.type === 'system')
}

/** Which secret each `token.leaked` event of the test's account names, and what was done: current first. */
async function leakedSecrets(test: Awaited<ReturnType<typeof setup>>) {
  const events = await leakEvents(test.core, test.account.admin)
  return events
    .map(({ details }) => ({ secret: String(details.secret), action: String(details.action) }))
    .sort((a, b) => a.secret.localeCompare(b.secret))
}

/** Everything a leak report stored where people or receivers read it, as one text to search for a secret. */
async function storedLeakRecords(test: Awaited<ReturnType<typeof setup>>): Promise<string> {
  const db = await test.database()
  return JSON.stringify([
    await db.selectFrom('token_leaks').selectAll().execute(),
    await db.selectFrom('leak_ended_secrets').selectAll().execute(),
    await db.selectFrom('audit_events').selectAll().execute(),
    await db.selectFrom('notification_events').selectAll().execute(),
  ])
}

/** A leak service of its own on the test's database, its queries passing through `plugin`. */
async function leakServiceWith(
  test: Awaited<ReturnType<typeof setup>>,
  plugin: KyselyPlugin,
): Promise<TokenConsoleCore['leaks']> {
  return leakService({
    db: (await test.database()).withPlugin(plugin),
    dialect: test.dialect,
    keyring: createKeyring(resolveMasterKey({ dataDir: test.dataDir, masterKey: test.masterKey })),
    now: test.clock.now,
    verificationCache: new VerificationCache(100, 60_000),
    changeFeed: singleInstanceChangeFeed,
  })
}

/**
 * A leak service that runs `meanwhile` once, right after its `nth` read of the leak records has
 * been answered: another report committing in between.
 */
function leakServiceInterleaving(
  test: Awaited<ReturnType<typeof setup>>,
  meanwhile: () => Promise<unknown>,
  nth = 1,
): Promise<TokenConsoleCore['leaks']> {
  let pending: (() => Promise<unknown>) | undefined = meanwhile
  let readsLeft = nth
  const leakReads = new WeakSet<object>()
  return leakServiceWith(test, {
    transformQuery(args) {
      if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node).includes('"token_leaks"'))
        leakReads.add(args.queryId)
      return args.node
    },
    async transformResult(args) {
      if (pending && leakReads.has(args.queryId) && --readsLeft === 0) {
        const run = pending
        pending = undefined
        await run()
      }
      return args.result
    },
  })
}

/**
 * A leak service whose first read of `table` fails, as a lost connection would fail it: for a
 * report, that is the batch's read of the holders (`tokens`) or of the leak records (`token_leaks`).
 */
function leakServiceFailingRead(
  test: Awaited<ReturnType<typeof setup>>,
  table: 'tokens' | 'token_leaks',
): Promise<TokenConsoleCore['leaks']> {
  let failed = false
  return leakServiceWith(test, {
    transformQuery(args) {
      if (
        !failed &&
        args.node.kind === 'SelectQueryNode' &&
        JSON.stringify(args.node).includes(`"${table}"`)
      ) {
        failed = true
        throw new Error('connection lost')
      }
      return args.node
    },
    transformResult: async (args) => args.result,
  })
}

/** A leak service whose `nth` write of a leak record fails, as a lost connection or a crash would fail it. */
function leakServiceFailingRecord(
  test: Awaited<ReturnType<typeof setup>>,
  nth: number,
): Promise<TokenConsoleCore['leaks']> {
  let recordsLeft = nth
  return leakServiceWith(test, {
    transformQuery(args) {
      if (
        args.node.kind === 'InsertQueryNode' &&
        JSON.stringify(args.node.into).includes('"token_leaks"') &&
        --recordsLeft === 0
      )
        throw new Error('connection lost')
      return args.node
    },
    transformResult: async (args) => args.result,
  })
}

describe('reports of leaked credentials', () => {
  it('labels an issued token true_positive and a broken checksum, a never-issued token or junk false_positive, naming each by SHA-256', async () => {
    const test = await setup()
    const broken = `${test.credentials.authToken.slice(0, -1)}${test.credentials.authToken.endsWith('A') ? 'B' : 'A'}`
    const tokens = [test.credentials.authToken, broken, neverIssued(), 'not a token']
    const { verdicts } = await test.core.leaks.report(tokens.map(candidate))
    expect(verdicts).toEqual(
      tokens.map((token, i) => ({
        token_hash: sha256(token),
        token_type: 'token_console_auth_token',
        label: i === 0 ? 'true_positive' : 'false_positive',
      })),
    )
  })

  it('disables a leaked token by default: it stops verifying at once, and token JSON shows the leak', async () => {
    const test = await setup()
    expect(await verifyWith(test.core, test.credentials)).not.toBeNull()
    await test.core.leaks.report([candidate(test.credentials.authToken)])
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    const token = await test.core.tokens.get(test.account.admin, test.token.id)
    expect(token).toMatchObject({
      state: 'disabled',
      leak: {
        reportedAt: test.clock.now().toISOString(),
        url: 'https://github.com/o/r/blob/abc/config.env',
        action: 'disabled',
      },
    })
  })

  it('rotates a leaked token under the rotate policy: the leaked secret keeps working through the default overlap, and a new one is issued', async () => {
    const test = await setup('rotate')
    await test.core.leaks.report([candidate(test.credentials.authToken)])
    const token = await test.core.tokens.get(test.account.admin, test.token.id)
    expect(token.state).toBe('enabled')
    expect(token.rotation).not.toBeNull()
    expect(token.leak?.action).toBe('rotated')
    expect(await verifyWith(test.core, test.credentials)).toMatchObject({ rotationSecret: 'old' })
    const revealed = await test.core.tokens.reveal(test.account.admin, test.token.id)
    expect(revealed.authToken).not.toBe(test.credentials.authToken)
  })

  it('retires the leaked previous secret of a rotation in progress under the rotate policy, keeping the new one', async () => {
    const test = await setup('rotate')
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    await test.core.leaks.report([candidate(test.credentials.authToken)])
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    expect(await verifyWith(test.core, rotated.credentials)).not.toBeNull()
    expect((await test.core.tokens.get(test.account.admin, test.token.id)).rotation).toBeNull()
  })

  it('retires the leaked previous secret of a rotation in progress under the disable policy too: enabling the token again does not bring it back', async () => {
    const test = await setup('disable')
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {
      overlapSeconds: 7 * 86_400,
    })
    await test.core.leaks.report([candidate(test.credentials.authToken)])
    const token = await test.core.tokens.get(test.account.admin, test.token.id)
    expect(token).toMatchObject({ state: 'disabled', rotation: null, leak: { action: 'disabled' } })
    // The integration already runs on the new secret: the manager turns the token back on.
    await test.core.tokens.enable(test.account.admin, test.token.id)
    await test.core.leaks.markHandled(test.account.admin, test.token.id)
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    expect(await verifyWith(test.core, rotated.credentials)).not.toBeNull()
  })

  it('records which secret leaked: a retired previous secret as previous and a leaked current one as current, on the leak record and in token JSON', async () => {
    const test = await setup('rotate')
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    await test.core.leaks.report([candidate(test.credentials.authToken)])
    expect((await test.core.tokens.get(test.account.admin, test.token.id)).leak).toMatchObject({
      action: 'rotated',
      secret: 'previous',
    })
    await test.core.leaks.markHandled(test.account.admin, test.token.id)
    await test.core.leaks.report([candidate(rotated.credentials.authToken)])
    expect((await test.core.tokens.get(test.account.admin, test.token.id)).leak).toMatchObject({
      action: 'rotated',
      secret: 'current',
    })
    const db = await test.database()
    const leaks = await db.selectFrom('token_leaks').select(['token_hash', 'secret']).execute()
    expect(leaks).toEqual(
      expect.arrayContaining([
        { token_hash: sha256(test.credentials.authToken), secret: 'previous' },
        { token_hash: sha256(rotated.credentials.authToken), secret: 'current' },
      ]),
    )
  })

  it('starts a new rotation when the leaked secret is the new one of a rotation in progress: the previous one stops, the leaked one overlaps', async () => {
    const test = await setup('rotate')
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    await test.core.leaks.report([candidate(rotated.credentials.authToken)])
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    expect(await verifyWith(test.core, rotated.credentials)).toMatchObject({ rotationSecret: 'old' })
    const revealed = await test.core.tokens.reveal(test.account.admin, test.token.id)
    expect(revealed.authToken).not.toBe(rotated.credentials.authToken)
    const { items } = await test.core.audit.list(test.account.admin, {})
    expect(items.filter((event) => event.action === 'token.rotation_completed')).toMatchObject([
      { actor: { type: 'system' }, details: { how: 'retired' } },
    ])
  })

  it('records the previous secret of a rotation in progress as leaked when the same report held the current one first, though the rotation started for that one has ended it, and starts no second rotation', async () => {
    const test = await setup('rotate')
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    const previous = test.credentials.authToken
    const current = rotated.credentials.authToken
    const { verdicts } = await test.core.leaks.report([candidate(current), candidate(previous)])
    expect(verdicts.map((verdict) => verdict.label)).toEqual(['true_positive', 'true_positive'])
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    expect(await verifyWith(test.core, rotated.credentials)).toMatchObject({ rotationSecret: 'old' })
    const leaked = await leakEvents(test.core, test.account.admin)
    expect(
      leaked.map((event) => event.details).sort((a, b) => String(a.secret).localeCompare(String(b.secret))),
    ).toMatchObject([
      { secret: 'current', action: 'rotated' },
      { secret: 'previous', action: 'rotated' },
    ])
    const db = await test.database()
    const leaks = await db
      .selectFrom('token_leaks')
      .select(['token_id', 'token_hash', 'action', 'secret'])
      .execute()
    expect(leaks).toHaveLength(2)
    expect(leaks).toEqual(
      expect.arrayContaining([
        { token_id: test.token.id, token_hash: sha256(current), action: 'rotated', secret: 'current' },
        { token_id: test.token.id, token_hash: sha256(previous), action: 'rotated', secret: 'previous' },
      ]),
    )
    // The retired previous secret was recorded last (a moment later on a real clock), but the leaked
    // current one still works through its overlap: token JSON shows that leak, not one that asks
    // nothing of anyone.
    const later = new Date(test.clock.now().getTime() + 1).toISOString()
    await db
      .updateTable('token_leaks')
      .set({ reported_at: later })
      .where('token_hash', '=', sha256(previous))
      .execute()
    expect((await test.core.tokens.get(test.account.admin, test.token.id)).leak).toMatchObject({
      action: 'rotated',
      secret: 'current',
    })
    const notifications = await db.selectFrom('notification_events').select('type').execute()
    expect(notifications.filter((event) => event.type === 'token.leaked')).toHaveLength(2)
    expect(await leakRotations(test)).toMatchObject([{ details: { reason: 'leak' } }])
    // Sent again: both secrets are recorded, nothing changes.
    const after = await test.core.tokens.get(test.account.admin, test.token.id)
    const again = await test.core.leaks.report([candidate(current), candidate(previous)])
    expect(again.verdicts.map((verdict) => verdict.label)).toEqual(['true_positive', 'true_positive'])
    expect(await test.core.tokens.get(test.account.admin, test.token.id)).toEqual(after)
    expect(await leakEvents(test.core, test.account.admin)).toHaveLength(2)
  })

  it('records a previous secret that an earlier report’s rotation ended as leaked when a later report holds only it: true_positive, shown as retired, without a second rotation or a new secret', async () => {
    const test = await setup('rotate')
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    const previous = test.credentials.authToken
    await test.core.leaks.report([candidate(rotated.credentials.authToken)])
    const after = await test.core.leaks.markHandled(test.account.admin, test.token.id)
    const issued = await test.core.tokens.reveal(test.account.admin, test.token.id)
    test.clock.advance(60_000)

    const { verdicts } = await test.core.leaks.report([candidate(previous)])
    expect(verdicts).toEqual([
      { token_hash: sha256(previous), token_type: 'token_console_auth_token', label: 'true_positive' },
    ])
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    const token = await test.core.tokens.get(test.account.admin, test.token.id)
    // A leak of that token that asks nothing of anyone: the secret no longer works, none was issued.
    expect(token.leak).toMatchObject({ action: 'rotated', secret: 'previous' })
    expect(token.leak && isRetiredPreviousSecret(token.leak)).toBe(true)
    expect({ ...token, leak: null }).toEqual(after)
    expect(await test.core.tokens.reveal(test.account.admin, test.token.id)).toEqual(issued)
    expect(await leakRotations(test)).toMatchObject([{ details: { reason: 'leak' } }])
    expect(await leakedSecrets(test)).toEqual([
      { secret: 'current', action: 'rotated' },
      { secret: 'previous', action: 'rotated' },
    ])
    expect(await storedLeakRecords(test)).not.toContain(previous)
  })

  it('answers a resend of a report that failed after its rotation ended a previous secret as the first sending would have: both true_positive, rotated once', async () => {
    const test = await setup('rotate')
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    const report = [candidate(rotated.credentials.authToken), candidate(test.credentials.authToken)]
    // The current secret's leak and rotation commit; the previous secret's record fails to be written.
    const failing = await leakServiceFailingRecord(test, 2)
    await expect(failing.report(report)).rejects.toThrow('connection lost')
    expect(await leakEvents(test.core, test.account.admin)).toHaveLength(1)

    const { verdicts } = await test.core.leaks.report(report)
    expect(verdicts.map((verdict) => verdict.label)).toEqual(['true_positive', 'true_positive'])
    expect(await leakRotations(test)).toMatchObject([{ details: { reason: 'leak' } }])
    expect(await leakedSecrets(test)).toEqual([
      { secret: 'current', action: 'rotated' },
      { secret: 'previous', action: 'rotated' },
    ])
    const again = await test.core.leaks.report(report)
    expect(again.verdicts).toEqual(verdicts)
    expect(await leakEvents(test.core, test.account.admin)).toHaveLength(2)
  })

  it('still records a previous secret a leak rotation ended as leaked after a master-key rotation: it is remembered by SHA-256, which no key changes', async () => {
    const test = await setup('rotate')
    const rotated = await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    await test.core.leaks.report([candidate(rotated.credentials.authToken)])
    const restarted = await restartWithNewMasterKey(test)
    const { verdicts } = await restarted.core.leaks.report([candidate(test.credentials.authToken)])
    expect(verdicts).toMatchObject([{ label: 'true_positive' }])
    expect(await leakedSecrets({ ...test, core: restarted.core })).toEqual([
      { secret: 'current', action: 'rotated' },
      { secret: 'previous', action: 'rotated' },
    ])
  })

  it('forgets the previous secret a leak rotation ended once its token is deleted: no secret of ours any more', async () => {
    const test = await setup('rotate')
    await test.core.lifecycle.rotate(test.account.admin, test.token.id, {})
    const rotated = await test.core.tokens.reveal(test.account.admin, test.token.id)
    await test.core.leaks.report([candidate(rotated.authToken)])
    const db = await test.database()
    expect(await db.selectFrom('leak_ended_secrets').selectAll().execute()).toEqual([
      { token_hash: sha256(test.credentials.authToken), token_id: test.token.id },
    ])
    await test.core.tokens.remove(test.account.admin, test.token.id)
    expect(await db.selectFrom('leak_ended_secrets').selectAll().execute()).toEqual([])
    const { verdicts } = await test.core.leaks.report([candidate(test.credentials.authToken)])
    expect(verdicts).toMatchObject([{ label: 'false_positive' }])
  })

  it.each(['disable', 'rotate'] as const)(
    'resets a leaked legacy credential under the %s policy: it can be neither disabled nor rotated',
    async (policy) => {
      const test = await setup(policy)
      await test.core.legacy.enable(test.account.admin)
      const { readWrite } = await test.core.legacy.reveal(test.account.admin)
      expect((await test.core.leaks.report([candidate(readWrite.authToken)])).verdicts).toMatchObject([
        { label: 'true_positive' },
      ])
      expect(await test.core.verification.verify(readWrite.accountSid, readWrite.authToken)).toBeNull()
      expect((await test.core.legacy.reveal(test.account.admin)).readWrite.authToken).not.toBe(
        readWrite.authToken,
      )
      expect(await leakEvents(test.core, test.account.admin)).toMatchObject([
        { details: { action: 'reset' } },
      ])
    },
  )

  it('leaves the token alone under the notify policy but records the leak', async () => {
    const test = await setup('notify')
    await test.core.leaks.report([candidate(test.credentials.authToken)])
    expect(await verifyWith(test.core, test.credentials)).not.toBeNull()
    expect((await test.core.tokens.get(test.account.admin, test.token.id)).leak).toMatchObject({
      action: 'none',
    })
  })

  it.each(['disable', 'rotate', 'notify'] as const)(
    'applies the %s policy once: a second report of the same secret records and changes nothing',
    async (policy) => {
      const test = await setup(policy)
      await test.core.leaks.report([candidate(test.credentials.authToken)])
      const after = await test.core.tokens.get(test.account.admin, test.token.id)
      test.clock.advance(60_000)
      const { verdicts: again } = await test.core.leaks.report([
        candidate(test.credentials.authToken),
        candidate(test.credentials.authToken),
      ])
      expect(again.map((verdict) => verdict.label)).toEqual(['true_positive', 'true_positive'])
      expect(await test.core.tokens.get(test.account.admin, test.token.id)).toEqual(after)
      expect(await leakEvents(test.core, test.account.admin)).toHaveLength(1)
    },
  )

  it('records the URL and never the secret in the audit event and the leak record', async () => {
    const test = await setup()
    await test.core.leaks.report([candidate(test.credentials.authToken)])
    const [event] = await leakEvents(test.core, test.account.admin)
    expect(event).toMatchObject({
      actor: { type: 'system' },
      tokenId: test.token.id,
      details: { url: 'https://github.com/o/r/blob/abc/config.env', action: 'disabled' },
    })
    const dump =
      JSON.stringify(await (await test.database()).selectFrom('token_leaks').selectAll().execute()) +
      JSON.stringify(event)
    expect(dump).not.toContain(test.credentials.authToken)
  })

  it.each([
    {
      case: 'the secret split by a tab, which the URL parser drops',
      url: (secret: string) =>
        `https://github.com/o/r/blob/abc/${secret.slice(0, 12)}\t${secret.slice(12)}.env`,
    },
    {
      case: 'the secret split by a newline in its query',
      url: (secret: string) => `https://example.test/?t=${secret.slice(0, 12)}\n${secret.slice(12)}`,
    },
    {
      case: 'the secret with a character percent-encoded',
      url: (secret: string) =>
        `https://example.test/?t=%${secret.charCodeAt(0).toString(16)}${secret.slice(1)}`,
    },
  ])(
    'stores a URL holding $case as no URL, so the secret reaches neither the leak record nor the audit event nor the notification',
    async ({ url }) => {
      const test = await setup('notify')
      const secret = test.credentials.authToken
      await test.core.leaks.report([{ ...candidate(secret), url: url(secret) }])
      expect((await test.core.tokens.get(test.account.admin, test.token.id)).leak?.url).toBeNull()
      const dump = await storedLeakRecords(test)
      expect(dump).not.toContain(secret)
      const decoded = dump.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      )
      expect(decoded).not.toContain(secret)
    },
  )

  it.each([
    { case: 'a javascript: URL', url: 'javascript:alert(1)' },
    { case: 'a URL holding the secret', url: 'https://example.test/?t={secret}' },
    { case: 'no URL', url: undefined },
  ])('stores $case as no URL', async ({ url }) => {
    const test = await setup('notify')
    const { url: _url, ...withoutUrl } = candidate(test.credentials.authToken)
    const sent =
      url === undefined
        ? withoutUrl
        : { ...withoutUrl, url: url.replace('{secret}', test.credentials.authToken) }
    await test.core.leaks.report([sent])
    expect((await test.core.tokens.get(test.account.admin, test.token.id)).leak?.url).toBeNull()
  })

  it.each([
    {
      case: 'a URL longer than any kept (a deep path of percent-encoded characters)',
      extra: { url: `https://github.com/o/r/blob/abc/${'%E6%B5%8B'.repeat(500)}.env` },
    },
    { case: 'a null URL', extra: { url: null } },
    { case: 'a URL that is not a string', extra: { url: 42 } },
    { case: 'a source longer than any kept', extra: { source: 's'.repeat(300) } },
    { case: 'a null source', extra: { source: null } },
  ])(
    'still handles a report whose other candidate carries $case: the leaked token is disabled, and that candidate is labelled too',
    async ({ extra }) => {
      const test = await setup()
      // As it arrives in the JSON body, before any parse: not a SecretScanningCandidate.
      const odd = { ...candidate(neverIssued()), ...extra } as SecretScanningCandidate
      const { verdicts } = await test.core.leaks.report([odd, candidate(test.credentials.authToken)])
      expect(verdicts.map((verdict) => verdict.label)).toEqual(['false_positive', 'true_positive'])
      expect(await verifyWith(test.core, test.credentials)).toBeNull()
    },
  )

  it.each([
    { case: 'no token', entry: { type: 'token_console_auth_token' } },
    { case: 'a token that is not a string', entry: { token: 42, type: 'token_console_auth_token' } },
    { case: 'a null token', entry: { token: null, type: 'token_console_auth_token' } },
    { case: 'an empty token', entry: { token: '', type: 'token_console_auth_token' } },
    {
      case: 'a token over 1,024 characters',
      entry: { token: neverIssued().repeat(30), type: 'token_console_auth_token' },
    },
    { case: 'no type', entry: { token: neverIssued() } },
    { case: 'a type that is not a string', entry: { token: neverIssued(), type: ['token'] } },
    { case: 'a type over 200 characters', entry: { token: neverIssued(), type: 't'.repeat(201) } },
    { case: 'null instead of a candidate', entry: null },
    { case: 'a string instead of a candidate', entry: neverIssued() },
  ])(
    'handles the leaked tokens around an entry with $case: that entry is skipped and counted, never hashed or echoed',
    async ({ entry }) => {
      const test = await setup()
      const second = await createTestToken(test.core, test.account)
      const leaked = [test.credentials.authToken, second.credentials.authToken]
      // As it arrives in the JSON body, before any parse: not a SecretScanningCandidate.
      const outcome = await test.core.leaks.report([
        candidate(test.credentials.authToken),
        entry as SecretScanningCandidate,
        candidate(second.credentials.authToken),
      ])
      expect(outcome).toEqual({
        verdicts: leaked.map((token) => ({
          token_hash: sha256(token),
          token_type: 'token_console_auth_token',
          label: 'true_positive',
        })),
        skipped: 1,
      })
      expect(await verifyWith(test.core, test.credentials)).toBeNull()
      expect(await verifyWith(test.core, second.credentials)).toBeNull()
      expect(await leakEvents(test.core, test.account.admin)).toHaveLength(2)
      const token = typeof entry === 'string' ? entry : entry?.token
      if (typeof token === 'string' && token !== '') {
        expect(JSON.stringify(outcome)).not.toContain(token)
        expect(JSON.stringify(outcome)).not.toContain(sha256(token))
      }
    },
  )

  it.each([
    { policy: 'disable', action: 'disabled', verifies: false, rotating: false },
    { policy: 'rotate', action: 'rotated', verifies: true, rotating: true },
    { policy: 'notify', action: 'none', verifies: true, rotating: false },
  ] as const)(
    'applies the $policy policy to every leaked token of a report with a malformed entry among them',
    async ({ policy, action, verifies, rotating }) => {
      const test = await setup(policy)
      const second = await createTestToken(test.core, test.account)
      const outcome = await test.core.leaks.report([
        candidate(test.credentials.authToken),
        { token: 42, type: 'token_console_auth_token' } as unknown as SecretScanningCandidate,
        candidate(second.credentials.authToken),
      ])
      expect(outcome.verdicts.map((verdict) => verdict.label)).toEqual(['true_positive', 'true_positive'])
      expect(outcome.skipped).toBe(1)
      for (const { token, credentials } of [test, second]) {
        expect((await verifyWith(test.core, credentials)) !== null).toBe(verifies)
        const json = await test.core.tokens.get(test.account.admin, token.id)
        expect(json.leak).toMatchObject({ action })
        expect(json.rotation !== null).toBe(rotating)
      }
    },
  )

  it('refuses a report none of whose entries is a candidate with ValidationFailed naming the first, handling nothing; an empty report has no verdict', async () => {
    const test = await setup()
    await expect(
      test.core.leaks.report([
        { token: '', type: 'token_console_auth_token' },
        { token: neverIssued() } as SecretScanningCandidate,
      ]),
    ).rejects.toMatchObject({ code: 'ValidationFailed', params: { field: '0.token' } })
    expect(await leakEvents(test.core, test.account.admin)).toEqual([])
    expect(await test.core.leaks.report([])).toEqual({ verdicts: [], skipped: 0 })
  })

  it('reads each entry of a report once, even one of nothing but malformed entries: naming the first field that is wrong does not parse the whole report a second time', async () => {
    const test = await setup()
    let reads = 0
    // A second pass over 500,000 skipped entries doubled the time and held every one of their issues at once.
    // The first entry is read again to name its field; every other entry is read once.
    const entries = [
      { token: 42, type: 'token_console_auth_token' },
      ...Array.from({ length: 2 }, () => ({
        get token() {
          reads += 1
          return 42
        },
        type: 'token_console_auth_token',
      })),
    ]
    await expect(test.core.leaks.report(entries)).rejects.toMatchObject({
      code: 'ValidationFailed',
      params: { field: '0.token' },
    })
    expect(reads).toBe(2)
    reads = 0
    const outcome = await test.core.leaks.report([...entries, candidate(test.credentials.authToken)])
    expect(outcome).toMatchObject({ verdicts: [{ label: 'true_positive' }], skipped: 3 })
    expect(reads).toBe(2)
  })

  it('builds a validation error for no entry that is not even an object with a string token and type, but the first: 500,000 of them fit in 1 MB', async () => {
    const test = await setup()
    const parse = vi.spyOn(ReceivedSecretScanningCandidate, 'safeParse')
    try {
      const junk = [0, null, 'tcat_', [], {}, { token: 'x' }, { type: 't' }, { token: 1, type: 't' }]
      const padding = Array.from({ length: 1_000 }, (_, i) => junk[i % junk.length])
      const outcome = await test.core.leaks.report([...padding, candidate(test.credentials.authToken)])
      expect(outcome).toMatchObject({ verdicts: [{ label: 'true_positive' }], skipped: 1_000 })
      // The candidate itself; the junk none (a report of nothing else parses its first to name the field).
      expect(parse).toHaveBeenCalledTimes(1)
      parse.mockClear()
      await expect(test.core.leaks.report(padding)).rejects.toMatchObject({
        code: 'ValidationFailed',
        params: { field: '0', reason: expect.stringContaining('object') },
      })
      expect(parse).toHaveBeenCalledTimes(1)
    } finally {
      parse.mockRestore()
    }
  })

  it('handles a leaked token whose candidate has an empty type, as it did before entries were judged one by one: the type only describes the leak', async () => {
    const test = await setup()
    const { verdicts, skipped } = await test.core.leaks.report([
      { ...candidate(test.credentials.authToken), type: '' },
    ])
    expect({ verdicts, skipped }).toEqual({
      verdicts: [{ token_hash: sha256(test.credentials.authToken), token_type: '', label: 'true_positive' }],
      skipped: 0,
    })
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    expect(await leakEvents(test.core, test.account.admin)).toMatchObject([
      { details: { type: '', action: 'disabled' } },
    ])
  })

  it('keeps a leak whose own URL is too long to keep, without the URL', async () => {
    const test = await setup()
    const url = `https://github.com/o/r/blob/abc/${'%E6%B5%8B'.repeat(500)}.env`
    await test.core.leaks.report([{ ...candidate(test.credentials.authToken), url }])
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    expect((await test.core.tokens.get(test.account.admin, test.token.id)).leak).toMatchObject({
      url: null,
      action: 'disabled',
    })
  })

  it('records a leak whose candidate names a source or a type holding the secret without them, so the secret reaches neither the leak record nor the audit event nor the notification', async () => {
    const test = await setup('notify')
    const secret = test.credentials.authToken
    const { verdicts } = await test.core.leaks.report([
      { ...candidate(secret), source: `content ${secret}`, type: `token_console_auth_token ${secret}` },
    ])
    expect(verdicts).toMatchObject([{ label: 'true_positive' }])
    expect(await leakEvents(test.core, test.account.admin)).toMatchObject([
      { details: { source: null, type: null, action: 'none' } },
    ])
    expect(await storedLeakRecords(test)).not.toContain(secret)
  })

  it('handles a leaked token whose candidate names a source holding a NUL, which a PostgreSQL text column cannot store, recording the leak without the source', async () => {
    const test = await setup()
    const { verdicts } = await test.core.leaks.report([
      { ...candidate(test.credentials.authToken), source: 'content\u0000' },
    ])
    expect(verdicts).toMatchObject([{ label: 'true_positive' }])
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    expect(await leakEvents(test.core, test.account.admin)).toMatchObject([
      { details: { source: null, action: 'disabled' } },
    ])
  })

  it('still handles the candidates after one whose handling fails, then fails the report so that the scanner sends it again', async () => {
    const test = await setup()
    const broken = await createTestToken(test.core, test.other)
    // Written to the row directly: the policy service would refuse a value it cannot read.
    const storeOtherLeakResponse = async (value: string) =>
      (await test.database())
        .updateTable('account_policies')
        .set({ leak_response: value })
        .where('account_id', '=', test.other.accountId)
        .execute()
    // A candidate whose handling throws: its account's policy row cannot be read.
    await test.core.policies.update(test.other.admin, { leakResponse: 'notify' })
    await storeOtherLeakResponse('unreadable')
    await expect(
      test.core.leaks.report([
        candidate(broken.credentials.authToken),
        candidate(test.credentials.authToken),
      ]),
    ).rejects.toThrow()
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
    // Sent again once the fault is gone: the handled candidate applies nothing again, the other is handled.
    await storeOtherLeakResponse('disable')
    const { verdicts } = await test.core.leaks.report([
      candidate(broken.credentials.authToken),
      candidate(test.credentials.authToken),
    ])
    expect(verdicts.map((verdict) => verdict.label)).toEqual(['true_positive', 'true_positive'])
    expect(await verifyWith(test.core, broken.credentials)).toBeNull()
    expect(await leakEvents(test.core, test.account.admin)).toHaveLength(1)
  })

  it.each(['tokens', 'token_leaks'] as const)(
    'still handles a leaked token when the batch read of %s fails, then fails the report so that the scanner sends it again',
    async (table) => {
      const test = await setup()
      const report = [candidate(neverIssued()), candidate(test.credentials.authToken)]
      const leaks = await leakServiceFailingRead(test, table)
      await expect(leaks.report(report)).rejects.toThrow('connection lost')
      expect(await verifyWith(test.core, test.credentials)).toBeNull()
      expect(await leakEvents(test.core, test.account.admin)).toHaveLength(1)
      // Sent again once the fault is gone: the leak handled already applies nothing again.
      const { verdicts } = await leaks.report(report)
      expect(verdicts.map((verdict) => verdict.label)).toEqual(['false_positive', 'true_positive'])
      expect(await leakEvents(test.core, test.account.admin)).toHaveLength(1)
    },
  )

  it('handles a report of more than 1,000 candidates (GitHub batches many matches in one report) instead of refusing them all', async () => {
    const test = await setup()
    const many = Array.from({ length: 2_000 }, (_, i) => candidate(`tcat_not_ours_${i}`))
    const { verdicts } = await test.core.leaks.report([...many, candidate(test.credentials.authToken)])
    expect(verdicts).toHaveLength(2_001)
    expect(verdicts.at(-1)).toMatchObject({ label: 'true_positive' })
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
  })

  it('looks never-issued candidates up 500 at a time, one read of the holders and one of the records each, and answers every candidate in the report’s order', async () => {
    const test = await setup()
    let queries = 0
    // Counted as answered: a union's second query passes through the plugin too, but is no read of its own.
    const leaks = await leakServiceWith(test, {
      transformQuery: (args) => args.node,
      async transformResult(args) {
        queries += 1
        return args.result
      },
    })
    const tokens = Array.from({ length: 1_200 }, (_, i) => numberedNeverIssued(i))
    const { verdicts } = await leaks.report(tokens.map(candidate))
    expect(verdicts.every((verdict) => verdict.label === 'false_positive')).toBe(true)
    // Three batches (500, 500, 200) of two reads, and no write: not two reads a candidate.
    expect(queries).toBe(6)

    tokens[700] = test.credentials.authToken
    const mixed = await leaks.report(tokens.map(candidate))
    expect(mixed.verdicts).toEqual(
      tokens.map((token, i) => ({
        token_hash: sha256(token),
        token_type: 'token_console_auth_token',
        label: i === 700 ? 'true_positive' : 'false_positive',
      })),
    )
    expect(await verifyWith(test.core, test.credentials)).toBeNull()
  })

  it.runIf(testDialect() === 'sqlite')(
    'judges never-issued tokens and a secret already recorded without taking the database writer: the report is answered while another connection holds it',
    async () => {
      const test = await setup(undefined, { busyTimeoutMs: 200 })
      await test.core.leaks.report([candidate(test.credentials.authToken)])
      const other = new SqliteDatabase(join(test.dataDir, DATABASE_FILE))
      try {
        other.exec('begin immediate')
        const tokens = [neverIssued('Q'), test.credentials.authToken, neverIssued('R'), neverIssued('S')]
        const { verdicts } = await test.core.leaks.report(tokens.map(candidate))
        expect(verdicts.map((verdict) => verdict.label)).toEqual([
          'false_positive',
          'true_positive',
          'false_positive',
          'false_positive',
        ])
      } finally {
        other.exec('rollback')
        other.close()
      }
    },
  )

  it('answers true_positive for a secret another report records and resets while this one reads it: a real leak is never labelled false_positive', async () => {
    const test = await setup('disable')
    await test.core.legacy.enable(test.account.admin)
    const { readWrite } = await test.core.legacy.reveal(test.account.admin)
    // The first report resets the legacy credential: once it commits, no credential holds the secret.
    const leaks = await leakServiceInterleaving(test, () =>
      test.core.leaks.report([candidate(readWrite.authToken)]),
    )
    const { verdicts } = await leaks.report([candidate(readWrite.authToken)])
    expect(verdicts.map((verdict) => verdict.label)).toEqual(['true_positive'])
    expect(await leakEvents(test.core, test.account.admin)).toHaveLength(1)
  })

  it.runIf(testDialect() === 'postgres')(
    'answers true_positive for a secret another report records and resets after this one’s write has looked for its record: the look for the holder comes after that commit',
    async () => {
      const test = await setup('disable')
      await test.core.legacy.enable(test.account.admin)
      const { readWrite } = await test.core.legacy.reveal(test.account.admin)
      // The second read of the records is the write's own: the other report commits right after it.
      const leaks = await leakServiceInterleaving(
        test,
        () => test.core.leaks.report([candidate(readWrite.authToken)]),
        2,
      )
      const { verdicts } = await leaks.report([candidate(readWrite.authToken)])
      expect(verdicts.map((verdict) => verdict.label)).toEqual(['true_positive'])
      expect(await leakEvents(test.core, test.account.admin)).toHaveLength(1)
    },
  )

  it('clears the leak from token JSON when a manager marks it handled, audited, and refuses an Analyst', async () => {
    const test = await setup('notify')
    await test.core.leaks.report([candidate(test.credentials.authToken)])
    await expect(test.core.leaks.markHandled(test.account.analyst, test.token.id)).rejects.toMatchObject({
      code: 'RoleNotPermitted',
    })
    await expect(test.core.leaks.markHandled(test.other.admin, test.token.id)).rejects.toMatchObject({
      code: 'TokenNotFound',
    })
    const handled = await test.core.leaks.markHandled(test.account.impl, test.token.id)
    expect(handled.leak).toBeNull()
    const { items } = await test.core.audit.list(test.account.admin, {})
    expect(items.filter((event) => event.action === 'token.leak_handled')).toHaveLength(1)
  })
})

describe('marking a leaked legacy credential handled', () => {
  it('clears the leak from the legacy JSON of that credential only, audited once, and refuses an Analyst and another account', async () => {
    const test = await setup('notify')
    await test.core.legacy.enable(test.account.admin)
    await test.core.legacy.enable(test.other.admin)
    const { readWrite, readOnly } = await test.core.legacy.reveal(test.account.admin)
    await test.core.leaks.report([candidate(readWrite.authToken), candidate(readOnly.authToken)])
    const leaked = await test.core.legacy.get(test.account.admin)
    expect(leaked).toMatchObject({
      enabled: true,
      readWrite: { leak: { action: 'none', url: candidate('').url } },
      readOnly: { leak: { action: 'none' } },
    })

    await expect(test.core.leaks.markLegacyHandled(test.account.analyst, 'read_write')).rejects.toMatchObject(
      { code: 'RoleNotPermitted' },
    )
    // Another account's own legacy credential has no leak: its call changes nothing here.
    await test.core.leaks.markLegacyHandled(test.other.admin, 'read_write')
    expect(await test.core.legacy.get(test.account.admin)).toEqual(leaked)

    const handled = await test.core.leaks.markLegacyHandled(test.account.impl, 'read_write')
    expect(handled).toMatchObject({
      enabled: true,
      readWrite: { leak: null },
      readOnly: { leak: { action: 'none' } },
    })
    expect(await test.core.legacy.get(test.account.admin)).toEqual(handled)
    await test.core.leaks.markLegacyHandled(test.account.impl, 'read_write')
    const { items } = await test.core.audit.list(test.account.admin, {})
    const rw = leaked.enabled ? leaked.readWrite.id : ''
    expect(items.filter((event) => event.action === 'token.leak_handled')).toMatchObject([
      { tokenId: rw, details: { name: 'Read/Write', access: 'read_write', leaks: 1 } },
    ])
  })

  it('answers LegacyNotEnabled while legacy tokens are off, and refuses an unknown access', async () => {
    const test = await setup()
    await expect(test.core.leaks.markLegacyHandled(test.account.admin, 'read_only')).rejects.toMatchObject({
      code: 'LegacyNotEnabled',
    })
    await test.core.legacy.enable(test.account.admin)
    await expect(
      test.core.leaks.markLegacyHandled(test.account.admin, 'admin' as 'read_only'),
    ).rejects.toMatchObject({ code: 'ValidationFailed' })
  })
})

describe('checking a string against the credentials', () => {
  it('answers this-account with the token id, not-yours for another account, unknown for anything else', async () => {
    const test = await setup()
    const theirs = await createTestToken(test.core, test.other)
    const check = (authToken: string) => test.core.leaks.checkCredential(test.account.admin, { authToken })
    expect(await check(test.credentials.authToken)).toEqual({ match: 'this-account', tokenId: test.token.id })
    expect(await check(theirs.credentials.authToken)).toEqual({ match: 'not-yours' })
    expect(await check(neverIssued())).toEqual({ match: 'unknown' })
    expect(await check('tcat_short')).toEqual({ match: 'unknown' })
  })

  it('audits each check with its answer and never the string, and refuses an Analyst', async () => {
    const test = await setup()
    await expect(
      test.core.leaks.checkCredential(test.account.analyst, { authToken: test.credentials.authToken }),
    ).rejects.toMatchObject({ code: 'RoleNotPermitted' })
    await test.core.leaks.checkCredential(test.account.admin, { authToken: test.credentials.authToken })
    const { items } = await test.core.audit.list(test.account.admin, {})
    const checks = items.filter((event) => event.action === 'credential.check')
    expect(checks).toMatchObject([{ tokenId: test.token.id, details: { match: 'this-account' } }])
    expect(JSON.stringify(checks)).not.toContain(test.credentials.authToken)
  })
})
