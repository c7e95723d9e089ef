import { latestApiVersion } from '../../accounts/account-kinds.js'
import { allScopes } from '../../scopes/catalog.js'
import type { TokenState } from '../../tokens/token-schemas.js'
import type { ActorContext } from '../core-contract.js'
import { createKeyring } from '../crypto/keyring.js'
import { resolveMasterKey } from '../crypto/master-key.js'
import { generateId } from '../crypto/random-secrets.js'
import { openDatabase } from '../database/open-database.js'
import { runInTransaction } from '../database/run-in-transaction.js'
import { openCore } from '../open-core.js'
import { insertTokens, type NewTokenRow } from '../tokens/insert-token.js'
import { newTokenRow } from '../tokens/new-token-row.js'
import { DAY_MS } from '../../time/durations.js'

/** What the benchmark needs to call the seeded account: an admin login and a platform credential. */
export interface BenchAccount {
  accountId: string
  adminEmail: string
  adminPassword: string
  /** A scoped token holding `GET /Account`, with a rate limit no benchmark run reaches. */
  platformCredential: { accountSid: string; authToken: string; apiVersion: string }
  /** Scoped tokens in the account, the platform one included. */
  tokenCount: number
  /** Tokens in every account seeded, the platform one included. */
  totalTokens: number
  /** Enabled tokens picked evenly over the whole seed (as many as `sample` asked). */
  sample: SampledCredential[]
}

export interface SeedBenchAccountOptions {
  dataDir: string
  /** PostgreSQL instead of SQLite in `dataDir`. */
  databaseUrl?: string
  masterKey: string
  /** Scoped tokens to hold in the account, the platform one included. */
  tokens: number
  /**
   * The scale mode: this many other brand accounts, each with an administrator, sharing these
   * tokens evenly (the remainder on the first ones), inserted like the bench account's bulk.
   */
  otherAccounts?: { count: number; tokens: number }
  /** How many enabled tokens, spread over every account, to answer with their credentials (cold lookups). */
  sample?: number
  /** Called after each committed batch with the number of tokens inserted so far. */
  onProgress?: (inserted: number) => void
}

/** A seeded token's credential and one scope it holds (for POST /verify). */
export interface SampledCredential {
  accountSid: string
  authToken: string
  scope: string
}

const BENCH_PASSWORD = 'bench-password'
const BENCH_RATE_LIMIT = 10_000_000
/** Tokens per transaction: large enough to amortise the commit, small enough to report progress. */
const TOKENS_PER_TRANSACTION = 5_000

/**
 * Names the list searches run against: several scripts and forms, each stem a few percent of the
 * account, so a search walks a realistic share of the index before its page is full.
 */
export const BENCH_NAME_STEMS = [
  'Orders sync',
  'Reports export',
  'Catalog feed',
  'Partner import',
  'Clicks pull',
  'Invoice push',
  'Deals watcher',
  'Ads uploader',
  'Notes bot',
  'Café bridge',
  'Größen-Import',
  '订单同步',
  '报表导出',
  'ＦＵＬＬＷＩＤＴＨ relay',
  'Conversions relay',
  'Promo codes job',
] as const

/** A small deterministic generator, so every run seeds the same names, ages and states. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * Seeds a fresh database with one brand account holding `tokens` scoped tokens, for `pnpm bench`.
 * The account, its admin and the platform token go through the services; the bulk is inserted in
 * batches with the rows the services write (sealed and digested credentials, scopes from the
 * catalog, e-mails), created over the last two years, one in eight disabled.
 */
