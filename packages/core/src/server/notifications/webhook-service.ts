import { randomBytes } from 'node:crypto'
import type { AuditDetails } from '../audit/record-audit-event.js'
import { TokenConsoleError } from '../../errors/error-codes.js'
import {
  CreateWebhookInput,
  UpdateWebhookInput,
  type NotificationType,
  type WebhookView,
} from '../../notifications/notification-schemas.js'
import { WEBHOOKS_PER_ACCOUNT_MAX } from '../../notifications/webhook-limits.js'
import type { ActorContext, TokenConsoleCore } from '../core-contract.js'
import { auditActorOf, requireUserTokenManager } from '../access/require-token-manager.js'
import { requireAccount } from '../accounts/account-rows.js'
import { recordAuditEvent } from '../audit/record-audit-event.js'
import type { Keyring } from '../crypto/keyring.js'
import { generateId } from '../crypto/random-secrets.js'
import { sealSecret } from '../crypto/seal-secret.js'
import type { DatabaseDialectName } from '../database/open-database.js'
import { runInTransaction, runQuery } from '../database/run-in-transaction.js'
import type { Db, Executor, WebhooksTable } from '../database/schema.js'
import { parseInput } from '../input/parse-input.js'
import {
  auditResend,
  deliveriesWithType,
  deliveryViewOf,
  RESENT_EVENT_COLUMNS,
  resendFinishedDelivery,
} from './delivery-log.js'
import { auditedWebhookUrlOf } from './audited-webhook-url.js'

/** What a webhook's sealed secret is bound to: a copy pasted into another row does not open. */
export function webhookSecretBinding(webhookId: string): string {
  return `webhook:${webhookId}`
}

/** A Standard Webhooks signing secret: `whsec_` and 32 random bytes, base64. */
function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

function webhookViewOf(row: WebhooksTable): WebhookView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: JSON.parse(row.event_types) as NotificationType[],
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/**
 * How the trail names a webhook: its id, the origin of its URL (auditedWebhookUrlOf: the rest can
 * hold the endpoint's secret) and its description when it has one.
 */
function auditedWebhookOf(row: Pick<WebhooksTable, 'id' | 'url' | 'description'>): AuditDetails {
  return {
    webhookId: row.id,
    url: auditedWebhookUrlOf(row.url),
    ...(row.description === '' ? {} : { description: row.description }),
  }
}

/** The latest deliveries a log shows. */
export const DELIVERY_LOG_SIZE = 100

/**
 * Account webhooks (Settings → Technical → Webhooks): token managers only, like the token policy.
 * A webhook of another account is not found. The signing secret is answered once, on creation.
 */
