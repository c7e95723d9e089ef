import { z } from '@hono/zod-openapi'
import { AuditQuery } from '@tokens/core'
import { AuditEventList, jsonContent } from '../docs/component-schemas.js'
import { problemLocale } from '../http/handle-errors.js'
import { adminRouteGroup } from '../http/admin-route.js'
import { auditCsvResponse } from './audit-csv-response.js'

const AuditCsv = z.string().openapi('AuditCsv', {
  description:
    "UTF-8 with a byte order mark, RFC 4180, a header row in the user's language. Columns: time (ISO 8601 UTC), actor, actor id, action, action code, target token, token id, client address, details (JSON). A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so a spreadsheet shows it as text.",
})

export const registerAuditRoutes = adminRouteGroup(['Audit events'], (route, deps) => {
  route(
    'GET /api/audit-events',
    {
      summary: 'Audit trail of the account',
      description:
        'Every management action and every reveal of a credential (who, what, when, from where), newest first. Never holds a secret. The filters combine: `tokenId`, `actor` (a user id, a token id or `system`), `action`, and the window `from` (inclusive) to `to` (exclusive for an instant; a date includes its whole UTC day). Pass `nextCursor` back as `cursor` for the next page. `format=csv` answers every matching event (all pages) as a file.',
      request: { query: AuditQuery },
      responses: {
        200: {
          description: 'One page of events, or with `format=csv` the whole filtered set as a file.',
          content: { ...jsonContent(AuditEventList), 'text/csv': { schema: AuditCsv } },
        },
      },
    },
    async (c) => {
      const { format, ...filter } = c.req.valid('query')
      if (format === 'csv') {
        return auditCsvResponse(
          deps.core.audit.exportAll(c.get('actor'), filter),
          problemLocale(c),
          deps.now(),
        )
      }
      return c.json(await deps.core.audit.list(c.get('actor'), filter), 200)
    },
  )
})
