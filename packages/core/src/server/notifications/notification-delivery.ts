import { randomInt } from 'node:crypto'
import type { UpdateObject } from 'kysely'
import { createTransport, type Transporter } from 'nodemailer'
import { canManageApiTokens, Role } from '../../access/roles.js'
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../i18n/locales.js'
import {
  PERMANENT_DELIVERY_ERRORS,
  type DeliveryError,
  type NotificationType,
} from '../../notifications/notification-schemas.js'
import { TokenKind } from '../../tokens/token-schemas.js'
import type { CoreLogger } from '../core-logger.js'
import type { Keyring } from '../crypto/keyring.js'
import { openSealedSecret } from '../crypto/seal-secret.js'
import type { DatabaseDialectName } from '../database/open-database.js'
import type { DatabaseSchema, Db, NotificationDeliveriesTable } from '../database/schema.js'
import {
  claimDueDeliveries,
  EXPIRED_DELIVERY,
  expireOverdueDeliveries,
  SUPERSEDED_DELIVERY,
} from './claim-due-deliveries.js'
import type { NotificationData } from './enqueue-notification.js'
import { isExpiryNoticeCurrent } from './expiry-notice-current.js'
import { notificationEmail } from './notification-email.js'
import { isRecipientOnToken } from './recipient-on-token.js'
import { tokenConsoleLink } from './console-link.js'
import { postWebhook, WEBHOOK_TIMEOUT_MS_DEFAULT, webhookSignature } from './send-webhook.js'
import { webhookSecretBinding } from './webhook-service.js'

export const DELIVERY_INTERVAL_MS_DEFAULT = 2_000
/** A claim outlives the longest send (timeout) by far: another instance only takes over a row whose sender died. */
export const DELIVERY_LEASE_MS_DEFAULT = 60_000
/**
 * Attempts in flight at once per instance: a silent endpoint holds a slot for the whole timeout,
 * so the loop claims only for free slots and never waits for a whole batch to finish.
 */
export const DELIVERY_SLOTS = 20
const BACKOFF_BASE_MS = 10_000
const BACKOFF_MAX_MS = 2 * 60 * 60 * 1_000

/** The wait before the next attempt: 10 s doubling per attempt, at most 2 hours, ±20% jitter so retries spread out. */
export function retryDelayMs(attempts: number): number {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS)
  return Math.round(base * (0.8 + randomInt(0, 401) / 1_000))
}

export interface NotificationDeliveryOptions {
  db: Db
  dialect: DatabaseDialectName
  keyring: Keyring
  now: () => Date
  logger?: CoreLogger | undefined
  /** SMTP server (`smtp://`, `smtps://`) and sender; null: e-mails stay queued (24 hours, then they expire). */
  email: { url: string; from: string } | null
  /**
   * The console's public address (PUBLIC_URL); each e-mail links to its token's page there. Read
   * when a mail is sent, so mails queued before the address was set or changed link to the
   * current one. Unset: e-mails carry no link.
   */
  publicUrl?: string | undefined
  /** Lifts the https and address rules (local development and tests only). */
  allowPrivate: boolean
  /** How often the loop looks for due rows; 0: no loop (tests call `deliverDue`). */
  intervalMs: number
  leaseMs?: number
  timeoutMs?: number
}

export interface NotificationDelivery {
  /**
   * One round (for tests and tools): claims the due rows for the free slots, sends them, records
   * the outcome, and resolves to how many it attempted once they have all ended.
   */
  deliverDue(): Promise<number>
  /** Stops claiming and waits for every attempt in flight. */
  close(): Promise<void>
}

type Outcome =
  { ok: true; status: number | null } | { ok: false; error: DeliveryError; status: number | null }

function isLocale(value: string | null): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '')
}

/**
 * The outbox's sender. Every instance runs it; a row is claimed by one instance at a time with a
 * lease (`claimed_until`, on PostgreSQL through FOR UPDATE SKIP LOCKED so instances do not wait
 * on each other), and its outcome is written only by the holder of the claim. A sender killed
 * between claim and outcome leaves the row to be claimed again once the lease has run out: at
 * least once, and receivers deduplicate by the event id (webhook-id), which never changes.
 */
