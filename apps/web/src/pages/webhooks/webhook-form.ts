import {
  NOTIFICATION_TYPES,
  WebhookUrl,
  type CreateWebhookInput,
  type NotificationType,
  type WebhookView,
} from '@tokens/core'

/** The add or edit webhook form as the user edits it. */
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
 * The request, or the first field to fix. The URL is checked by the core's own schema, which takes
 * http:// too: only the server knows whether it allows it (with private addresses, for local
 * development and the browser tests), and the page shows its "https only" refusal at the URL field.
 */
export function webhookRequestOf(form: WebhookForm): WebhookFormResult {
  const url = form.url.trim()
  if (!WebhookUrl.safeParse(url).success) return { ok: false, field: 'url' }
  if (form.eventTypes.length === 0) return { ok: false, field: 'eventTypes' }
  return { ok: true, request: { url, description: form.description.trim(), eventTypes: form.eventTypes } }
}

/** Whether anything was typed or chosen in the form (what leaving the page would lose). */
export function isWebhookFormFilled(form: WebhookForm): boolean {
  return (
    form.url.trim() !== '' ||
    form.description.trim() !== '' ||
    !sameEventTypes(form.eventTypes, emptyWebhookForm().eventTypes)
  )
}

/** The same events chosen, in whatever order. */
function sameEventTypes(a: readonly NotificationType[], b: readonly NotificationType[]): boolean {
  return a.length === b.length && a.every((type) => b.includes(type))
}

/** The form for editing `webhook`: what it has now. */
export function webhookFormOf(webhook: WebhookView): WebhookForm {
  return { url: webhook.url, description: webhook.description, eventTypes: [...webhook.eventTypes] }
}

/** Whether the form differs from `webhook` (what leaving an edit would lose). */
export function isWebhookFormChanged(form: WebhookForm, webhook: WebhookView): boolean {
  return (
    form.url.trim() !== webhook.url ||
    form.description.trim() !== webhook.description ||
    !sameEventTypes(form.eventTypes, webhook.eventTypes)
  )
}

/**
 * The PATCH body of an edit: only the fields changed from `webhook`, as the webhook was when the
 * form opened, so another manager's save of another field meanwhile stands.
 */
export function webhookChangesOf(
  request: CreateWebhookInput,
  webhook: WebhookView,
): Partial<CreateWebhookInput> {
  return {
    ...(request.url !== webhook.url ? { url: request.url } : {}),
    ...((request.description ?? '') !== webhook.description ? { description: request.description } : {}),
    ...(sameEventTypes(request.eventTypes, webhook.eventTypes) ? {} : { eventTypes: request.eventTypes }),
  }
}
