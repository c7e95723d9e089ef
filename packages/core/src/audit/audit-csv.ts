import type { LegacyAccess } from '../legacy/legacy-scopes.js'
import { actorIdOf, type AuditAction, type AuditEventView } from './audit-schemas.js'
import { auditedWebhookNameOf } from './audit-webhook-target.js'

/** Excel reads a UTF-8 file as UTF-8 (Chinese names intact) only when it starts with the BOM. */
export const CSV_BOM = '\uFEFF'

/** The export's columns, in order; each has a header text in the catalogs (`auditTrail.csv.<column>`). */
export const AUDIT_CSV_COLUMNS = [
  'time',
  'actor',
  'actorId',
  'action',
  'actionCode',
  'target',
  'tokenId',
  'address',
  'details',
] as const
export type AuditCsvColumn = (typeof AUDIT_CSV_COLUMNS)[number]

// A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * One RFC 4180 cell: quoted when it holds a comma, quote or line break (quotes doubled); a cell a
 * spreadsheet would evaluate is prefixed with an apostrophe, so it shows as the text it is.
 */
export function csvCellOf(value: string): string {
  const inert = FORMULA_START.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert
}

/** One record, CRLF-terminated as RFC 4180 has it. */
export function csvLineOf(cells: readonly string[]): string {
  return `${cells.map(csvCellOf).join(',')}\r\n`
}

/**
 * An event as the export reads it: the view, and which legacy credential its acting and its target
 * token are (null: none, or not a legacy credential). The stored name of a legacy credential
 * ("Read/Write") only identifies the row; the export names it in its own language, as the page does.
 */
export type AuditExportEvent = AuditEventView & {
  legacyAccess: { actor: LegacyAccess | null; token: LegacyAccess | null }
}

export interface AuditCsvWords {
  actionLabel(action: AuditAction): string
  /** The actor column's text for an event done by the system itself. */
  system: string
  /** A legacy credential's name in the export's language (the catalog's `legacy.readWrite`, `legacy.readOnly`). */
  legacyName(access: LegacyAccess): string
}

/** The export's cells of one event, in AUDIT_CSV_COLUMNS order (raw; csvLineOf escapes). */
export function auditCsvCellsOf(event: AuditExportEvent, words: AuditCsvWords): string[] {
  const actorId = actorIdOf(event.actor) ?? ''
  const formerName = typeof event.details['name'] === 'string' ? event.details['name'] : ''
  const { actor: actingLegacy, token: targetLegacy } = event.legacyAccess
  return [
    event.at,
    event.actor.type === 'system'
      ? words.system
      : event.actorName !== null && actingLegacy !== null
        ? words.legacyName(actingLegacy)
        : (event.actorName ?? ''),
    actorId,
    words.actionLabel(event.action),
    event.action,
    event.tokenName !== null && targetLegacy !== null
      ? words.legacyName(targetLegacy)
      : (event.tokenName ?? auditedWebhookNameOf(event) ?? formerName),
    event.tokenId ?? '',
    event.ip ?? '',
    JSON.stringify(event.details),
  ]
}
