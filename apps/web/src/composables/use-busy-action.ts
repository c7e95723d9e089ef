import { ref, type Ref } from 'vue'

export interface BusyAction {
  /** True while the work runs: its button shows busy and a second press does nothing. */
  readonly busy: Readonly<Ref<boolean>>
  /** The last attempt's failure, worded for the user; cleared when the next attempt starts. */
  readonly error: Ref<string | null>
  /**
   * Runs `work` unless it is already running; answers whether it succeeded.
   * @example if (await save.run(() => api.policies.update(request))) toasts.success(t('policies.saved'))
   */
  run(work: () => Promise<unknown>): Promise<boolean>
}

/** One action a page or dialog runs on a press (save, mark handled, confirm): busy, failure, and one try. */
export function useBusyAction(describeFailure: (failure: unknown) => string): BusyAction {
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function run(work: () => Promise<unknown>): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    error.value = null
    try {
      await work()
      return true
    } catch (failure) {
      error.value = describeFailure(failure)
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, error, run }
}
