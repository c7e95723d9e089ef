import {
  AUDIT_CSV_COLUMNS,
  auditCsvCellsOf,
  CSV_BOM,
  csvLineOf,
  type AuditCsvWords,
  type AuditExportEvent,
  type Locale,
} from '@tokens/core'
import { localisedMessage } from '../http/localised-messages.js'

/** Events written per chunk of the answer: few writes, and one chunk stays small. */
const LINES_PER_CHUNK = 200

export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8; header=present'

/**
 * The whole filtered audit trail as a CSV file, streamed as the core reads it in batches: headers,
 * action names and legacy credentials' names in the user's language, UTF-8 with a BOM. The first
 * event is read before the answer starts, so a refusal (a role that may not read the trail) is
 * still a problem answer.
 */
export async function auditCsvResponse(
  events: AsyncGenerator<AuditExportEvent, void>,
  locale: Locale,
  now: Date,
): Promise<Response> {
  let next = await events.next()
  const words: AuditCsvWords = {
    actionLabel: (action) => localisedMessage(locale, `auditTrail.actions.${action}`),
    system: localisedMessage(locale, 'auditTrail.system'),
    // The words the audit page names them with (useLegacyAccessName).
    legacyName: (access) =>
      localisedMessage(locale, access === 'read_only' ? 'legacy.readOnly' : 'legacy.readWrite'),
  }
  let chunk =
    CSV_BOM +
    csvLineOf(AUDIT_CSV_COLUMNS.map((column) => localisedMessage(locale, `auditTrail.csv.${column}`)))
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (let lines = 0; !next.done && lines < LINES_PER_CHUNK; lines++) {
        chunk += csvLineOf(auditCsvCellsOf(next.value, words))
        next = await events.next()
      }
      controller.enqueue(encoder.encode(chunk))
      chunk = ''
      if (next.done) controller.close()
    },
    async cancel() {
      await events.return()
    },
  })
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': CSV_MEDIA_TYPE,
      'Content-Disposition': `attachment; filename="audit-trail-${now.toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
