import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { useBusyAction } from './use-busy-action'

export type ConfirmChoice = 'confirm' | 'cancel'

export interface ConfirmAction<R> {
  /** What the dialog shows (the caller's own description of the question). */
  readonly request: Readonly<ShallowRef<R | null>>
  /** Bound to the dialog's `open`; closing it (Cancel, Escape) answers 'cancel'. */
  readonly open: Ref<boolean>
  readonly busy: Readonly<Ref<boolean>>
  /** The last attempt's failure, worded; the dialog stays open to show it. */
  readonly error: Readonly<Ref<string | null>>
  /**
   * Asks `request` and runs `work` when the user confirms. Resolves 'confirm' once `work` succeeded,
   * 'cancel' when the user dismissed the dialog (or another question replaced this one).
   * @example if ((await ask({ action: 'delete', token }, () => api.tokens.remove(token.id))) !== 'confirm') return
   */
  ask(
    request: R,
    work: () => Promise<void>,
    options?: { openLater?: (open: () => void) => void },
  ): Promise<ConfirmChoice>
  /** The dialog's confirm button: runs the work, keeps the dialog open and busy meanwhile. */
  confirm(): Promise<void>
  /** The dialog closed without confirming (Cancel, Escape): the question answers 'cancel'. */
  cancel(): void
}

/**
 * One awaited confirmation at a time, for a component that renders one ConfirmDialog: the page
 * awaits `ask`, rather than holding open/busy/error refs per question.
 */
export function useConfirmAction<R>(describeFailure: (failure: unknown) => string): ConfirmAction<R> {
  const request = shallowRef<R | null>(null)
  const open = ref(false)
  const action = useBusyAction(describeFailure)
  const { busy, error } = action
  let work: (() => Promise<void>) | null = null
  let settle: ((choice: ConfirmChoice) => void) | null = null

  function answer(choice: ConfirmChoice): void {
    const resolve = settle
    settle = null
    work = null
    resolve?.(choice)
  }

  // Sync: the answer must not wait for a render, and it must come before any next question.
  watch(open, (isOpen) => !isOpen && answer('cancel'), { flush: 'sync' })

  function ask(
    next: R,
    nextWork: () => Promise<void>,
    options: { openLater?: (open: () => void) => void } = {},
  ): Promise<ConfirmChoice> {
    answer('cancel')
    const choice = new Promise<ConfirmChoice>((resolve) => (settle = resolve))
    request.value = next
    work = nextWork
    error.value = null
    const show = () => (open.value = true)
    if (options.openLater) options.openLater(show)
    else show()
    return choice
  }

  async function confirm(): Promise<void> {
    const current = work
    if (!current || !(await action.run(current))) return
    answer('confirm')
    open.value = false
  }

  function cancel(): void {
    open.value = false
  }

  return { request, open, busy, error, ask, confirm, cancel }
}