export async function seedBenchAccount(options: SeedBenchAccountOptions): Promise<BenchAccount> {
  const storage = {
    dataDir: options.dataDir,
    ...(options.databaseUrl !== undefined ? { databaseUrl: options.databaseUrl } : {}),
  }
  const core = await openCore({ ...storage, masterKey: options.masterKey, demoData: false })
  const kind = 'brand' as const
  const apiVersion = latestApiVersion(kind)
  const adminEmail = 'admin@bench.test'
  let accountId: string
  let adminUserId: string
  let platformCredential: BenchAccount['platformCredential']
  try {
    const account = await core.provisioning.createAccount({ kind, name: 'Bench Outdoor' })
    const admin = await core.provisioning.createUser({
      accountId: account.id,
      email: adminEmail,
      name: 'Bench Admin',
      role: 'account_administrator',
      password: BENCH_PASSWORD,
    })
    accountId = account.id
    adminUserId = admin.id
    const context: ActorContext = {
      accountId,
      actor: { type: 'user', userId: admin.id, role: admin.role },
      ip: null,
    }
    const created = await core.tokens.create(context, {
      name: 'Bench platform client',
      primaryContactUserId: admin.id,
      scopes: ['GET /Account'],
      rateLimitPerHour: BENCH_RATE_LIMIT,
    })
    platformCredential = { ...created.credentials, apiVersion: created.token.apiVersion }
  } finally {
    await core.close()
  }

  const keyring = createKeyring(resolveMasterKey(options))
  const { db } = await openDatabase(storage)
  const random = mulberry32(7)
  const scopes = [...allScopes(kind, apiVersion)]
  const now = Date.now()
  const other = options.otherAccounts ?? { count: 0, tokens: 0 }
  const totalTokens = options.tokens + other.tokens
  const wanted = options.sample ?? 0
  // Every n-th enabled token is sampled, so the sample spans every account.
  const sampleEvery = wanted > 0 ? Math.max(1, Math.floor((totalTokens * 0.875) / wanted)) : 0
  const sample: SampledCredential[] = []
  let inserted = 1
  let enabledSeen = 0

  async function insertBulk(owner: { accountId: string; userId: string }, count: number): Promise<void> {
    for (let start = 0; start < count; start += TOKENS_PER_TRANSACTION) {
      const batch: NewTokenRow[] = []
      for (let i = start; i < Math.min(count, start + TOKENS_PER_TRANSACTION); i++) {
        const first = Math.floor(random() * scopes.length)
        const stem = BENCH_NAME_STEMS[Math.floor(random() * BENCH_NAME_STEMS.length)] as string
        const state: TokenState = random() < 0.125 ? 'disabled' : 'enabled'
        // Three neighbouring catalog scopes, stored in catalog order as the services store them.
        const held = [0, 1, 2]
          .map((offset) => scopes[(first + offset) % scopes.length] as string)
          .sort((a, b) => scopes.indexOf(a) - scopes.indexOf(b))
        const token = newTokenRow(keyring, {
          accountId: owner.accountId,
          name: `${stem} ${i + 1}`,
          description: 'Seeded for the benchmark.',
          apiVersion,
          state,
          primaryContactUserId: owner.userId,
          rateLimitPerHour: 1_000,
          scopes: held,
          developerEmails: i % 5 === 0 ? [`dev${i}@partner.test`] : [],
          createdAt: new Date(now - Math.floor(random() * 730 * DAY_MS)).toISOString(),
        })
        if (
          state === 'enabled' &&
          sampleEvery > 0 &&
          sample.length < wanted &&
          enabledSeen++ % sampleEvery === 0
        )
          sample.push({ ...token.credentials, scope: held[0] as string })
        batch.push(token.row)
      }
      await runInTransaction(db, (trx) => insertTokens(trx, batch))
      inserted += batch.length
      options.onProgress?.(inserted)
    }
  }

  try {
    await insertBulk({ accountId, userId: adminUserId }, Math.max(0, options.tokens - 1))
    if (other.count > 0) {
      // The other accounts' administrators share the bench administrator's password hash: hashing
      // a thousand passwords would only slow the seed down.
      const admin = await db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', adminUserId)
        .executeTakeFirstOrThrow()
      const createdAt = new Date(now).toISOString()
      for (let a = 0; a < other.count; a++) {
        const owner = { accountId: generateId('acc'), userId: generateId('usr') }
        await runInTransaction(db, async (trx) => {
          await trx
            .insertInto('accounts')
            .values({
              id: owner.accountId,
              kind,
              name: `Scale account ${a + 1}`,
              legacy_enabled_at: null,
              created_at: createdAt,
            })
            .execute()
          await trx
            .insertInto('users')
            .values({
              id: owner.userId,
              account_id: owner.accountId,
              email: `admin${a + 1}@scale.test`,
              name: `Scale Admin ${a + 1}`,
              role: 'account_administrator',
              password_hash: admin.password_hash,
              locale: null,
              created_at: createdAt,
            })
            .execute()
        })
        const share = Math.floor(other.tokens / other.count) + (a < other.tokens % other.count ? 1 : 0)
        await insertBulk(owner, share)
      }
    }
  } finally {
    await db.destroy()
  }
  return {
    accountId,
    adminEmail,
    adminPassword: BENCH_PASSWORD,
    platformCredential,
    tokenCount: options.tokens,
    totalTokens,
    sample,
  }
}
