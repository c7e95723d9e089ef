import { nextTick, onBeforeUnmount, type Ref } from 'vue'
import { useRouter } from 'vue-router'

/**
 * After an in-app navigation, moves focus to the new page's heading (or the main region), so
 * keyboard and screen-reader users start on the page they asked for instead of the old link.
 */
export function useFocusOnNavigation(main: Ref<HTMLElement | null>): void {
  const router = useRouter()
  const stop = router.afterEach((to, from, failure) => {
    if (failure || !from.matched.length || to.path === from.path) return
    void nextTick(() => {
      const target = main.value?.querySelector<HTMLElement>('h1') ?? main.value
      if (!target) return
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
      target.focus({ preventScroll: true })
    })
  })
  onBeforeUnmount(stop)
}
