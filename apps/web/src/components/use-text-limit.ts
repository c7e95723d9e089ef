import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import { useI18n } from 'vue-i18n'
import { textLimitOf } from './text-limit'

/**
 * A limited field's counter and, once the text is too long, its refusal worded as the core would
 * word it on submit. The field has no maxlength: a longer paste stays whole, so it can be shortened
 * knowingly instead of being cut silently.
 */
export function useTextLimit(value: MaybeRefOrGetter<string>, max: number) {
  const { t } = useI18n()
  const limit = computed(() => textLimitOf(toValue(value), max))
  const overMessage = computed(() => (limit.value.over > 0 ? t('validation.tooLong', { max }) : null))
  return { limit, overMessage }
}