export function webhookService(deps: {
  db: Db
  dialect: DatabaseDialectName
  keyring: Keyring
  now: () => Date
  allowPrivate: boolean
}): TokenConsoleCore['webhooks'] {
  const { db, dialect, keyring, now, allowPrivate } = deps

  /** http:// only where private addresses are allowed too: local development and tests. */
  function requireHttps(url: string | undefined): void {
    if (url !== undefined && !allowPrivate && new URL(url).protocol !== 'https:') {
      throw new TokenConsoleError('ValidationFailed', { field: 'url', reason: 'https only' })
    }
  }

  async function requireWebhook(
    executor: Executor,
    context: ActorContext,
    id: string,
  ): Promise<WebhooksTable> {
    const row = await executor
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', id)
      .where('account_id', '=', context.accountId)
      .executeTakeFirst()
    if (!row) throw new TokenConsoleError('NotFound')
    return row
  }

  function audit(
    trx: Executor,
    context: ActorContext,
    action: 'webhook.create' | 'webhook.update' | 'webhook.delete',
    at: string,
    details: AuditDetails,
  ) {
    return recordAuditEvent(trx, {
      accountId: context.accountId,
      actor: auditActorOf(context),
      action,
      tokenId: null,
      at,
      ip: context.ip,
      details,
    })
  }

  /**
   * Refuses a webhook beyond WEBHOOKS_PER_ACCOUNT_MAX. Counted in the create's transaction: on
   * SQLite transactions run one at a time; on PostgreSQL two creates at once would each count the
   * same rows, so the account's row is locked first and the second create counts after the first
   * commits. FOR NO KEY UPDATE: it serialises webhook creates only, not the inserts elsewhere whose
   * foreign keys share-lock the account row (tokens, audit events).
   */
  async function requireRoomForWebhook(trx: Executor, accountId: string): Promise<void> {
    if (dialect === 'postgres')
      await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forNoKeyUpdate().execute()
    const { count } = await trx
      .selectFrom('webhooks')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow()
    if (Number(count) >= WEBHOOKS_PER_ACCOUNT_MAX)
      throw new TokenConsoleError('WebhookLimitReached', { max: WEBHOOKS_PER_ACCOUNT_MAX })
  }

  async function read<T>(context: ActorContext, work: (executor: Executor) => Promise<T>): Promise<T> {
    requireUserTokenManager(context)
    return runQuery(async () => {
      await requireAccount(db, context.accountId)
      return work(db)
    })
  }

  async function write<T>(
    context: ActorContext,
    work: (trx: Executor, at: string) => Promise<T>,
  ): Promise<T> {
    requireUserTokenManager(context)
    return runInTransaction(db, async (trx) => {
      await requireAccount(trx, context.accountId)
      return work(trx, now().toISOString())
    })
  }

  return {
    list(context) {
      return read(context, async (executor) => {
        const rows = await executor
          .selectFrom('webhooks')
          .selectAll()
          .where('account_id', '=', context.accountId)
          .orderBy('created_at')
          .orderBy('id')
          .execute()
        return rows.map(webhookViewOf)
      })
    },

    get(context, id) {
      return read(context, async (executor) => webhookViewOf(await requireWebhook(executor, context, id)))
    },

    async create(context, input) {
      requireUserTokenManager(context)
      const command = parseInput(CreateWebhookInput, input)
      requireHttps(command.url)
      return write(context, async (trx, at) => {
        await requireRoomForWebhook(trx, context.accountId)
        const id = generateId('whk')
        const secret = generateSigningSecret()
        const row: WebhooksTable = {
          id,
          account_id: context.accountId,
          url: command.url,
          description: command.description,
          event_types: JSON.stringify(command.eventTypes),
          enabled: command.enabled ? 1 : 0,
          sealed_secret: sealSecret(keyring, secret, webhookSecretBinding(id)),
          created_at: at,
          updated_at: at,
        }
        await trx.insertInto('webhooks').values(row).execute()
        await audit(trx, context, 'webhook.create', at, {
          ...auditedWebhookOf(row),
          eventTypes: [...command.eventTypes],
          enabled: command.enabled,
        })
        return { webhook: webhookViewOf(row), secret }
      })
    },

    async update(context, id, input) {
      requireUserTokenManager(context)
      const command = parseInput(UpdateWebhookInput, input)
      requireHttps(command.url)
      return write(context, async (trx, at) => {
        const before = await requireWebhook(trx, context, id)
        const after: WebhooksTable = {
          ...before,
          url: command.url ?? before.url,
          description: command.description ?? before.description,
          event_types: command.eventTypes ? JSON.stringify(command.eventTypes) : before.event_types,
          enabled: command.enabled === undefined ? before.enabled : command.enabled ? 1 : 0,
        }
        const fields = (['url', 'description', 'event_types', 'enabled'] as const).filter(
          (field) => after[field] !== before[field],
        )
        if (fields.length === 0) return webhookViewOf(before)
        after.updated_at = at
        await trx
          .updateTable('webhooks')
          .set({
            url: after.url,
            description: after.description,
            event_types: after.event_types,
            enabled: after.enabled,
            updated_at: at,
          })
          .where('id', '=', id)
          .execute()
        await audit(trx, context, 'webhook.update', at, {
          ...auditedWebhookOf(after),
          fields: fields.map((field) => (field === 'event_types' ? 'eventTypes' : field)),
          enabled: after.enabled === 1,
        })
        return webhookViewOf(after)
      })
    },

    async remove(context, id) {
      await write(context, async (trx, at) => {
        const row = await requireWebhook(trx, context, id)
        await trx.deleteFrom('notification_deliveries').where('webhook_id', '=', id).execute()
        await trx.deleteFrom('webhooks').where('id', '=', id).execute()
        await audit(trx, context, 'webhook.delete', at, auditedWebhookOf(row))
      })
    },

    deliveries(context, id) {
      return read(context, async (executor) => {
        await requireWebhook(executor, context, id)
        const rows = await deliveriesWithType(executor)
          .where('notification_deliveries.webhook_id', '=', id)
          .orderBy('notification_deliveries.created_at', 'desc')
          .orderBy('notification_deliveries.id', 'desc')
          .limit(DELIVERY_LOG_SIZE)
          .execute()
        return rows.map(deliveryViewOf)
      })
    },

    async resend(context, id, deliveryId) {
      return write(context, async (trx, at) => {
        await requireWebhook(trx, context, id)
        const row = await deliveriesWithType(trx)
          .select(RESENT_EVENT_COLUMNS)
          .where('notification_deliveries.id', '=', deliveryId)
          .where('notification_deliveries.webhook_id', '=', id)
          .executeTakeFirst()
        if (!row) throw new TokenConsoleError('NotFound')
        const values = await resendFinishedDelivery(trx, deliveryId, at)
        await auditResend(trx, context, 'webhook.resend', at, row, { webhookId: id })
        return deliveryViewOf({ ...row, ...values })
      })
    },
  }
}
