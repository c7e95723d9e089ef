import en from '@tokens/locales/en.json' with { type: 'json' }
import zhCN from '@tokens/locales/zh-CN.json' with { type: 'json' }
import type { Locale } from '../../i18n/locales.js'
import { isRetiredPreviousSecret, type LeakView } from '../../leaks/leak-schemas.js'
import type { NotificationType } from '../../notifications/notification-schemas.js'
import type { NotificationData } from './enqueue-notification.js'

type Catalog = { readonly [key: string]: string | Catalog }
const CATALOGS: Record<Locale, Catalog> = { en, 'zh-CN': zhCN }

function message(locale: Locale, key: string, params: NotificationData): string {
  const lookup = (catalog: Catalog): string | undefined => {
    let node: string | Catalog | undefined = catalog
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
    return typeof node === 'string' ? node : undefined
  }
  const template = lookup(CATALOGS[locale]) ?? lookup(CATALOGS.en) ?? key
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name]
    return value === undefined || value === null ? placeholder : String(value)
  })
}

/** A time as the recipient reads it, in UTC (an e-mail has no time zone of its reader). */
function formatTime(locale: Locale, iso: unknown): string | undefined {
  if (typeof iso !== 'string') return undefined
  const formatted = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso))
  return `${formatted} UTC`
}

export interface NotificationEmail {
  subject: string
  text: string
}

/**
 * The e-mail for one event in the recipient's language, from the `notifications.email` texts of
 * locales/. `tokenLink` is the token's page in the console (`tokenConsoleLink`); without one (no
 * PUBLIC_URL, or the token is gone) the e-mail has no link line.
 */
export function notificationEmail(
  locale: Locale,
  type: NotificationType,
  data: NotificationData,
  tokenLink?: string,
): NotificationEmail {
  const kind = type.replace(/^token\./, '')
  // A leaked previous secret a leak response retired (in this report or an earlier one) was not
  // rotated and asks nothing of anyone: its own body says so, without "rotate or reset the token",
  // which would break the integrations already on the current secret. The event's data holds the
  // leak's action and secret as the leak record does (leak-service.ts).
  const retiredPrevious = isRetiredPreviousSecret(data as Pick<LeakView, 'action' | 'secret'>)
  const leakAction = typeof data.action === 'string' ? data.action : 'none'
  const params: NotificationData = {
    ...data,
    name: data.tokenName ?? '',
    expiresAt: formatTime(locale, data.expiresAt) ?? null,
    endsAt: formatTime(locale, data.endsAt) ?? null,
    endedAt: formatTime(locale, data.endedAt) ?? null,
    url: typeof data.url === 'string' ? data.url : message(locale, 'notifications.email.unknownUrl', {}),
    action: retiredPrevious ? null : message(locale, `notifications.email.leakAction.${leakAction}`, {}),
  }
  return {
    subject: message(locale, `notifications.email.${kind}.subject`, params),
    text: [
      message(locale, 'notifications.email.greeting', params),
      '',
      message(locale, `notifications.email.${kind}.${bodyOf(kind, data, retiredPrevious)}`, params),
      '',
      message(locale, 'notifications.email.tokenLine', params),
      ...(tokenLink === undefined
        ? []
        : [message(locale, 'notifications.email.tokenLink', { link: tokenLink })]),
      '',
      '--',
      message(locale, 'notifications.email.footer', params),
      '',
    ].join('\n'),
  }
}

/** Which body of the event's texts: most events have one. */
function bodyOf(kind: string, data: NotificationData, retiredPrevious: boolean): string {
  if (retiredPrevious) return 'bodyPreviousRetired'
  // A rotation ended by deleting the token: "only the new auth token works" would be false.
  if (kind === 'rotation_completed' && data.how === 'deleted') return 'bodyDeleted'
  return 'body'
}
