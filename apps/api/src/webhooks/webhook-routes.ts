import { z } from '@hono/zod-openapi'
import { WEBHOOKS_PER_ACCOUNT_MAX } from '@tokens/core'
import { jsonAnswer, jsonBody } from '../docs/component-schemas.js'
import {
  CreatedWebhookAnswer,
  CreateWebhookBody,
  Delivery,
  deliveryRetentionOf,
  DeliveryList,
  UpdateWebhookBody,
  Webhook,
  WebhookList,
} from '../docs/notification-schemas.js'
import { adminRouteGroup, declareDeleteById } from '../http/admin-route.js'

const WebhookEnvelope = z.object({ webhook: Webhook }).openapi('WebhookEnvelope')
const DeliveryEnvelope = z.object({ delivery: Delivery }).openapi('WebhookDeliveryEnvelope')

/** Settings → Technical → Webhooks: the account's webhooks and their delivery logs, for token managers. */
export const registerWebhookRoutes = adminRouteGroup(['Webhooks'], (route, { core }) => {
  route(
    'GET /api/webhooks',
    {
      summary: "List the account's webhooks",
      description:
        'Oldest first, never with a signing secret. `emailConfigured` says whether e-mail notifications are sent or stay queued.',
      responses: jsonAnswer(200, 'The webhooks.', WebhookList),
      problems: [503],
    },
    async (c) =>
      c.json(
        {
          items: await core.webhooks.list(c.get('actor')),
          nextCursor: null,
          emailConfigured: core.notifications.emailConfigured,
        },
        200,
      ),
  )

  route(
    'POST /api/webhooks',
    {
      summary: 'Add a webhook',
      description: `Answers the webhook with its signing secret, shown this once (Cache-Control: no-store). Audited as \`webhook.create\` without the secret and with only the URL's origin (its path and query can hold the endpoint's own secret), as are changes and deletions. An account has at most ${WEBHOOKS_PER_ACCOUNT_MAX} webhooks (every event goes to each of them): 409 WebhookLimitReached beyond that.`,
      request: { body: jsonBody(CreateWebhookBody) },
      responses: jsonAnswer(201, 'The webhook and its signing secret.', CreatedWebhookAnswer),
      problems: [409],
    },
    async (c) => c.json(await core.webhooks.create(c.get('actor'), c.req.valid('json')), 201),
  )

  route(
    'GET /api/webhooks/{id}',
    {
      summary: 'Read a webhook',
      responses: jsonAnswer(200, 'The webhook.', WebhookEnvelope),
      problems: [503],
    },
    async (c) => c.json({ webhook: await core.webhooks.get(c.get('actor'), c.req.valid('param').id) }, 200),
  )

  route(
    'PATCH /api/webhooks/{id}',
    {
      summary: 'Change a webhook',
      description:
        'URL, description, event types, enabled. A disabled webhook is sent nothing; deliveries waiting for it go out once it is enabled again (within their 24 hours).',
      request: { body: jsonBody(UpdateWebhookBody) },
      responses: jsonAnswer(200, 'The changed webhook.', WebhookEnvelope),
    },
    async (c) =>
      c.json(
        {
          webhook: await core.webhooks.update(c.get('actor'), c.req.valid('param').id, c.req.valid('json')),
        },
        200,
      ),
  )

  declareDeleteById(
    route,
    'DELETE /api/webhooks/{id}',
    {
      summary: 'Delete a webhook',
      description: 'Removes the webhook and its delivery log; nothing more is sent to it.',
    },
    (actor, id) => core.webhooks.remove(actor, id),
  )

  route(
    'GET /api/webhooks/{id}/deliveries',
    {
      summary: "A webhook's delivery log",
      description: `The latest 100 deliveries, newest first: status, attempts, the last response status and error code, and the next attempt. ${deliveryRetentionOf('deliveries')}`,
      responses: jsonAnswer(200, 'The deliveries.', DeliveryList),
      problems: [503],
    },
    async (c) =>
      c.json(
        { items: await core.webhooks.deliveries(c.get('actor'), c.req.valid('param').id), nextCursor: null },
        200,
      ),
  )

  route(
    'POST /api/webhooks/{id}/deliveries/{deliveryId}/resend',
    {
      summary: 'Send a delivery again',
      description:
        'A new attempt for the same event, due now, with the same `webhook-id` (receivers deduplicate by it), retried for another 24 hours. Audited as `webhook.resend` against the token the event is about. A delivered or failed delivery only: 409 DeliveryPending while it is pending (after a resend too), as it is retried by itself.',
      responses: jsonAnswer(200, 'The delivery, pending again.', DeliveryEnvelope),
      problems: [409],
    },
    async (c) => {
      const { id, deliveryId } = c.req.valid('param')
      return c.json({ delivery: await core.webhooks.resend(c.get('actor'), id, deliveryId) }, 200)
    },
  )
})
