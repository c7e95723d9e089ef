import type { UnusedTokensPreview } from '@tokens/core'
import { shallowRef } from 'vue'
import type { AdminApi } from '../../api/admin-api'

/** Where the unused-token dry run stands: not asked, loading, answered or failed, for `days`. */
export type UnusedPreviewState =
  | { status: 'idle' }
  | { status: 'loading'; days: number }
  | { status: 'ready'; days: number; preview: UnusedTokensPreview }
  | { status: 'error'; days: number; error: unknown }

/**
 * The dry run of "Disable tokens unused for N days" for the days chosen, before they are saved.
 * Only the latest question's answer is shown: an earlier, slower one is dropped, and `clear()`
 * (the days changed) drops whatever is in flight.
 */
export function useUnusedPreview(api: Pick<AdminApi, 'policies'>) {
  const state = shallowRef<UnusedPreviewState>({ status: 'idle' })
  let asked = 0

  async function load(days: number): Promise<void> {
    const ask = ++asked
    state.value = { status: 'loading', days }
    try {
      const preview = await api.policies.previewUnused(days)
      if (ask === asked) state.value = { status: 'ready', days, preview }
    } catch (error) {
      if (ask === asked) state.value = { status: 'error', days, error }
    }
  }

  function clear(): void {
    asked++
    state.value = { status: 'idle' }
  }

  return { state, load, clear }
}
