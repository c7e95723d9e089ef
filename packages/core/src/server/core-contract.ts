import type {
  AccountKind,
  AccountPolicy,
  AccountView,
  AuditActor,
  AuditEventView,
  AuditExportEvent,
  AuditFilterInput,
  CreateTokenInput,
  CreateWebhookInput,
  CreatedWebhook,
  DeliveryView,
  EmailDeliveryPage,
  EmailDeliveryQuery,
  EmailDeliveryView,
  CredentialCheckInput,
  CredentialCheckResult,
  Credentials,
  DuplicateInput,
  LegacyCredentials,
  LegacyTokensView,
  Locale,
  Role,
  SessionView,
  TokenFilterInput,
  TokenView,
  TokenWithCredentials,
  RenewTokenInput,
  RotateTokenInput,
  SecretScanningOutcome,
  UnusedPreviewQuery,
  UnusedTokensPreview,
  UpdatePolicyInput,
  UpdateTokenInput,
  UpdateWebhookInput,
  WebhookView,
  UpgradeInput,
  UserSummary,
  AccountUsage,
  LegacyAccess,
  TokenUsage,
  LegacyUpgradePreview,
  UpgradePreview,
  UpgradePreviewQuery,
  UsageOutcome,
  UsageQuery,
} from '../index.js'
import type { OutboxDepth } from './notifications/outbox-depth.js'
import type { CoreLogger } from './core-logger.js'
import type { ChangeFeedDelivery } from './verification/token-change-feed.js'
import type { CredentialOwner } from './verification/verification-cache.js'

/**
 * The shape of the server core as the API sees it. Every business rule sits behind these
 * functions; they throw TokenConsoleError (with a code) for every refusal.
 */

/**
 * An integration acting with a token, and what that token holds: the scopes and rate limit it was
 * verified with for this request. The delegation rule (access/require-delegable.ts) bounds what it
 * may grant by them. Built from a VerifiedCredential by tokenActorOf.
 */
export interface TokenActor {
  type: 'token'
  tokenId: string
  scopes: ReadonlySet<string>
  rateLimitPerHour: number
  /** Verified with the previous auth token of a rotation in progress: a secret being retired. */
  retiringSecret: boolean
  /** When the token expires (epoch ms), null when never: what it grants may not outlive it. */
  expiresAtMs: number | null
  /** The digest of the auth token presented, so a write can confirm it still holds (current-token-actor.ts). */
  secretDigest: Buffer
}

/** Who is acting, for which account, from where. Built by the API from a session or a credential. */
export type ActorContext =
  | { accountId: string; actor: { type: 'user'; userId: string; role: Role }; ip: string | null }
  | { accountId: string; actor: TokenActor; ip: string | null }

export interface CoreConfig {
  /** SQLite file and master-key file live here. */
  dataDir: string
  /** postgres://… selects PostgreSQL; unset means SQLite in dataDir. */
  databaseUrl?: string | undefined
  /** base64 of 32 bytes; unset means a 0600 key file in dataDir, created on first start. */
  masterKey?: string | undefined
  /** Seed the demo accounts into an empty database. */
  demoData: boolean
  /** Injected clock for tests. */
  now?: () => Date
  /** SQLite busy timeout in ms (default 5000). */
  busyTimeoutMs?: number
  /**
   * How long a verified credential may be served from memory (default 1000 ms; 0 disables the
   * cache). Writes evict at once on this instance; on PostgreSQL other instances evict on the
   * change notification (LISTEN/NOTIFY) and serve nothing from memory while not listening, so the
   * TTL only bounds what a lost notification can cost.
   */
  verificationCacheTtlMs?: number
  /** Most credentials kept in the verification cache (default 10,000). */
  verificationCacheSize?: number
  /** How often recorded uses are written as last-used times (default 1000 ms). */
  lastUsedFlushIntervalMs?: number
  /** How often recorded usage counts are written (default 1000 ms, as last-used times). */
  usageFlushIntervalMs?: number
  /** PostgreSQL: how often shared limits are reconciled (default 100 ms; see `sharedLimits`). */
  limitReconcileIntervalMs?: number
  /** How often this instance looks for due recurring jobs (default 60,000 ms; scheduler/job-scheduler.ts). */
  schedulerTickMs?: number
  /** Receives operational events; unset means they are dropped. */
  logger?: CoreLogger
  /** SMTP server for notification e-mails (`smtp://…`, `smtps://…`); unset: e-mails stay queued (24 hours). */
  smtpUrl?: string | undefined
  /** The e-mails' From address (default `Token Console <no-reply@localhost>`). */
  smtpFrom?: string | undefined
  /**
   * The console's public address (`https://tokens.example.com`, optionally with a path prefix):
   * each notification e-mail links to its token's page there. Unset: e-mails carry no link.
   */
  publicUrl?: string | undefined
  /**
   * Lets webhooks use http:// and reach loopback, private and link-local addresses: local
   * development and tests only (docs/SECURITY.md "Webhooks").
   */
  webhooksAllowPrivate?: boolean | undefined
  /** How often the notification delivery loop looks for due rows (default 2000 ms; 0: no loop). */
  notificationIntervalMs?: number | undefined
}

