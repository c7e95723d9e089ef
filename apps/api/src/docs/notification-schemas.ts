import { z } from '@hono/zod-openapi'
import {
  CreatedWebhook,
  CreateWebhookInput,
  DeliveryView,
  EmailDeliveryView,
  UpdateWebhookInput,
  WebhookView,
} from '@tokens/core'
import { NOTIFICATION_RETENTION_DAYS } from '@tokens/core/server'
import { documented } from './component-schemas.js'

/**
 * How long a delivery log keeps a delivery, as the hourly prune decides it (`prune-notifications.ts`):
 * the later of its last attempt and the end of its 24 hours, so a resend that expired unsent stays.
 */
export function deliveryRetentionOf(deliveries: 'deliveries' | 'e-mails'): string {
  return `Delivered and failed ${deliveries} are kept ${NOTIFICATION_RETENTION_DAYS} days after the later of their last attempt and the end of their 24 hours of retries (which a resend starts afresh), pending ones until they finish.`
}

/** The schemas of account webhooks and their delivery log, under the names the OpenAPI document shows. */
export const Webhook = documented(WebhookView).openapi('Webhook', {
  description:
    "An HTTPS endpoint receiving the account's token events, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`). Never holds the signing secret.",
})
export const CreateWebhookBody = documented(CreateWebhookInput).openapi('CreateWebhookInput', {
  description:
    'An https:// URL (loopback, private, link-local and metadata addresses are refused when sending, on the resolved address), an optional description, and at least one event type.',
})
export const UpdateWebhookBody = documented(UpdateWebhookInput).openapi('UpdateWebhookInput', {
  description: 'The fields sent replace the stored ones; fields left out keep their value.',
})
export const CreatedWebhookAnswer = documented(CreatedWebhook).openapi('CreatedWebhook', {
  description:
    'The webhook and its signing secret (`whsec_` + base64 of 32 bytes): shown in this answer only, never again.',
})
export const Delivery = documented(DeliveryView).openapi('WebhookDelivery', {
  description:
    "One event's delivery to the webhook: retried with exponential backoff for 24 hours, then failed with `expired` true; `lastError` and `lastResponseStatus` keep the last error an attempt met (`lastError` is `expired` when none was made). `eventId` is the `webhook-id` header, the same on every attempt and on a resend.",
})
export const WebhookList = z
  .object({
    items: z.array(Webhook),
    nextCursor: z.null(),
    emailConfigured: z.boolean().openapi({
      description:
        'Whether the server has an SMTP server (SMTP_URL); without one, e-mail notifications stay queued.',
    }),
  })
  .openapi('WebhookList')
export const DeliveryList = z
  .object({ items: z.array(Delivery), nextCursor: z.null() })
  .openapi('WebhookDeliveryList')
export const EmailDelivery = documented(EmailDeliveryView).openapi('EmailDelivery', {
  description:
    "One event's notification e-mail to one recipient (the token's primary contact or a developer address): retried with exponential backoff for 24 hours, then failed with `expired` true. A refusal for good by the mail server is `smtp_rejected` with its reply code in `lastResponseStatus` (not retried); a refusal for now is `smtp_failed` (retried). `superseded`: no longer current, not sent (an expiry e-mail whose token was renewed, disabled or deleted, or an e-mail to someone taken off the token, before it went out). `token` is null once the token is deleted; its `kind` tells a scoped token (a page of its own) from a legacy credential (the legacy tokens page). Holds no secret.",
})
export const EmailDeliveryList = z
  .object({
    items: z.array(EmailDelivery),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass back as `cursor` for the next page; null on the last.' }),
  })
  .openapi('EmailDeliveryList')
export const EmailDeliveryEnvelope = z.object({ delivery: EmailDelivery }).openapi('EmailDeliveryEnvelope')
