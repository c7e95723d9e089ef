import { defineComponent, h, ref, shallowRef, type Component } from 'vue'
import { useI18n } from 'vue-i18n'
import type { LoadStatus } from '../composables/use-loader'
import { browserOnline, loadPageAgain } from '../lazy-code/code-fetch-failures'
import { useLocaleStore } from '../stores/locale-store'
import AsyncContent from './AsyncContent.vue'

/**
 * A part of a page whose code loads when first shown (the usage chart, the upgrade preview): a
 * skeleton while it downloads, and when it cannot be (offline) a compact error with Retry in its
 * place, instead of nothing. Props, events and slots pass through to the loaded component.
 * @example const UsageChart = lazyPart(() => import('./UsageChart.vue'))
 */
export function lazyPart(load: () => Promise<{ default: Component }>): Component {
  let loaded: Component | null = null
  return defineComponent({
    name: 'LazyPart',
    inheritAttrs: false,
    setup(_props, { attrs, slots }) {
      const { t } = useI18n()
      const locale = useLocaleStore()
      const component = shallowRef<Component | null>(loaded)
      const status = ref<LoadStatus>(loaded ? 'ready' : 'loading')
      const offline = ref(false)

      async function fetchPart(retry: boolean): Promise<void> {
        status.value = 'loading'
        try {
          // With the messages of the catalog's later part, which such a part may show.
          const [module] = await Promise.all([load(), locale.loadLaterMessages()])
          loaded = module.default
          component.value = loaded
          status.value = 'ready'
        } catch {
          // Retried online and refused again: the browser remembers the failed download
          // (code-fetch-failures.ts), and only loading the page anew fetches the code.
          if (retry && loadPageAgain()) return
          offline.value = !browserOnline()
          status.value = 'error'
        }
      }
      if (!loaded) void fetchPart(false)

      return () =>
        h(
          AsyncContent,
          {
            status: status.value,
            error: null,
            compact: true,
            errorTitle: t('states.partLoadFailed'),
            errorMessage: t(offline.value ? 'states.partOffline' : 'states.partFailed'),
            onRetry: () => fetchPart(true),
          },
          { default: () => (component.value ? h(component.value, attrs, slots) : null) },
        )
    },
  })
}