export interface LoginResult {
  /** The cookie value: 256 random bits, base64url. Only its digest is stored. */
  sessionId: string
  session: SessionView
}

export interface SessionContext {
  session: SessionView
  context: ActorContext
}

/** A Basic header's two parts, as the core parsed them (not yet verified). */
export interface BasicCredential {
  accountSid: string
  authToken: string
}

export interface VerifiedCredential extends CredentialOwner {
  accountSid: string
  apiVersion: string
  scopes: ReadonlySet<string>
  rateLimitPerHour: number
  /** When the token expires (epoch ms), null when never. */
  expiresAtMs: number | null
  /** During a rotation: which auth token was presented, the previous (`old`) or the new one. */
  rotationSecret?: RotationSecret
  /** The digest of the auth token presented (never answered or logged): a write by the token confirms with it that the secret still holds. */
  secretDigest: Buffer
}

export type RotationSecret = 'old' | 'new'
/** One unit counted against a limit, or refused. */
export interface LimitTake {
  counted: boolean
  /** The key's count in its window as this instance knows it, every instance's units included. */
  count: number
  /**
   * Seconds until the window ends, at least 1 (a refusal's Retry-After). A refusal of 1 second may
   * also mean: wait for the next reconciliation, which may grant this instance more.
   */
  secondsLeft: number
}

/**
 * Counters of one named limit in fixed windows aligned to the epoch, shared by every instance.
 * Requests are counted in memory; a timer reconciles the counts through the database in batches,
 * so nothing here waits for the database per request (docs/SECURITY.md "Limits across instances").
 */
export interface SharedWindowCounters {
  /**
   * Counts one for the key unless its window holds `limit`. Answers at once, except when this
   * instance has used what it may count alone before the next reconciliation: then the promise
   * settles after it (at most one interval later).
   */
  take(key: string, limit: number): LimitTake | Promise<LimitTake>
  /** Seconds the key must wait before one more unit may be counted; 0 when it may (a failure throttle's check). */
  retryAfter(key: string, limit: number): number
  /** Counts one for the key whatever its count (a failure that happened). */
  add(key: string, limit: number): void
  /** The key's count in its current window as this instance knows it (0 without one). */
  count(key: string): number
  /** Starts the key's window again from zero, on every instance from their next reconciliation. */
  forget(key: string): void
}

export interface SharedLimits {
  /** The counters of the limit `name` (one set per name and window length). */
  counters(name: string, windowMs: number): SharedWindowCounters
  /**
   * Settles after the next reconciliation, successful or not: for a check refused only until then
   * (`retryAfter` 1), which may grant this instance more.
   */
  nextRound(): Promise<void>
}

/**
 * `ok`: the database answered a trivial query within the probe's time and takes writes;
 * `read-only`: it answers but refuses writes (PostgreSQL: a hot standby, or a primary set read-only);
 * `unavailable`: no answer in time, or the core is closing.
 */
export type DatabaseReadiness = 'ok' | 'read-only' | 'unavailable'

