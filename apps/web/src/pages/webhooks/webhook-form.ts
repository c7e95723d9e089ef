import { NOTIFICATION_TYPES, type CreateWebhookInput, type NotificationType } from '@tokens/core'

/** The add-webhook form as the user edits it. */
export interface WebhookForm {
  url: string
  description: string
  eventTypes: NotificationType[]
}

export function emptyWebhookForm(): WebhookForm {
  return { url: '', description: '', eventTypes: [...NOTIFICATION_TYPES] }
}

export type WebhookFormResult =
  { ok: true; request: CreateWebhookInput } | { ok: false; field: 'url' | 'eventTypes' }

/**
 * The request, or the first field to fix. The server decides what it accepts (https only unless
 * private addresses are allowed there); the form only catches what is plainly incomplete.
 */
export function webhookRequestOf(form: WebhookForm): WebhookFormResult {
  const url = form.url.trim()
  let parsed: URL | null = null
  try {
    parsed = new URL(url)
  } catch {
    parsed = null
  }
  if (!parsed || !['https:', 'http:'].includes(parsed.protocol)) return { ok: false, field: 'url' }
  if (form.eventTypes.length === 0) return { ok: false, field: 'eventTypes' }
  return { ok: true, request: { url, description: form.description.trim(), eventTypes: form.eventTypes } }
}
