import type { Kysely, Transaction } from 'kysely'

/**
 * Row shapes of the database. Times are ISO-8601 UTC text with milliseconds
 * (`YYYY-MM-DDTHH:mm:ss.sssZ`), which sorts lexically in both SQLite and PostgreSQL.
 */
export interface AccountsTable {
  id: string
  kind: string
  name: string
  legacy_enabled_at: string | null
  created_at: string
}

export interface UsersTable {
  id: string
  account_id: string
  email: string
  name: string
  role: string
  password_hash: string
  locale: string | null
  created_at: string
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session id; the id itself is only ever in the user's cookie. */
  id_digest: string
  user_id: string
  csrf_token: string
  created_at: string
  idle_expires_at: string
  absolute_expires_at: string
}

export interface TokensTable {
  id: string
  account_id: string
  kind: string
  sid: string
  name: string
  /** `searchableName(name)`: the folded form the name filter matches against. */
  name_search: string
  description: string
  api_version: string
  state: string
  /** HMAC-SHA-256 of the auth token under the digest key, base64url. */
  secret_digest: string
  /** AES-256-GCM sealed auth token: `v1.<keyId>.<nonce>.<ciphertext+tag>`. */
  sealed_secret: string
  primary_contact_user_id: string | null
  rate_limit_per_hour: number
  created_at: string
  updated_at: string
  reset_at: string | null
  last_used_at: string | null
  /** null: never expires. */
  expires_at: string | null
  /** Set while a rotation is in progress (or has ended and is not yet cleaned up). */
  rotation_started_at: string | null
  /** The latest moment the previous auth token verifies. */
  rotation_ends_at: string | null
  /** With traffic confirmation: how long the previous auth token must go unused once the new one was used. */
  rotation_quiet_seconds: number | null
  /** HMAC-SHA-256 of the previous auth token, base64url: verifies until the rotation ends. */
  rotation_old_digest: string | null
  /** The previous auth token sealed as `sealed_secret` is: never shown, kept so a master-key rotation can re-digest it. */
  rotation_old_sealed_secret: string | null
  rotation_old_last_used_at: string | null
  rotation_new_last_used_at: string | null
}

export interface TokenDeveloperEmailsTable {
  token_id: string
  email: string
  position: number
}

export interface TokenScopesTable {
  token_id: string
  scope: string
  /** ISO. Null only between migrations 0019 and 0020 (scopes granted before grant times were kept). */
  granted_at: string | null
}

export interface AuditEventsTable {
  id: string
  account_id: string
  actor_type: string
  actor_id: string | null
  action: string
  token_id: string | null
  at: string
  ip: string | null
  /** JSON object of non-secret facts about the action. */
  details: string
}

/**
 * The tokens an event about several names (the legacy pair's `legacy.enable`, `legacy.upgrade` and
 * `legacy.reveal`, whose `token_id` is null), one row each, so the trail filtered by any of them
 * shows it (audit/audit-service.ts). `at` is the event's, for the filter's index order.
 */
export interface AuditEventTokensTable {
  event_id: string
  token_id: string
  account_id: string
  at: string
}

export interface AccountPoliciesTable {
  account_id: string
  /** 0 or 1: portable across SQLite and PostgreSQL. */
  require_expiry: number
  max_lifetime_days: number | null
  disable_unused_after_days: number | null
  leak_response: string
  updated_at: string
}

/** A reported leak of one auth token (leaks/leak-service.ts); never the secret itself. */
export interface TokenLeaksTable {
  id: string
  token_id: string
  account_id: string
  /** SHA-256 (hex) of the leaked auth token: one record per secret, whatever the master key. */
  token_hash: string
  reported_at: string
  /** Where it was found (an http(s) URL), null when the report gave none usable. */
  url: string | null
  /** The report's `source` (e.g. `content`, `commit`), as given, cut to 100 characters. */
  source: string | null
  /** LeakAction: what the account's policy did. */
  action: string
  /** LeakSecret: whether the leaked auth token was the token's current secret or its previous one. */
  secret: string
  handled_at: string | null
  handled_by_user_id: string | null
}

/**
 * A token's previous auth token that a leak response ended while it still worked
 * (leaks/leak-ended-secrets.ts); never the secret itself.
 */
export interface LeakEndedSecretsTable {
  /** SHA-256 (hex) of the ended auth token, as `token_leaks.token_hash`. */
  token_hash: string
  token_id: string
}

/** A shared limit's counter in one window (limits/postgres-limit-ledger.ts); epoch ms as bigint. */
export interface LimitCountersTable {
  /** `<limit name>:<keyed digest of the key>`: no address, e-mail or SID in the clear. */
  key: string
  window_start: number
  window_end: number
  count: number
  granted: number
  asked_delta: number
  asked_want: number
  asked_cap: number
}

