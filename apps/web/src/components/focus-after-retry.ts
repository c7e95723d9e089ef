import { nextTick, onBeforeUnmount, watch, type Ref } from 'vue'
import { focusElement } from './focus-after-action'

/**
 * A failure shown with Retry (`failure`, its element) goes once Retry is pressed: what it retries
 * loads in its place, and the focus on Retry would fall to the start of the document. Focus
 * continues at the first heading where the failure was (a panel's), else at the page's, else at the
 * page's region while its heading is still loading. The failure may go with its component or alone.
 */
export function useFocusAfterRetry(failure: Ref<HTMLElement | null>): void {
  function keepFocusNear(element: HTMLElement): void {
    const place = element.parentElement
    if (!place || !element.contains(document.activeElement)) return
    void nextTick(() => {
      if (document.activeElement && document.activeElement !== document.body) return
      const target = [
        place.querySelector<HTMLElement>('h1, h2, h3, h4, h5, h6'),
        document.querySelector<HTMLElement>('main h1'),
        document.querySelector<HTMLElement>('main'),
      ].find((candidate) => candidate?.isConnected)
      if (target) focusElement(target)
    })
  }
  // Sync: while the element is still in the document, and focus still on its Retry.
  watch(failure, (now, before) => !now && before && keepFocusNear(before), { flush: 'sync' })
  onBeforeUnmount(() => failure.value && keepFocusNear(failure.value))
}
