import { shallowRef } from 'vue'

/**
 * The same action run per row (enable or disable one webhook): each row is busy while its own
 * request runs, so one row finishing never clears another row's spinner or re-enables a row whose
 * request is still under way. A second press on a busy row does nothing.
 * @example const toggling = useBusyIds(); await toggling.run(webhook.id, () => api.webhooks.update(…))
 */
export function useBusyIds() {
  const busy = shallowRef<ReadonlySet<string>>(new Set())

  function set(id: string, running: boolean): void {
    const next = new Set(busy.value)
    if (running) next.add(id)
    else next.delete(id)
    busy.value = next
  }

  /** Runs `work` for `id` unless that id's work is already running; answers whether it ran. */
  async function run(id: string, work: () => Promise<unknown>): Promise<boolean> {
    if (busy.value.has(id)) return false
    set(id, true)
    try {
      await work()
      return true
    } finally {
      set(id, false)
    }
  }

  return { has: (id: string): boolean => busy.value.has(id), run }
}
