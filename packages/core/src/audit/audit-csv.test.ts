import { describe, expect, it } from 'vitest'
import { auditCsvCellsOf, csvCellOf, csvLineOf } from './audit-csv.js'
import type { AuditEventView } from './audit-schemas.js'

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
    const event: AuditEventView = {
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
    }
    expect(auditCsvCellsOf(event, { actionLabel: () => 'Deleted', system: 'System' })).toEqual([
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
})