/** What a readiness probe needs to know: can this instance serve its next request? */
export interface CoreReadiness {
  database: DatabaseReadiness
  /** PostgreSQL: the change listener is connected (else the cache serves nothing); null on SQLite. */
  changeListener: boolean | null
}

/** Counts an operator's metrics read; reading them costs nothing on the request path. */
export interface CoreStats {
  verificationCache: { hits: number; misses: number; entries: number }
  /** PostgreSQL's connection pool; null on SQLite (one connection, no pool). */
  databasePool: { max: number; total: number; idle: number; waiting: number } | null
  /** Other instances' token changes as they arrived here; null on SQLite (one instance). */
  changeFeed: Readonly<ChangeFeedDelivery> | null
}

export interface TokenConsoleCore {
  close(): Promise<void>

  /** For probes and metrics, never for business decisions. */
  operations: {
    readiness(): Promise<CoreReadiness>
    stats(): CoreStats
    /** What the notification outbox still has to send (one read). */
    outbox(): Promise<OutboxDepth>
  }

  /**
   * Limits shared by every instance on PostgreSQL; null on SQLite, where one instance serves and
   * counts in its own memory.
   */
  sharedLimits: SharedLimits | null

  /** Creating accounts and users: used by the demo seed, tests and operators' scripts, never by HTTP. */
  provisioning: {
    createAccount(input: { kind: AccountKind; name: string }): Promise<AccountView>
    createUser(input: {
      accountId: string
      email: string
      name: string
      role: Role
      password: string
      locale?: Locale | null
    }): Promise<UserSummary & { role: Role }>
  }

  auth: {
    login(email: string, password: string, ip: string | null): Promise<LoginResult>
    /**
     * Null when unknown, expired (idle 30 min or absolute 12 h) or logged out. Slides the idle
     * expiry. The returned context has `ip: null`: the API fills in the request's address.
     */
    resume(sessionId: string): Promise<SessionContext | null>
    /** Ends the session; `ip` is the address the sign-out came from, for the audit trail. */
    logout(sessionId: string, ip: string | null): Promise<void>
    setLocale(context: ActorContext, locale: Locale): Promise<void>
  }

  accounts: {
    get(context: ActorContext): Promise<AccountView>
    /** The account a verified credential acts for, from what verification read: no query per request. */
    ofCredential(credential: VerifiedCredential): AccountView
  }

  users: {
    list(context: ActorContext): Promise<UserSummary[]>
  }

  /** Lists take the filter as parsed at the edge or raw (defaults and limits are applied here). */
  tokens: {
    list(
      context: ActorContext,
      filter: TokenFilterInput,
    ): Promise<{ items: TokenView[]; nextCursor: string | null }>
    get(context: ActorContext, id: string): Promise<TokenView>
    create(context: ActorContext, input: CreateTokenInput): Promise<TokenWithCredentials>
    update(context: ActorContext, id: string, input: UpdateTokenInput): Promise<TokenView>
    duplicate(context: ActorContext, id: string, input?: DuplicateInput): Promise<TokenWithCredentials>
    reset(context: ActorContext, id: string): Promise<TokenWithCredentials>
    upgrade(context: ActorContext, id: string, input: UpgradeInput): Promise<TokenView>
    disable(context: ActorContext, id: string): Promise<TokenView>
    enable(context: ActorContext, id: string): Promise<TokenView>
    remove(context: ActorContext, id: string): Promise<void>
    reveal(context: ActorContext, id: string): Promise<Credentials>
  }

  /** Expiry renewal and rotation with overlap of scoped tokens (issue 15). */
  lifecycle: {
    /** A new expiry within the account's policy (null = never, unless the policy requires one); same credentials. */
    renew(context: ActorContext, id: string, input: RenewTokenInput): Promise<TokenView>
    /**
     * A new auth token; the previous one keeps verifying until the overlap ends or traffic confirms
     * the switch. Refused with RotationInProgress while one is in progress.
     */
    rotate(context: ActorContext, id: string, input: RotateTokenInput): Promise<TokenWithCredentials>
    /** Retires the previous auth token now (NoRotationInProgress without a rotation). */
    completeRotation(context: ActorContext, id: string): Promise<TokenView>
  }

