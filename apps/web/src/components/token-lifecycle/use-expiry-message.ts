import { latestExpiryOf } from '@tokens/core'
import { useI18n } from 'vue-i18n'
import { useFormatters } from '../../i18n/use-formatters'
import type { ExpiryPolicy, ExpiryRefusal } from './token-expiry'

/** Words an expiry refusal the way the API words the same code. */
export function useExpiryMessage() {
  const { t } = useI18n()
  const format = useFormatters()
  return (refusal: ExpiryRefusal, policy: ExpiryPolicy): string => {
    if (refusal === 'ExpiryDateMissing') return t('lifecycle.expiry.dateMissing')
    if (refusal === 'ExpiryBeyondPolicy') {
      const latest = latestExpiryOf(policy, new Date())
      return t('errors.ExpiryBeyondPolicy', {
        maxLifetimeDays: policy.maxLifetimeDays ?? 0,
        latest: latest ? format.date(latest.toISOString()) : '',
      })
    }
    return t(`errors.${refusal}`)
  }
}
