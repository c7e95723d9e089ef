import { describe, expect, it } from 'vitest'
import { auditCsvCellsOf, csvCellOf, csvLineOf } from './audit-csv.js'
import type { AuditExportEvent } from './audit-csv.js'
import type { AuditAction, AuditEventView } from './audit-schemas.js'

const words = {
  actionLabel: () => '重置',
  system: '系统',
  legacyName: (access: string) => (access === 'read_only' ? '只读' : '读/写'),
}

/** An event a token did to another token, as the export reads it. */
function tokenActingOnToken(
  event: Pick<AuditExportEvent, 'action' | 'actorName' | 'tokenName' | 'tokenKind' | 'legacyAccess'>,
): AuditExportEvent {
  return {
    id: 'evt_2',
    actor: { type: 'token', tokenId: 'tok_a' },
    tokenId: 'tok_b',
    at: '2026-03-15T12:00:00.000Z',
    ip: null,
    details: {},
    ...event,
  }
}

describe('audit CSV', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['报表同步', '报表同步'],
    ['', ''],
  ])('writes %j as the RFC 4180 cell %j', (value, cell) => {
    expect(csvCellOf(value)).toBe(cell)
  })

  it.each(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x","y")'])(
    'neutralises %j so a spreadsheet shows it as text',
    (value) => {
      const cell = csvCellOf(value)
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replaceAll('""', '"') : cell
      expect(unquoted).toBe(`'${value}`)
    },
  )

  it('ends each record with CRLF and joins cells with commas', () => {
    expect(csvLineOf(['a', 'b,c', '=d'])).toBe('a,"b,c",\'=d\r\n')
  })

  it('names the system as the actor of its own events and a deleted token by the name it had', () => {
    const event: AuditExportEvent = {
      id: 'evt_1',
      action: 'token.delete',
      actor: { type: 'system' },
      tokenId: 'tok_1',
      at: '2026-03-15T12:00:00.000Z',
      ip: null,
      actorName: null,
      tokenName: null,
      tokenKind: null,
      details: { name: 'Old name' },
      legacyAccess: { actor: null, token: null },
    }
    expect(auditCsvCellsOf(event, { ...words, actionLabel: () => 'Deleted', system: 'System' })).toEqual([
      '2026-03-15T12:00:00.000Z',
      'System',
      '',
      'Deleted',
      'token.delete',
      'Old name',
      'tok_1',
      '',
      '{"name":"Old name"}',
    ])
  })

  it("names a legacy credential in the export's words in both the actor and the token column", () => {
    const event = tokenActingOnToken({
      action: 'legacy.reset',
      actorName: 'Read/Write',
      tokenName: 'Read-Only',
      tokenKind: 'legacy',
      legacyAccess: { actor: 'read_write', token: 'read_only' },
    })
    const [, actor, , , , target] = auditCsvCellsOf(event, words)
    expect([actor, target]).toEqual(['读/写', '只读'])
  })

  it('keeps the name of a scoped token as it is', () => {
    const event = tokenActingOnToken({
      action: 'token.disable',
      actorName: 'Reporting',
      tokenName: 'Billing',
      tokenKind: 'scoped',
      legacyAccess: { actor: null, token: null },
    })
    const [, actor, , , , target] = auditCsvCellsOf(event, words)
    expect([actor, target]).toEqual(['Reporting', 'Billing'])
  })

  it.each<[AuditAction, AuditEventView['details'], string]>([
    [
      'webhook.create',
      { webhookId: 'whk_1', url: 'https://hooks.example.test', description: 'Ops pager' },
      'Ops pager',
    ],
    [
      'webhook.update',
      { webhookId: 'whk_1', url: 'https://hooks.example.test', fields: ['url'] },
      'https://hooks.example.test',
    ],
    [
      'webhook.delete',
      { webhookId: 'whk_1', url: 'https://hooks.example.test' },
      'https://hooks.example.test',
    ],
    ['webhook.delete', { webhookId: 'whk_1', url: null }, ''],
    ['token.leaked', { url: 'https://paste.example.test' }, ''],
  ])(
    'names the webhook of %s by its description, else its URL origin, in the target column',
    (action, details, target) => {
      const event: AuditExportEvent = {
        ...tokenActingOnToken({
          action,
          actorName: 'Priya Raman',
          tokenName: null,
          tokenKind: null,
          legacyAccess: { actor: null, token: null },
        }),
        actor: { type: 'user', userId: 'usr_1' },
        tokenId: null,
        details,
      }
      expect(auditCsvCellsOf(event, words)[5]).toBe(target)
    },
  )
})
