import type { AuditAction, AuditEventView } from './audit-schemas.js'

/** The events done to a webhook whose details name it (a resend names only its id). */
const WEBHOOK_ACTIONS: ReadonlySet<AuditAction> = new Set([
  'webhook.create',
  'webhook.update',
  'webhook.delete',
])

/**
 * The webhook an event was done to, as the trail and its export name it: its description when it
 * has one, else the origin of its URL (all the trail keeps of it). Null for any other event, and
 * for a webhook whose URL was not http(s) and that has no description. Only these actions: other
 * events' details carry a `url` that names something else (where a leaked token was found).
 */
export function auditedWebhookNameOf(event: Pick<AuditEventView, 'action' | 'details'>): string | null {
  if (!WEBHOOK_ACTIONS.has(event.action)) return null
  const { description, url } = event.details
  if (typeof description === 'string' && description !== '') return description
  return typeof url === 'string' && url !== '' ? url : null
}
