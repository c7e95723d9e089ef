import { z } from 'zod'
import { KeysetPage } from '../paging/keyset-page.js'
import { TokenKind } from '../tokens/token-schemas.js'

/** What the console tells people (e-mail) and systems (webhooks) about a token. */
export const NOTIFICATION_TYPES = [
  'token.expiring',
  'token.expired',
  'token.rotation_started',
  'token.rotation_completed',
  'token.disabled_unused',
  'token.leaked',
] as const
export const NotificationType = z.enum(NOTIFICATION_TYPES)
export type NotificationType = z.infer<typeof NotificationType>

/** Days before the expiry at which `token.expiring` is sent (the nearest one reached, once each). */
export const EXPIRY_NOTICE_DAYS = [14, 3, 1] as const

export const WEBHOOK_URL_MAX_LENGTH = 2_000
export const WEBHOOK_DESCRIPTION_MAX_LENGTH = 200

/**
 * An endpoint URL: http(s) only, no credentials in it. The server core refuses http:// (and
 * private addresses at send time) unless WEBHOOKS_ALLOW_PRIVATE is set.
 */
export const WebhookUrl = z
  .url({ protocol: /^https?$/ })
  .max(WEBHOOK_URL_MAX_LENGTH)
  .refine((value) => {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      // Zod runs this after z.url() refused the string too: its refusal is the one to report.
      return true
    }
    return url.username === '' && url.password === ''
  }, 'credentials in the URL')

const EventTypes = z
  .array(NotificationType)
  .min(1)
  .max(NOTIFICATION_TYPES.length)
  .transform((types) => NOTIFICATION_TYPES.filter((type) => types.includes(type)))

/** POST /api/webhooks */
export const CreateWebhookInput = z.strictObject({
  url: WebhookUrl,
  description: z.string().trim().max(WEBHOOK_DESCRIPTION_MAX_LENGTH).default(''),
  eventTypes: EventTypes,
  enabled: z.boolean().default(true),
})
export type CreateWebhookInput = z.input<typeof CreateWebhookInput>

/** PATCH /api/webhooks/:id: the fields sent replace the stored ones. */
export const UpdateWebhookInput = z.strictObject({
  url: WebhookUrl.optional(),
  description: z.string().trim().max(WEBHOOK_DESCRIPTION_MAX_LENGTH).optional(),
  eventTypes: EventTypes.optional(),
  enabled: z.boolean().optional(),
})
export type UpdateWebhookInput = z.input<typeof UpdateWebhookInput>

/** A webhook as the API answers it: never its signing secret (shown once, in the creation answer). */
export const WebhookView = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(NotificationType),
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type WebhookView = z.infer<typeof WebhookView>

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const
export const DeliveryStatus = z.enum(DELIVERY_STATUSES)
export type DeliveryStatus = z.infer<typeof DeliveryStatus>

/**
 * Why the last attempt failed, as a code (never a secret, never the receiver's answer body):
 * the address was refused by the SSRF guard, the URL is not https, the name did not resolve,
 * no connection, a TLS failure, no answer in time, a non-2xx status (redirects included), the
 * mail server did not take the message for now (a 4xx reply, no connection, or a refusal of the
 * mail set-up such as a failed sign-in: retried), the mail server refused the message itself for
 * good (a 5xx reply to its recipient or content such as 550 or 553, in `lastResponseStatus`: not
 * retried; notification-delivery.ts `smtpFailureOf`), or its 24 hours ran out before it could be sent (its webhook
 * disabled, or e-mail without a mail server), or an e-mail no longer current (`superseded`: an
 * expiry e-mail whose token was renewed, disabled or deleted, or any e-mail to someone taken off
 * the token, before it went out): it was not sent.
 */
export const DELIVERY_ERRORS = [
  'address_refused',
  'not_https',
  'dns_failed',
  'connection_failed',
  'tls_failed',
  'timeout',
  'http_status',
  'smtp_failed',
  'smtp_rejected',
  'expired',
  'superseded',
] as const
export const DeliveryError = z.enum(DELIVERY_ERRORS)
export type DeliveryError = z.infer<typeof DeliveryError>

/** Errors after which a delivery is not tried again: the receiver refused it for good. */
export const PERMANENT_DELIVERY_ERRORS: readonly DeliveryError[] = ['smtp_rejected']

/**
 * Whether a delivery failed because its 24 hours of retries ran out: every failure but a permanent
 * refusal and an expiry notice no longer current. Its `lastError` is then the last error an attempt
 * met, or `expired` when none was made.
 */
export function deliveryExpired(delivery: {
  status: DeliveryStatus
  lastError: DeliveryError | null
}): boolean {
  if (delivery.status !== 'failed') return false
  return (
    delivery.lastError !== 'superseded' &&
    !PERMANENT_DELIVERY_ERRORS.includes(delivery.lastError ?? 'expired')
  )
}

/** One event's delivery to one webhook, as its log shows it. */
export const DeliveryView = z.object({
  id: z.string(),
  /** The event id: the `webhook-id` header, the same on every attempt and on a resend. */
  eventId: z.string(),
  eventType: NotificationType,
  status: DeliveryStatus,
  attempts: z.number().int(),
  lastResponseStatus: z.number().int().nullable(),
  /** The last error met (kept when the delivery expired after failed attempts); `expired` when it expired unsent. */
  lastError: DeliveryError.nullable(),
  /** Failed because its 24 hours of retries ran out (`deliveryExpired`), its last error in `lastError` and `lastResponseStatus`. */
  expired: z.boolean(),
  createdAt: z.iso.datetime(),
  lastAttemptAt: z.iso.datetime().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
})
export type DeliveryView = z.infer<typeof DeliveryView>

/** The answer to POST /api/webhooks: the signing secret (`whsec_…`) appears here and nowhere else. */
export const CreatedWebhook = z.object({ webhook: WebhookView, secret: z.string() })
export type CreatedWebhook = z.infer<typeof CreatedWebhook>

/**
 * One event's e-mail to one recipient, as the console's list shows it: the delivery (a refusal's
 * SMTP reply code in `lastResponseStatus`), the address it goes to and the token it is about, while
 * that token exists. An e-mail delivery holds no secret: the message is written when it is sent.
 * The token's kind says which page shows it: a legacy credential has none of its own.
 */
export const EmailDeliveryView = DeliveryView.extend({
  recipient: z.string(),
  token: z.object({ id: z.string(), name: z.string(), kind: TokenKind }).nullable(),
})
export type EmailDeliveryView = z.infer<typeof EmailDeliveryView>

export const EMAIL_DELIVERIES_PAGE_MAX = 100

/** GET /api/notifications/emails: a keyset page, newest first; pass `nextCursor` back as `cursor`. */
export const EmailDeliveryQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(EMAIL_DELIVERIES_PAGE_MAX).default(50),
})
export type EmailDeliveryQuery = z.input<typeof EmailDeliveryQuery>

export const EmailDeliveryPage = KeysetPage(EmailDeliveryView)
export type EmailDeliveryPage = z.infer<typeof EmailDeliveryPage>
