import type { DeliveryView } from '@tokens/core'
import { computed, shallowRef } from 'vue'
import { useLoader } from '../../composables/use-loader'

/**
 * A delivery log read whole (a webhook's). The first read shows loading, or its failure with Retry.
 * A later read (Refresh, the read after a Resend) keeps the rows on screen; when it fails they stay
 * as they were and `outOfDate` holds why, until a read succeeds. Only the newest read fills the log
 * or says it failed (useLoader), so an older read answering late never overwrites a newer one.
 * @example const log = useDeliveryLog(() => api.webhooks.deliveries(id)); await log.read()
 */
export function useDeliveryLog(fetch: () => Promise<DeliveryView[]>) {
  const { data, status, error, refreshing, load } = useLoader(fetch, { keepWhileRefreshing: true })
  const deliveries = computed<DeliveryView[]>(() => data.value ?? [])
  /** The failure of the newest read since the log was first shown; kept while Retry reads again. */
  const outOfDate = shallowRef<unknown>(null)

  async function read(): Promise<void> {
    await load()
    // A read a newer one overtook finds the newer one's state here: still under way, it changes nothing.
    if (status.value === 'ready') outOfDate.value = null
    else if (status.value === 'error' && data.value !== null) outOfDate.value = error.value
  }

  /**
   * Shows an action's answer (a resent delivery) in its row, then reads the log again. The read
   * starts at once, so any read asked before the action, answering late, is dropped and cannot put
   * the row's older state back; when the read fails the row keeps the answer.
   */
  async function showThenRead(delivery: DeliveryView): Promise<void> {
    if (data.value) data.value = data.value.map((shown) => (shown.id === delivery.id ? delivery : shown))
    await read()
  }

  return {
    deliveries,
    /** True once a read has filled the log: its failures from then on leave the rows on screen. */
    shown: computed(() => data.value !== null),
    status,
    error,
    reading: refreshing,
    outOfDate,
    read,
    showThenRead,
  }
}
