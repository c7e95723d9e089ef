import { PostgresAdapter } from 'kysely'
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../i18n/locales.js'
import type { NotificationType } from '../../notifications/notification-schemas.js'
import { generateId } from '../crypto/random-secrets.js'
import type { Executor } from '../database/schema.js'
import { loadDeveloperEmails } from '../tokens/token-records.js'

/** How long a delivery is retried after its event (or a resend) before it is marked failed. */
export const DELIVERY_RETRY_WINDOW_MS = 24 * 60 * 60 * 1_000

/** Facts of an event, shown in the webhook payload and the e-mail: never a secret. */
export type NotificationData = Readonly<Record<string, string | number | boolean | null>>

export interface NotificationInput {
  accountId: string
  type: NotificationType
  tokenId: string
  /** When it happened (the change's own time, from the injected clock). */
  at: string
  data?: NotificationData
  /** Set for an event that must be enqueued at most once: a second enqueue with it writes nothing. */
  dedupeKey?: string
}

function isLocale(value: string | null | undefined): value is Locale {
  return (LOCALES as readonly string[]).includes(value ?? '')
}

/**
 * Writes an event to the outbox with one delivery row per target, in the caller's transaction:
 * the change and its notification commit together or not at all. Targets: the token's primary
 * contact and its developer e-mails (each address once), and every enabled webhook of the account
 * subscribed to the type. E-mails go out in each recipient's language: the primary contact's chosen
 * locale; a developer address that is a user of the account, that user's; any other developer
 * address has no language of its own and gets the contact's, English when the contact never chose one. Returns the event id (the `webhook-id`), or
 * null when the dedupe key was used already or the token no longer exists.
 */
export async function enqueueNotification(trx: Executor, input: NotificationInput): Promise<string | null> {
  const token = await trx
    .selectFrom('tokens')
    .select(['id', 'name', 'sid', 'primary_contact_user_id'])
    .where('id', '=', input.tokenId)
    .where('account_id', '=', input.accountId)
    .executeTakeFirst()
  if (!token) return null
  const id = generateId('msg')
  const data = { tokenId: token.id, tokenName: token.name, accountSid: token.sid, ...input.data }
  const inserted = await trx
    .insertInto('notification_events')
    .values({
      id,
      account_id: input.accountId,
      type: input.type,
      token_id: token.id,
      data: JSON.stringify(data),
      dedupe_key: input.dedupeKey ?? null,
      created_at: input.at,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!inserted) return null

  const contact =
    token.primary_contact_user_id === null
      ? undefined
      : await trx
          .selectFrom('users')
          .select(['email', 'locale'])
          .where('id', '=', token.primary_contact_user_id)
          .executeTakeFirst()
  const developerEmails = (await loadDeveloperEmails(trx, [token.id])).get(token.id) ?? []
  const contactLocale: Locale = isLocale(contact?.locale) ? contact.locale : DEFAULT_LOCALE
  // A developer address that is a user of the account reads that user's language (both stored lower-case).
  const colleagues =
    developerEmails.length === 0
      ? []
      : await trx
          .selectFrom('users')
          .select(['email', 'locale'])
          .where('account_id', '=', input.accountId)
          .where('email', 'in', developerEmails)
          .execute()
  const localeOf = new Map(
    colleagues.flatMap((user) => (isLocale(user.locale) ? [[user.email, user.locale] as const] : [])),
  )
  const recipients = new Map<string, { email: string; locale: Locale }>()
  if (contact) recipients.set(contact.email.toLowerCase(), { email: contact.email, locale: contactLocale })
  for (const email of developerEmails) {
    if (!recipients.has(email.toLowerCase()))
      recipients.set(email.toLowerCase(), { email, locale: localeOf.get(email) ?? contactLocale })
  }
  // On PostgreSQL each webhook is held against deletion until this transaction ends: one deleted
  // between this read and the deliveries' insert failed the insert's foreign key, and with it the
  // rotate, leak response or job that raised the event. A delete already under way is waited for,
  // and its webhook then skipped. SQLite runs one writer at a time.
  const webhooks = await trx
    .selectFrom('webhooks')
    .select(['id', 'event_types'])
    .where('account_id', '=', input.accountId)
    .where('enabled', '=', 1)
    .$if(trx.getExecutor().adapter instanceof PostgresAdapter, (query) => query.forKeyShare())
    .execute()

  const giveUpAt = new Date(Date.parse(input.at) + DELIVERY_RETRY_WINDOW_MS).toISOString()
  const row = (
    channel: 'email' | 'webhook',
    target: { webhookId?: string; recipient?: { email: string; locale: Locale } },
  ) => ({
    id: generateId('dlv'),
    event_id: id,
    account_id: input.accountId,
    channel,
    webhook_id: target.webhookId ?? null,
    recipient: target.recipient?.email ?? null,
    locale: target.recipient?.locale ?? null,
    status: 'pending',
    attempts: 0,
    attempts_before_resend: 0,
    next_attempt_at: input.at,
    give_up_at: giveUpAt,
    claimed_until: null,
    claim_id: null,
    last_attempt_at: null,
    last_response_status: null,
    last_error: null,
    delivered_at: null,
    created_at: input.at,
  })
  const rows = [
    ...[...recipients.values()].map((recipient) => row('email', { recipient })),
    ...webhooks
      .filter((webhook) => (JSON.parse(webhook.event_types) as string[]).includes(input.type))
      .map((webhook) => row('webhook', { webhookId: webhook.id })),
  ]
  if (rows.length > 0) await trx.insertInto('notification_deliveries').values(rows).execute()
  return id
}
