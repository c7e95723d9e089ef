/**
 * The one focus rule after an action (issue 19): focus goes to what the action produced (a result
 * panel, the list a deleted card leaves), else back to the control that started it, else to the
 * next candidate still on the page (the page's heading). The element is scrolled into view; the
 * targets' scroll-margin (base.css) keeps them clear of the sticky top bar and save bar.
 */
import { nextTick } from 'vue'

const FOCUSABLE = 'a[href], button, input, select, textarea, [tabindex]'
const TOAST_GAP = 12

let resultCount = 0
let latestResult: HTMLElement | null = null

/** The result panel a focused heading heads: it is scrolled to the top of the view, to be read. */
const panelOf = new WeakMap<HTMLElement, HTMLElement>()

/** Focuses `element` (made focusable by script if it is not) and brings it (or its panel) into view. */
export function focusElement(element: HTMLElement): void {
  if (!element.matches(FOCUSABLE)) element.setAttribute('tabindex', '-1')
  element.focus({ preventScroll: true })
  const panel = panelOf.get(element)
  if (!panel) {
    element.scrollIntoView?.({ block: 'nearest' })
    return
  }
  panel.scrollIntoView?.({ block: 'start' })
  // The toasts reporting the same action sit at the top of the view: the panel starts below them.
  const toasts = document.querySelector('[data-toast-viewport]')?.getBoundingClientRect()
  const top = panel.getBoundingClientRect().top
  if (toasts && toasts.height > 0 && top < toasts.bottom + TOAST_GAP)
    window.scrollBy(0, top - toasts.bottom - TOAST_GAP)
}

/**
 * An action's result has appeared (new credentials, the list after a delete): it takes focus now,
 * and keeps it when the dialog that asked for the action closes (see `beginAction`). `view`: the
 * panel to bring into view when `element` is its heading.
 */
export function focusResult(element: HTMLElement, view?: HTMLElement): void {
  if (view) panelOf.set(element, view)
  resultCount++
  latestResult = element
  focusElement(element)
}

export type SettleFocus = (...candidates: Array<HTMLElement | null | undefined>) => HTMLElement | null

/**
 * Call when an action starts (a confirmation opens, an immediate action runs); call the answer once
 * it has finished. A result shown meanwhile wins; else the first candidate still in the document.
 * @example const settle = beginAction(); await enable(token); await nextTick(); settle(trigger)
 */
export function beginAction(): SettleFocus {
  const resultsBefore = resultCount
  return (...candidates) => {
    const result = resultCount > resultsBefore && latestResult?.isConnected ? latestResult : null
    const target = [result, ...candidates].find(
      (candidate): candidate is HTMLElement =>
        Boolean(candidate?.isConnected) && !candidate?.matches(':disabled'),
    )
    if (target) focusElement(target)
    return target ?? null
  }
}

/**
 * A result the user is done with (Done on a panel, Cancel on a form) goes, and focus went with it
 * to the page: `close` removes it, and once the page has re-rendered focus continues at the first
 * candidate still there (the control that opened it, the heading above where it was).
 * @example @done="closeResult(() => (issued = null), () => [document.getElementById(titleId)])"
 */
export async function closeResult(
  close: () => void,
  candidates: () => Array<HTMLElement | null | undefined>,
): Promise<HTMLElement | null> {
  const settle = beginAction()
  close()
  await nextTick()
  return settle(...candidates())
}
