import type { AuditEventView } from '@tokens/core'
import type { Ref } from 'vue'
import type { AdminApi } from '../../api/admin-api'
import { usePagedList } from '../../composables/use-paged-list'
import { auditRequestOf, isRangeReversed, type AuditFilterQuery } from './audit-filter-query'

export const AUDIT_PAGE_SIZE = 50

/**
 * The audit trail for the current filters, paged. A reversed date range loads nothing: the
 * filters say what is wrong.
 */
export function useAuditTrail(api: AdminApi, filter: Ref<AuditFilterQuery>) {
  return usePagedList<AuditEventView>(filter, (cursor, signal) =>
    isRangeReversed(filter.value)
      ? null
      : api.auditEvents.list(
          { ...auditRequestOf(filter.value), limit: AUDIT_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
          signal,
        ),
  )
}