  /** The account's token policy (defaults until first saved). */
  policies: {
    get(context: ActorContext): Promise<AccountPolicy>
    update(context: ActorContext, input: UpdatePolicyInput): Promise<AccountPolicy>
    /**
     * The unused-token policy's dry run: the tokens a run now would disable for `days`, or for the
     * saved `disableUnusedAfterDays` (none while it is off). The job disables by the same query.
     */
    previewUnused(context: ActorContext, query: UnusedPreviewQuery): Promise<UnusedTokensPreview>
  }

  /** The server's recurring jobs (scheduler/job-scheduler.ts), ticking on their own every `schedulerTickMs`. */
  jobs: {
    /**
     * One tick now: runs each job that is due and whose lease this instance takes, answering their
     * names. For operators' scripts and tests; the scheduler does the same by itself.
     */
    runDue(): Promise<string[]>
  }

  /** Account webhooks (issue 15): token managers only; another account's webhook is NotFound. */
  webhooks: {
    list(context: ActorContext): Promise<WebhookView[]>
    get(context: ActorContext, id: string): Promise<WebhookView>
    /**
     * The signing secret (`whsec_…`) is answered here once and never again. WebhookLimitReached at
     * WEBHOOKS_PER_ACCOUNT_MAX webhooks.
     */
    create(context: ActorContext, input: CreateWebhookInput): Promise<CreatedWebhook>
    update(context: ActorContext, id: string, input: UpdateWebhookInput): Promise<WebhookView>
    remove(context: ActorContext, id: string): Promise<void>
    /** The latest deliveries to the webhook, newest first. */
    deliveries(context: ActorContext, id: string): Promise<DeliveryView[]>
    /** A new attempt for the delivery's event, due now (same webhook-id); DeliveryPending while it is pending. */
    resend(context: ActorContext, id: string, deliveryId: string): Promise<DeliveryView>
  }

  /**
   * The account's notification e-mails (their delivery log): the managers who read the webhooks'
   * logs, users only; another account's delivery is NotFound.
   */
  emailDeliveries: {
    /** Newest first, a keyset page at a time. */
    list(context: ActorContext, query: EmailDeliveryQuery): Promise<EmailDeliveryPage>
    /** A new attempt for the e-mail, due now; DeliveryPending while it is pending, as for a webhook's. */
    resend(context: ActorContext, deliveryId: string): Promise<EmailDeliveryView>
  }

  /** The notification outbox's sender (server/notifications). */
  notifications: {
    /** Whether an SMTP server is configured; without one e-mails stay queued (24 hours, then they expire). */
    emailConfigured: boolean
    /** One delivery round now (the loop runs them on its own; tests call it directly). */
    deliverDue(): Promise<number>
  }

  /** Leaked credentials (issue 16): docs/SECURITY.md "Leaked credentials". */
  leaks: {
    /**
     * A secret scanner's report, already authenticated by the caller (signature): one verdict per
     * candidate, in order. A true positive is recorded once per secret with the account's leak
     * response applied (disable, rotate or nothing); a second report of it changes nothing. An entry
     * that is no candidate (`token` missing, not a string, empty or too long; `type` missing, not a string or too long) is skipped and
     * counted, so it cannot keep the others from being handled; a report of nothing but such entries
     * is refused (ValidationFailed), like one that is not an array.
     */
    report(report: unknown): Promise<SecretScanningOutcome>
    /** Clears the token's `leak` (every unhandled leak of it); audited when there was one. */
    markHandled(context: ActorContext, id: string): Promise<TokenView>
    /** The same for a legacy credential (LegacyNotEnabled while legacy tokens are off). */
    markLegacyHandled(context: ActorContext, access: LegacyAccess): Promise<LegacyTokensView>
    /** Whose credential is this string? Managers only; audited without the string. */
    /**
     * `admit`: the edge's throttle, awaited once the caller may check (a token manager, valid input)
     * and before the lookup, so refused callers use up no one's allowance.
     */
    checkCredential(
      context: ActorContext,
      input: CredentialCheckInput,
      admit?: () => Promise<void>,
    ): Promise<CredentialCheckResult>
  }

