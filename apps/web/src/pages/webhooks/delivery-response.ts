import type { DeliveryView } from '@tokens/core'
import type { useI18n } from 'vue-i18n'

type Translate = ReturnType<typeof useI18n>['t']

/**
 * The Response column of a delivery: the last status code and error kind. A delivery that expired
 * after failed attempts says so beside its last error, which is what its reader needs to fix the
 * endpoint; one that expired unsent has only its `expired` code to show.
 */
export function deliveryResponseWith(t: Translate) {
  return (delivery: DeliveryView): string => {
    const parts = [
      delivery.lastResponseStatus === null ? null : String(delivery.lastResponseStatus),
      delivery.lastError === null ? null : t(`notifications.webhooks.errors.${delivery.lastError}`),
    ].filter((part) => part !== null)
    if (parts.length === 0) return '—'
    const response = parts.join(' · ')
    return delivery.expired && delivery.lastError !== 'expired'
      ? t('notifications.webhooks.expiredAfterRetries', { error: response })
      : response
  }
}
