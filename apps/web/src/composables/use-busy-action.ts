import { computed, ref, shallowRef, type Ref } from 'vue'

export interface BusyAction {
  /** True while the work runs: its button shows busy and a second press does nothing. */
  readonly busy: Readonly<Ref<boolean>>
  /**
   * The last attempt's failure, worded for the user in the language shown (worded again after a
   * switch); cleared when the next attempt starts, or by setting it to null.
   */
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
  /** Held as it was thrown, so that its words follow the language (describeFailure reads it). */
  const failed = shallowRef<{ failure: unknown } | null>(null)
  const error = computed<string | null>({
    get: () => (failed.value ? describeFailure(failed.value.failure) : null),
    set: (value) => {
      if (value === null) failed.value = null
    },
  })

  async function run(work: () => Promise<unknown>): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    failed.value = null
    try {
      await work()
      return true
    } catch (failure) {
      failed.value = { failure }
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, error, run }
}
