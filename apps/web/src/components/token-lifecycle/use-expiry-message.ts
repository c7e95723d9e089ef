import { latestExpiryOf } from '@tokens/core'
import { useI18n } from 'vue-i18n'
import { useFormatters } from '../../i18n/use-formatters'
import type { ExpiryPolicy, ExpiryRefusal } from './token-expiry'

type Translate = ReturnType<typeof useI18n>['t']
type Formatters = ReturnType<typeof useFormatters>

/** Words an expiry refusal the way the API words the same code, with a component's `t` and formatters. */
export function expiryMessageWith(t: Translate, format: Formatters) {
  return (refusal: ExpiryRefusal, policy: ExpiryPolicy): string => {
    if (refusal === 'ExpiryDateMissing') return t('lifecycle.expiry.dateMissing')
    if (refusal === 'ExpiryBeyondPolicy') {
      const latest = latestExpiryOf(policy, new Date())
      return t('errors.ExpiryBeyondPolicy', {
        maxLifetimeDays: format.number(policy.maxLifetimeDays ?? 0),
        latest: latest ? format.date(latest.toISOString()) : '',
      })
    }
    return t(`errors.${refusal}`)
  }
}

/** Words an expiry refusal the way the API words the same code. */
export function useExpiryMessage() {
  return expiryMessageWith(useI18n().t, useFormatters())
}
