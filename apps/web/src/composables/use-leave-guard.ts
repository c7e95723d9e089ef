import { onBeforeUnmount, onMounted } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { useSessionStore } from '../stores/session-store'
import { useConfirmAction, type ConfirmAction } from './use-confirm-action'

/**
 * Leaving a page while `unsaved()` asks first, in the console's own dialog (LeaveUnsavedDialog with
 * `confirmation`: the browser's confirm() cannot be styled, translated by the console or tested like
 * the rest); the navigation waits for the answer. A reload, closing the tab or another address
 * never reach the router: there the browser asks, in its own words (a page may not word that one).
 * `mayLeave` is the question, for another guard (the same page opened for another token).
 * @example const leave = useLeaveGuard(() => dirtyFields.value.length > 0)
 */
export function useLeaveGuard(unsaved: () => boolean): {
  confirmation: ConfirmAction<'leave'>
  mayLeave: () => Promise<boolean>
} {
  // Leaving does no work, so nothing can fail to be worded.
  const confirmation = useConfirmAction<'leave'>(() => '')
  const session = useSessionStore()
  async function mayLeave(): Promise<boolean> {
    // The session has ended (the way to the login page): nothing can be saved any more, and the
    // shell that would ask is going away, so a question would never be answered.
    if (!unsaved() || !session.signedIn) return true
    return (await confirmation.ask('leave', async () => {})) === 'confirm'
  }
  onBeforeRouteLeave(mayLeave)
  function holdUnload(event: BeforeUnloadEvent): void {
    if (!unsaved() || !session.signedIn) return
    event.preventDefault()
    // Chromium before 119 and Safari ask only when returnValue is set.
    event.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', holdUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', holdUnload))
  return { confirmation, mayLeave }
}
