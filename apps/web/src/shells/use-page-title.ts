import { watchEffect, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'

/** Keeps the browser tab's title on the current page, in the current language. */
export function usePageTitle(title: Ref<string>): void {
  const { t } = useI18n()
  watchEffect(() => {
    document.title = title.value ? `${title.value} · ${t('app.title')}` : t('app.title')
  })
}