export function notificationDelivery(options: NotificationDeliveryOptions): NotificationDelivery {
  const { db, dialect, keyring, now, logger, allowPrivate } = options
  const leaseMs = options.leaseMs ?? DELIVERY_LEASE_MS_DEFAULT
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS_DEFAULT
  const mailer: Transporter | null =
    options.email === null
      ? null
      : createTransport(
          {
            url: options.email.url,
            connectionTimeout: timeoutMs,
            greetingTimeout: timeoutMs,
            socketTimeout: timeoutMs,
          },
          { from: options.email.from },
        )

  // Each socket wait is bounded by `timeoutMs`, but a mail server that trickles its answers resets
  // those waits and could hold a send past the lease, when another instance claims the row and
  // sends it again. The whole hand-over is therefore cut off well inside the lease.
  const emailDeadlineMs = Math.min(3 * timeoutMs, Math.floor(leaseMs / 2))
  const claimContext = { db, dialect, emailEnabled: mailer !== null, leaseMs }

  /** Expires what is past its 24 hours, then claims up to `slots` sendable rows. */
  async function claim(slots: number): Promise<NotificationDeliveriesTable[]> {
    const expired = await expireOverdueDeliveries(db, now())
    if (expired > 0) logger?.log('warn', 'notification.deliveries_expired', { count: expired })
    return claimDueDeliveries(claimContext, now(), slots)
  }

  async function sendWebhook(row: NotificationDeliveriesTable, event: EventRow): Promise<Outcome> {
    const webhook = await db
      .selectFrom('webhooks')
      .select(['id', 'url', 'sealed_secret'])
      .where('id', '=', row.webhook_id as string)
      .executeTakeFirst()
    if (!webhook) return { ok: false, error: 'connection_failed', status: null }
    const secret = openSealedSecret(keyring, webhook.sealed_secret, webhookSecretBinding(webhook.id))
    const timestamp = Math.floor(now().getTime() / 1_000)
    const body = JSON.stringify({
      type: event.type,
      timestamp: event.created_at,
      data: JSON.parse(event.data) as NotificationData,
    })
    return postWebhook({
      url: webhook.url,
      body,
      allowPrivate,
      timeoutMs,
      headers: {
        'webhook-id': event.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': webhookSignature(secret, event.id, timestamp, body),
      },
    })
  }

  async function sendEmail(row: NotificationDeliveriesTable, event: EventRow): Promise<Outcome> {
    if (mailer === null || row.recipient === null) return { ok: false, error: 'smtp_failed', status: null }
    const locale = isLocale(row.locale) ? row.locale : DEFAULT_LOCALE
    const email = notificationEmail(
      locale,
      event.type as NotificationType,
      JSON.parse(event.data) as NotificationData,
      tokenLinkOf(event),
    )
    try {
      await mailer.sendMail({
        to: row.recipient,
        subject: email.subject,
        text: email.text,
        // The event id, so a mail system can drop a second copy after a retry.
        messageId: `<${event.id}.${row.id}@token-console>`,
        headers: { 'Content-Language': locale },
        signal: AbortSignal.timeout(emailDeadlineMs),
      })
      return { ok: true, status: null }
    } catch (error) {
      return smtpFailureOf(error)
    }
  }

  /**
   * The link to the event's token, from its current row: the kind is not in the event's data (the
   * webhook payload, a published shape), and a token deleted since has no page to link to. Only a
   * recipient who can open the page gets it: a token manager of the token's account, as the role is
   * when the mail goes out. An Analyst contact, a developer outside the account or a user of another
   * account would meet the no-access page, a login they have none for, or "not found".
   */
  function tokenLinkOf(event: EventRow): string | undefined {
    if (options.publicUrl === undefined || event.token_id === null) return undefined
    const kind = TokenKind.safeParse(event.token_kind)
    const role = Role.safeParse(event.recipient_role)
    return kind.success && role.success && canManageApiTokens(role.data)
      ? tokenConsoleLink(options.publicUrl, { id: event.token_id, kind: kind.data })
      : undefined
  }

  interface EventRow {
    id: string
    type: string
    token_id: string | null
    data: string
    created_at: string
    /** The token's kind while it exists in the event's account; null once deleted. */
    token_kind: string | null
    /** The role of the e-mail's recipient when a user of the event's account; null otherwise (and for webhooks). */
    recipient_role: string | null
    /** Whether the e-mail's recipient is the token's primary contact or one of its developer e-mails now. */
    recipient_on_token: number
  }

  /**
   * Only the holder of the claim writes the outcome: a sender whose lease ran out (and whose row
   * another instance took over) changes nothing.
   */
  async function writeOutcome(
    row: NotificationDeliveriesTable,
    values: UpdateObject<DatabaseSchema, 'notification_deliveries'>,
  ): Promise<void> {
    await db
      .updateTable('notification_deliveries')
      .set(values)
      .where('id', '=', row.id)
      .where('claim_id', '=', row.claim_id as string)
      .execute()
  }

  async function attempt(row: NotificationDeliveriesTable): Promise<void> {
    // What the e-mail's link needs comes with the event, in this one query per attempt: a burst of
    // e-mails (a report of many leaked tokens) costs no query more per e-mail.
    const event = await db
      .selectFrom('notification_events as e')
      .leftJoin('tokens as t', (join) =>
        join.onRef('t.id', '=', 'e.token_id').onRef('t.account_id', '=', 'e.account_id'),
      )
      .leftJoin('users as u', (join) =>
        // Both stored lower-case; a webhook's row has no recipient and matches no one.
        join.onRef('u.account_id', '=', 'e.account_id').on('u.email', '=', row.recipient ?? ''),
      )
      .select([
        'e.id',
        'e.type',
        'e.token_id',
        'e.data',
        'e.created_at',
        't.kind as token_kind',
        'u.role as recipient_role',
        // 1 or 0 rather than a boolean, which SQLite and PostgreSQL hand back differently.
        (eb) =>
          eb
            .case()
            .when(isRecipientOnToken(eb.ref('t.id'), eb.val(row.recipient)))
            .then(eb.lit(1))
            .else(eb.lit(0))
            .end()
            .as('recipient_on_token'),
      ])
      .where('e.id', '=', row.event_id)
      .executeTakeFirst()
    if (!event) return
    if (row.give_up_at <= now().toISOString()) {
      // Its 24 hours ran out between the round's expiry step and this attempt: not sent.
      await writeOutcome(row, EXPIRED_DELIVERY)
      return
    }
    // Webhooks get every event (a fact, with its expiresAt); a person is not told to act on a
    // date that no longer holds.
    // Nor is someone taken off the token since the event (a developer gone, another primary
    // contact): the token is no business of theirs any more. A token deleted since has no one on it;
    // its e-mails go to those it had (a leak is still news to them), only its expiry notices not.
    if (row.channel === 'email' && event.token_kind !== null && event.recipient_on_token !== 1) {
      await writeOutcome(row, SUPERSEDED_DELIVERY)
      return
    }
    if (row.channel === 'email' && !(await isExpiryNoticeCurrent(db, event, now()))) {
      await writeOutcome(row, SUPERSEDED_DELIVERY)
      return
    }
    let outcome: Outcome
    try {
      outcome = row.channel === 'email' ? await sendEmail(row, event) : await sendWebhook(row, event)
    } catch {
      outcome = { ok: false, error: 'connection_failed', status: null }
    }
    const at = now()
    const attempts = row.attempts + 1
    const common = {
      attempts,
      last_attempt_at: at.toISOString(),
      last_response_status: outcome.status,
      claimed_until: null,
      claim_id: null,
    }
    // Backoff from the latest resend on: a resent delivery is retried as a new one would be.
    const next = new Date(at.getTime() + retryDelayMs(attempts - row.attempts_before_resend)).toISOString()
    const values = outcome.ok
      ? {
          ...common,
          status: 'delivered',
          last_error: null,
          next_attempt_at: null,
          delivered_at: at.toISOString(),
        }
      : PERMANENT_DELIVERY_ERRORS.includes(outcome.error) || next > row.give_up_at
        ? { ...common, status: 'failed', last_error: outcome.error, next_attempt_at: null }
        : { ...common, status: 'pending', last_error: outcome.error, next_attempt_at: next }
    await writeOutcome(row, values)
    logger?.log(outcome.ok ? 'info' : 'warn', 'notification.delivery', {
      deliveryId: row.id,
      eventId: row.event_id,
      channel: row.channel,
      ok: outcome.ok,
      status: outcome.status,
      error: outcome.ok ? null : outcome.error,
      attempts,
    })
  }

  const inFlight = new Set<Promise<void>>()
  let stopped = false

  function logRoundFailure(error: unknown) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : null
    logger?.log('warn', 'notification.delivery_round_failed', { code })
  }

  /** Starts the attempts, each holding a slot until it has ended; `onEnd` runs after each. */
  function start(rows: NotificationDeliveriesTable[], onEnd: () => void): Promise<void>[] {
    return rows.map((row) => {
      const running = attempt(row)
      const tracked = running.catch(logRoundFailure).finally(() => {
        inFlight.delete(tracked)
        onEnd()
      })
      inFlight.add(tracked)
      return running
    })
  }

  async function deliverDue(): Promise<number> {
    const rows = await claim(DELIVERY_SLOTS - inFlight.size)
    await Promise.all(start(rows, () => undefined))
    return rows.length
  }

  // The loop: every tick, and again as soon as an attempt ends (a slot is free and more may be
  // due: fast receivers are not held to the tick), it claims for the free slots. It claims again
  // only after an attempt ended, so with nothing due it waits for the next tick and never spins.
  let timer: NodeJS.Timeout | undefined
  let claiming: Promise<void> | null = null
  let claimAgain = false
  const pump = () => {
    if (stopped) return
    if (claiming) {
      claimAgain = true
      return
    }
    const slots = DELIVERY_SLOTS - inFlight.size
    if (slots <= 0) return
    claiming = claim(slots)
      .then((rows) => void start(rows, pump))
      .catch(logRoundFailure)
      .finally(() => {
        claiming = null
        if (claimAgain) {
          claimAgain = false
          pump()
        }
      })
  }
  if (options.intervalMs > 0) {
    timer = setInterval(pump, options.intervalMs)
    timer.unref()
  }

  return {
    deliverDue,
    async close() {
      stopped = true
      clearInterval(timer)
      await claiming
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
      mailer?.close()
    },
  }
}