/** Instances that reconcile shared limits, by their last heartbeat (the database's clock, epoch ms). */
export interface LimitInstancesTable {
  id: string
  seen_at: number
}

/** An account's webhook endpoint (notifications/webhook-service.ts). */
export interface WebhooksTable {
  id: string
  account_id: string
  url: string
  description: string
  /** JSON array of NotificationType. */
  event_types: string
  /** 0 or 1. */
  enabled: number
  /** The `whsec_…` signing secret sealed with the keyring (bound to the webhook id). */
  sealed_secret: string
  created_at: string
  updated_at: string
}

/** An outbox event; its id is the Standard Webhooks `webhook-id`, the same on every attempt. */
export interface NotificationEventsTable {
  id: string
  account_id: string
  type: string
  token_id: string | null
  /** JSON object: the token's name and the facts of the event. Never a secret. */
  data: string
  /** Unique when set: an event that must be enqueued at most once (expiry notices). */
  dedupe_key: string | null
  created_at: string
}

/** One event's delivery to one target: an e-mail recipient or a webhook. */
export interface NotificationDeliveriesTable {
  id: string
  event_id: string
  account_id: string
  /** `email` or `webhook`. */
  channel: string
  webhook_id: string | null
  /** The e-mail address (channel `email`). */
  recipient: string | null
  /** The e-mail's language (channel `email`). */
  locale: string | null
  /** DeliveryStatus. */
  status: string
  /** Every attempt made, before and after resends: what the delivery log shows. */
  attempts: number
  /**
   * The attempts made before the latest resend (or requeue of a dropped expiry notice): the retry
   * backoff counts only those since, so a resend is retried as soon as a new delivery would be.
   */
  attempts_before_resend: number
  /** When the next attempt is due (null once delivered or failed). */
  next_attempt_at: string | null
  /** After this no further attempt is made: the row fails (24 hours after the event or a resend). */
  give_up_at: string
  /** A sender's lease: until then no other instance claims the row. */
  claimed_until: string | null
  claim_id: string | null
  last_attempt_at: string | null
  last_response_status: number | null
  /** DeliveryError. */
  last_error: string | null
  delivered_at: string | null
  created_at: string
}

/** Requests of a token in one hour (ISO start) for one scope ('' outside the catalog) and outcome. */
export interface TokenUsageTable {
  token_id: string
  account_id: string
  hour: string
  scope: string
  outcome: string
  count: number
  /** The latest of these requests. */
  last_at: string
}

/** The most recent distinct client addresses (`kind` 'address') and user agents ('user_agent') of a token. */
export interface TokenUsageClientsTable {
  token_id: string
  kind: string
  value: string
  last_at: string
}

/** One recurring job's lease and due time (scheduler/job-lease.ts); epoch ms as bigint. */
export interface JobLeasesTable {
  name: string
  /** The instance running the job now; null between runs. */
  holder: string | null
  /** Until when the holder's run is its own; after that another instance may take the job over. */
  lease_expires_at: number
  /** When the job is due again (the end of its last run plus its interval). */
  next_run_at: number
}

/** A master-key rotation that started and has not finished (key-rotation/rotation-marker.ts). */
export interface KeyRotationsTable {
  /** The key id the rotation re-seals under. */
  to_key_id: string
  started_at: string
  /** null while it runs; once ended, how many rows it could not open (their owners reset them). */
  unreadable: number | null
}

export interface DatabaseSchema {
  accounts: AccountsTable
  users: UsersTable
  sessions: SessionsTable
  tokens: TokensTable
  token_developer_emails: TokenDeveloperEmailsTable
  token_scopes: TokenScopesTable
  audit_events: AuditEventsTable
  audit_event_tokens: AuditEventTokensTable
  account_policies: AccountPoliciesTable
  token_leaks: TokenLeaksTable
  leak_ended_secrets: LeakEndedSecretsTable
  limit_counters: LimitCountersTable
  limit_instances: LimitInstancesTable
  webhooks: WebhooksTable
  notification_events: NotificationEventsTable
  notification_deliveries: NotificationDeliveriesTable
  token_usage: TokenUsageTable
  token_usage_clients: TokenUsageClientsTable
  job_leases: JobLeasesTable
  key_rotations: KeyRotationsTable
}

export type Db = Kysely<DatabaseSchema>
/** A connection usable for reads and writes: the database itself or an open transaction. */
export type Executor = Kysely<DatabaseSchema> | Transaction<DatabaseSchema>
