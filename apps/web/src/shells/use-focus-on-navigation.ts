import { nextTick, onBeforeUnmount, type Ref } from 'vue'
import { useRouter } from 'vue-router'

/** How long a page that loads before it has a heading (the token page) is waited for. */
const HEADING_WAIT_MS = 5000

function focusTarget(target: HTMLElement): void {
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1')
  target.focus({ preventScroll: true })
}

/**
 * After an in-app navigation, moves focus to the new page's heading (or the main region), so
 * keyboard and screen-reader users start on the page they asked for instead of the old link.
 * A page that renders its heading only once its data has loaded has the main region meanwhile;
 * the heading takes focus when it appears (within HEADING_WAIT_MS), unless the user has moved on.
 */
export function useFocusOnNavigation(main: Ref<HTMLElement | null>): void {
  const router = useRouter()
  let stopWaiting = (): void => {}

  function waitForHeading(root: HTMLElement): void {
    const observer = new MutationObserver(() => {
      const heading = root.querySelector<HTMLElement>('h1')
      if (!heading) return
      stopWaiting()
      if (document.activeElement === root) focusTarget(heading)
    })
    observer.observe(root, { childList: true, subtree: true })
    const timer = setTimeout(() => stopWaiting(), HEADING_WAIT_MS)
    stopWaiting = () => {
      observer.disconnect()
      clearTimeout(timer)
      stopWaiting = () => {}
    }
  }

  const stop = router.afterEach((to, from, failure) => {
    if (failure || !from.matched.length || to.path === from.path) return
    stopWaiting()
    void nextTick(() => {
      const root = main.value
      if (!root) return
      const heading = root.querySelector<HTMLElement>('h1')
      focusTarget(heading ?? root)
      if (!heading) waitForHeading(root)
    })
  })
  onBeforeUnmount(() => {
    stop()
    stopWaiting()
  })
}
