import { TokenConsoleError } from '../../errors/error-codes.js'
import { EmailDeliveryQuery, type EmailDeliveryView } from '../../notifications/notification-schemas.js'
import type { TokenKind } from '../../tokens/token-schemas.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import { requireUserTokenManager } from '../access/require-token-manager.js'
import { requireAccount } from '../accounts/account-rows.js'
import { beforePosition, decodeCursor, encodeCursor, type KeysetPosition } from '../database/keyset-cursor.js'
import { runInTransaction, runQuery } from '../database/run-in-transaction.js'
import type { Db, Executor, NotificationDeliveriesTable } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import {
  auditResend,
  deliveriesWithType,
  deliveryViewOf,
  RESENT_EVENT_COLUMNS,
  resendFinishedDelivery,
} from './delivery-log.js'
import { isExpiryNoticeCurrent } from './expiry-notice-current.js'
import { isRecipientOnToken } from './recipient-on-token.js'

type EmailDeliveryRow = NotificationDeliveriesTable & {
  type: string
  token_id: string | null
  token_name: string | null
  token_kind: string | null
}

function emailDeliveryViewOf(row: EmailDeliveryRow): EmailDeliveryView {
  return {
    ...deliveryViewOf(row),
    recipient: row.recipient ?? '',
    token:
      row.token_id !== null && row.token_name !== null
        ? { id: row.token_id, name: row.token_name, kind: row.token_kind as TokenKind }
        : null,
  }
}

/**
 * The account's e-mail deliveries, with the token each is about. The token is looked up in the
 * delivery's own account, so a deleted token (or an id from elsewhere) shows as none.
 */
function emailDeliveries(executor: Executor, accountId: string) {
  return deliveriesWithType(executor)
    .leftJoin('tokens', (join) =>
      join.onRef('tokens.id', '=', 'notification_events.token_id').on('tokens.account_id', '=', accountId),
    )
    .select(['tokens.id as token_id', 'tokens.name as token_name', 'tokens.kind as token_kind'])
    .where('notification_deliveries.account_id', '=', accountId)
    .where('notification_deliveries.channel', '=', 'email')
}

/** One page of the account's e-mails, newest first, after the keyset position `after` when given. */
export function emailDeliveryPageQuery(
  executor: Executor,
  accountId: string,
  after: KeysetPosition | undefined,
  limit: number,
) {
  const select = emailDeliveries(executor, accountId)
  const page =
    after === undefined
      ? select
      : select.where((eb) =>
          beforePosition(
            eb,
            { at: 'notification_deliveries.created_at', id: 'notification_deliveries.id' },
            after,
          ),
        )
  return page
    .orderBy('notification_deliveries.created_at', 'desc')
    .orderBy('notification_deliveries.id', 'desc')
    .limit(limit)
}

/**
 * The notification e-mails of an account (Notifications page): the same managers as its webhooks'
 * logs read and resend them; another account's delivery is not found.
 */
export function emailDeliveryService(deps: { db: Db; now: () => Date }): TokenConsoleCore['emailDeliveries'] {
  const { db, now } = deps

  return {
    async list(context: ActorContext, input) {
      requireUserTokenManager(context)
      const query = parseInput(EmailDeliveryQuery, input)
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
      const rows = await runQuery(async () => {
        await requireAccount(db, context.accountId)
        return emailDeliveryPageQuery(db, context.accountId, after, query.limit + 1).execute()
      })
      const served = rows.slice(0, query.limit)
      const last = served[served.length - 1]
      return {
        items: served.map(emailDeliveryViewOf),
        nextCursor:
          rows.length > query.limit && last ? encodeCursor({ at: last.created_at, id: last.id }) : null,
      }
    },

    async resend(context, deliveryId) {
      requireUserTokenManager(context)
      return runInTransaction(db, async (trx) => {
        await requireAccount(trx, context.accountId)
        const at = now().toISOString()
        const row = await emailDeliveries(trx, context.accountId)
          .select(RESENT_EVENT_COLUMNS)
          // 1 or 0 rather than a boolean, which SQLite and PostgreSQL hand back differently.
          .select((eb) =>
            eb
              .case()
              .when(isRecipientOnToken(eb.ref('tokens.id'), eb.ref('notification_deliveries.recipient')))
              .then(eb.lit(1))
              .else(eb.lit(0))
              .end()
              .as('recipient_on_token'),
          )
          .where('notification_deliveries.id', '=', deliveryId)
          .executeTakeFirst()
        if (!row) throw new TokenConsoleError('NotFound')
        const event = { type: row.type, token_id: row.event_token_id, data: row.event_data }
        // The sender would drop it as superseded (and so overwrite a delivered row with a failure)
        // after the resend was answered as queued: the manager is told now and the row stays as it was.
        if (!(await isExpiryNoticeCurrent(trx, event, new Date(at)))) {
          throw new TokenConsoleError('NoticeSuperseded')
        }
        // As when a dropped notice is queued again: someone taken off the token (a developer gone,
        // another primary contact) is not mailed about it any more, nor is anyone once it is deleted.
        if (row.recipient_on_token !== 1) {
          throw new TokenConsoleError('RecipientRemoved')
        }
        const values = await resendFinishedDelivery(trx, deliveryId, at)
        // No address: the trail names people by their ids (a token's developer e-mails change as `fields` only).
        await auditResend(trx, context, 'email.resend', at, row, {})
        return emailDeliveryViewOf({ ...row, ...values })
      })
    },
  }
}
