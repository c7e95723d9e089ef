import { EmailDeliveryQuery } from '@tokens/core'
import { jsonAnswer } from '../docs/component-schemas.js'
import {
  deliveryRetentionOf,
  EmailDeliveryEnvelope,
  EmailDeliveryList,
} from '../docs/notification-schemas.js'
import { adminRouteGroup } from '../http/admin-route.js'

/** Notifications → E-mail deliveries: the account's notification e-mails and Resend, for token managers. */
export const registerEmailDeliveryRoutes = adminRouteGroup(['Notifications'], (route, { core }) => {
  route(
    'GET /api/notifications/emails',
    {
      summary: "The account's notification e-mails",
      description: `Expiry reminders, leak, auto-disable and rotation e-mails, one per recipient, newest first: the token, the address, status, attempts, the last reply code and error code, and the next attempt. Pass \`nextCursor\` back as \`cursor\` for the next page. ${deliveryRetentionOf('e-mails')}`,
      request: { query: EmailDeliveryQuery },
      responses: jsonAnswer(200, 'One page of e-mail deliveries.', EmailDeliveryList),
      problems: [503],
    },
    async (c) => c.json(await core.emailDeliveries.list(c.get('actor'), c.req.valid('query')), 200),
  )

  route(
    'POST /api/notifications/emails/{deliveryId}/resend',
    {
      summary: 'Send a notification e-mail again',
      description:
        'A new attempt, due now, to the same address, retried for another 24 hours. Audited as `email.resend` against the token the e-mail is about. A delivered or failed e-mail only: 409 DeliveryPending while it is pending (after a resend too), as it is retried by itself. 409 NoticeSuperseded for an expiry e-mail that no longer holds (its token renewed, disabled or deleted since), which the sender would drop unsent; 409 RecipientRemoved for an address taken off the token (or the token deleted) since.',
      responses: jsonAnswer(200, 'The e-mail delivery, pending again.', EmailDeliveryEnvelope),
      problems: [409],
    },
    async (c) =>
      c.json(
        { delivery: await core.emailDeliveries.resend(c.get('actor'), c.req.valid('param').deliveryId) },
        200,
      ),
  )
})
