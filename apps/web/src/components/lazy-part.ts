import { defineComponent, h, ref, shallowRef, type Component } from 'vue'
import { useI18n } from 'vue-i18n'
import type { LoadStatus } from '../composables/use-loader'
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
      const component = shallowRef<Component | null>(loaded)
      const status = ref<LoadStatus>(loaded ? 'ready' : 'loading')
      const offline = ref(false)

      async function fetchPart(): Promise<void> {
        status.value = 'loading'
        try {
          loaded = (await load()).default
          component.value = loaded
          status.value = 'ready'
        } catch {
          offline.value = globalThis.navigator?.onLine === false
          status.value = 'error'
        }
      }
      if (!loaded) void fetchPart()

      return () =>
        h(
          AsyncContent,
          {
            status: status.value,
            error: null,
            compact: true,
            errorTitle: t('states.partLoadFailed'),
            errorMessage: t(offline.value ? 'states.partOffline' : 'states.partFailed'),
            onRetry: fetchPart,
          },
          { default: () => (component.value ? h(component.value, attrs, slots) : null) },
        )
    },
  })
}
