import type { AuditEventView } from '@tokens/core'
import { ref, shallowRef, watch, type Ref } from 'vue'
import type { AdminApi } from '../../api/admin-api'
import { auditRequestOf, isRangeReversed, type AuditFilterQuery } from './audit-filter-query'

export const AUDIT_PAGE_SIZE = 50

/**
 * The audit trail for the current filters: loads the first page (dropping answers to filters the
 * user has since changed) and pages on with the keyset cursor. A reversed date range loads nothing:
 * the filters say what is wrong.
 */
export function useAuditTrail(api: AdminApi, filter: Ref<AuditFilterQuery>) {
  const items = ref<AuditEventView[]>([])
  const nextCursor = ref<string | null>(null)
  const status = ref<'loading' | 'ready' | 'error'>('loading')
  const error = shallowRef<unknown>(null)
  const loadingMore = ref(false)
  const loadMoreError = shallowRef<unknown>(null)
  let controller: AbortController | null = null

  async function reload(): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    error.value = null
    loadMoreError.value = null
    if (isRangeReversed(filter.value)) {
      items.value = []
      nextCursor.value = null
      status.value = 'ready'
      return
    }
    status.value = 'loading'
    try {
      const page = await api.auditEvents.list(
        { ...auditRequestOf(filter.value), limit: AUDIT_PAGE_SIZE },
        mine.signal,
      )
      if (controller !== mine) return
      items.value = page.items
      nextCursor.value = page.nextCursor
      status.value = 'ready'
    } catch (failure) {
      if (controller !== mine) return
      error.value = failure
      status.value = 'error'
    }
  }

  /** Appends the next page; answers how many events it added (0 when it failed or was outdated). */
  async function loadMore(): Promise<number> {
    if (!nextCursor.value || loadingMore.value) return 0
    loadingMore.value = true
    loadMoreError.value = null
    const mine = controller
    try {
      const page = await api.auditEvents.list({
        ...auditRequestOf(filter.value),
        limit: AUDIT_PAGE_SIZE,
        cursor: nextCursor.value,
      })
      if (controller !== mine) return 0
      const known = new Set(items.value.map((event) => event.id))
      const added = page.items.filter((event) => !known.has(event.id))
      items.value = [...items.value, ...added]
      nextCursor.value = page.nextCursor
      return added.length
    } catch (failure) {
      loadMoreError.value = failure
      return 0
    } finally {
      loadingMore.value = false
    }
  }

  watch(filter, () => void reload())

  return { items, nextCursor, status, error, loadingMore, loadMoreError, reload, loadMore }
}