/**
 * What a failed SMTP hand-over means for the delivery. Only a 5xx refusal of this message (its
 * recipient at RCPT TO, or its content at DATA: 550 mailbox unavailable, 553 bad address, 554
 * content refused) is final: the same message would be refused for 24 hours. A 5xx at sign-in
 * (535 bad credentials), at the greeting or for the sender (MAIL FROM, i.e. SMTP_FROM) is the
 * mail set-up's fault and refuses every message alike, so it keeps the retry schedule while an
 * operator fixes it, as does a 4xx reply or a network error. So does a refusal at RCPT TO or DATA
 * for want of a sign-in or by the server's security policy (530, or an enhanced status code
 * 5.7.x: `554 5.7.1 Relay access denied` from a server reached without SMTP_URL's credentials,
 * 5.7.26 for a sender domain failing DMARC): that too refuses every recipient alike.
 */
function smtpFailureOf(error: unknown): Outcome {
  const reply =
    typeof error === 'object' && error !== null
      ? (error as { responseCode?: unknown; command?: unknown; response?: unknown })
      : {}
  const code = Number(reply.responseCode)
  if (!Number.isInteger(code)) {
    // nodemailer reports the deadline's abort as EABORT.
    const aborted = (reply as { code?: unknown }).code === 'EABORT'
    return { ok: false, error: aborted ? 'timeout' : 'smtp_failed', status: null }
  }
  const aboutThisMessage = reply.command === 'RCPT TO' || reply.command === 'DATA'
  const enhanced =
    typeof reply.response === 'string' ? /^\d{3}[ -](\d)\.(\d{1,3})\./.exec(reply.response) : null
  const aboutTheSetUp = code === 530 || enhanced?.[2] === '7'
  return {
    ok: false,
    error: code >= 500 && code <= 599 && aboutThisMessage && !aboutTheSetUp ? 'smtp_rejected' : 'smtp_failed',
    status: code,
  }
}
