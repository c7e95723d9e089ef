import { nextTick, onBeforeUnmount, watch, type Ref } from 'vue'
import { focusElement } from './focus-after-action'

/** The nearest heading around `place`: its own, else the closest enclosing section's or group's (a legend). */
function headingAround(place: HTMLElement): HTMLElement | null {
  for (let at: HTMLElement | null = place; at && at.tagName !== 'MAIN'; at = at.parentElement) {
    const heading = at.querySelector<HTMLElement>('h1, h2, h3, h4, h5, h6, legend')
    if (heading) return heading
  }
  return null
}

/**
 * A failure shown with Retry (`failure`, its element) goes once Retry is pressed: what it retries
 * loads in its place, and the focus on Retry would fall to the start of the document. Focus
 * continues at the nearest heading around where the failure was (a panel's, or the form group's
 * legend), else at the page's, else at the page's region while its heading is still loading. The
 * failure may go with its component or alone.
 */
export function useFocusAfterRetry(failure: Ref<HTMLElement | null>): void {
  function keepFocusNear(element: HTMLElement): void {
    const place = element.parentElement
    if (!place || !element.contains(document.activeElement)) return
    void nextTick(() => {
      if (document.activeElement && document.activeElement !== document.body) return
      const target = [
        headingAround(place),
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