  legacy: {
    get(context: ActorContext): Promise<LegacyTokensView>
    enable(context: ActorContext): Promise<LegacyTokensView>
    reset(
      context: ActorContext,
      access: LegacyAccess,
    ): Promise<{ legacy: LegacyTokensView; credentials: Credentials }>
    upgrade(context: ActorContext, input: UpgradeInput): Promise<LegacyTokensView>
    reveal(context: ActorContext): Promise<LegacyCredentials>
  }

  audit: {
    list(
      context: ActorContext,
      filter: AuditFilterInput,
    ): Promise<{ items: AuditEventView[]; nextCursor: string | null }>
    /**
     * Every event matching the filter (the page size is ignored), newest first, read in keyset
     * batches: for an export that streams the whole filtered set. Authorised before the first event.
     * Each says which legacy credential its acting and target token are, for the export to name them.
     */
    exportAll(context: ActorContext, filter: AuditFilterInput): AsyncGenerator<AuditExportEvent, void>
  }

  verification: {
    /** Null for every kind of bad credential (unknown, wrong, disabled, expired, deleted, rotated away): one answer. */
    verify(accountSid: string, authToken: string): Promise<VerifiedCredential | null>
    /**
     * Parses `Basic base64(sid:token)`; null for any malformation or bad credential, never throws
     * for anything the caller sent. A storage failure throws TokenConsoleError('Busy'/'StorageFull')
     * or an internal error (fail closed: 503/500, never an authorisation).
     */
    verifyAuthorization(header: string | null | undefined): Promise<VerifiedCredential | null>
    /**
     * The same strict parse of `Basic base64(sid:token)` that verifyAuthorization applies, undefined
     * for any malformation: for a caller that needs the SID before verifying (to throttle failures)
     * and then hands the result to verifyBasic, so the header is decoded once.
     */
    parseAuthorization(header: string | null | undefined): BasicCredential | undefined
    /** verifyAuthorization of an already parsed header: undefined costs the same digest work and is null. */
    verifyBasic(parsed: BasicCredential | undefined): Promise<VerifiedCredential | null>
    /**
     * Records a use for last-used bookkeeping, batched off the request path; during a rotation,
     * pass the credential's `rotationSecret` so the use counts for the old or the new auth token.
     */
    recordUse(tokenId: string, rotationSecret?: RotationSecret): void
  }

  /** Usage of tokens (issue 14): docs/SECURITY.md "Usage records". */
  usage: {
    /**
     * Counts one authenticated request of the credential for `scope` (the catalog template, or
     * the verified scope on /verify) with its outcome and client, in memory; written in batches
     * off the request path. Never for a refused credential (401).
     */
    record(
      credential: VerifiedCredential,
      scope: string,
      outcome: UsageOutcome,
      address: string | null,
      userAgent: string | null,
    ): void
    /** A scoped token's usage in the range, with least privilege from the last 30 days. */
    token(context: ActorContext, id: string, query: UsageQuery): Promise<TokenUsage>
    /** A legacy credential's usage (LegacyNotEnabled while legacy tokens are off). */
    legacy(context: ActorContext, access: LegacyAccess, query: UsageQuery): Promise<TokenUsage>
    /** The account's totals and series, and every token with traffic in the range. */
    account(context: ActorContext, query: UsageQuery): Promise<AccountUsage>
    /** How the answers of the endpoints a token called change if upgraded (default: to the latest). */
    upgradePreview(context: ActorContext, id: string, query: UpgradePreviewQuery): Promise<UpgradePreview>
    /** The same for the legacy credentials, which upgrade together (LegacyNotEnabled while off). */
    legacyUpgradePreview(context: ActorContext, query: UpgradePreviewQuery): Promise<LegacyUpgradePreview>
    /** Deletes usage older than 90 days (for the recurring-job scheduler). */
    prune(): Promise<{ usageRows: number; clientRows: number }>
  }
}

export type { AuditActor }
export type { ChangeFeedDelivery, OutboxDepth }
export type { CoreLogFields, CoreLogger, CoreLogLevel } from './core-logger.js'
