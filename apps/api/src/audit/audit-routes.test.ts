import type { AuditEventView } from '@tokens/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { bodyOf } from '../test-support/api-fixture.js'
import { apiFixtureForSuite, sessionForSuite } from '../test-support/suite-fixture.js'

type EventPage = { items: AuditEventView[]; nextCursor: string | null }

/** The CSV's records without the header: lines, BOM dropped, split on CRLF. */
function recordsOf(csv: string): string[] {
  return csv
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1, -1)
}

describe('the audit trail on the admin API', () => {
  const f = apiFixtureForSuite()
  const admin = sessionForSuite(f)
  let watchedId: string
  let otherId: string
  beforeAll(async () => {
    f.clock.set(new Date('2026-03-10T10:00:00.000Z'))
    watchedId = (await f.createToken(f.a, { name: '=SUM(1+1) 报表' })).token.id
    otherId = (await f.createToken(f.a, { name: 'Other' })).token.id
    f.clock.set(new Date('2026-03-12T10:00:00.000Z'))
    expect((await f.call('POST', `/api/tokens/${watchedId}/disable`, { session: admin })).status).toBe(200)
    // Enough events for several pages of the list and more than one batch of the export.
    const db = await f.testCore.database()
    const rows = Array.from({ length: 620 }, (_, i) => ({
      id: `evt_api${String(i).padStart(4, '0')}`,
      account_id: f.a.id,
      actor_type: 'user',
      actor_id: f.a.impl.id,
      action: 'token.reveal',
      token_id: otherId,
      at: new Date(Date.UTC(2026, 2, 11) + i * 1000).toISOString(),
      ip: '198.51.100.7',
      details: '{}',
    }))
    for (let i = 0; i < rows.length; i += 200)
      await db
        .insertInto('audit_events')
        .values(rows.slice(i, i + 200))
        .execute()
  })

  const list = async (query: string, session = admin) =>
    bodyOf<EventPage>(await f.call('GET', `/api/audit-events?${query}`, { session }))

  it('filters by token, actor, action and date, combined, with the names of actor and target', async () => {
    const byToken = await list(`tokenId=${watchedId}`)
    expect(byToken.items.map((e) => e.action)).toEqual(['token.disable', 'token.create'])
    expect(byToken.items[0]).toMatchObject({
      actor: { type: 'user', userId: f.a.admin.id },
      actorName: expect.any(String),
      tokenName: '=SUM(1+1) 报表',
      tokenKind: 'scoped',
    })
    expect((await list(`action=token.disable`)).items.map((e) => e.tokenId)).toEqual([watchedId])
    // Cleared filters in a URL are no filters.
    expect((await list(`tokenId=&actor=&action=&from=&to=&cursor=&limit=3`)).items).toHaveLength(3)
    expect((await list(`actor=${f.a.impl.id}&limit=5`)).items).toHaveLength(5)
    expect((await list(`actor=${f.a.impl.id}&tokenId=${watchedId}`)).items).toEqual([])
    const window = await list(`from=2026-03-12&to=2026-03-12`)
    expect(window.items.map((e) => e.action)).toEqual(['token.disable'])
    const secondDay = await list(`from=2026-03-11T00:00:00.000Z&to=2026-03-11T00:00:10.000Z&limit=200`)
    expect(secondDay.items).toHaveLength(10)
  })

  it('pages the filtered list with the cursor it answers', async () => {
    const seen = new Set<string>()
    let cursor: string | null = null
    do {
      const page: EventPage = await list(`action=token.reveal&limit=200${cursor ? `&cursor=${cursor}` : ''}`)
      for (const event of page.items) seen.add(event.id)
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.size).toBe(620)
  })

  it.each([
    ['from=2026-02-30', 'from'],
    ['to=tomorrow', 'to'],
    ['from=2026-03-12&to=2026-03-11', 'to'],
    ['action=token.explode', 'action'],
    ['actor=robert', 'actor'],
    ['format=xlsx', 'format'],
    ['cursor=not-a-cursor', 'cursor'],
  ])('answers 400 ValidationFailed as problem+json for %s', async (query, field) => {
    const res = await f.call('GET', `/api/audit-events?${query}`, { session: admin })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    const problem = await bodyOf<{ code: string; errors?: { path: string }[]; params?: { field?: string } }>(
      res,
    )
    expect(problem.code).toBe('ValidationFailed')
    expect([...(problem.errors ?? []).map((e) => e.path), problem.params?.field]).toContain(field)
  })

  it('exports the whole filtered set as a CSV file: every page, BOM, headers, neutralised cells', async () => {
    const res = await f.call('GET', `/api/audit-events?format=csv&tokenId=${otherId}&limit=10`, {
      session: admin,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-trail-2026-03-12.csv"')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const csv = new TextDecoder().decode(bytes)
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      'Time (UTC),Actor,Actor ID,Action,Action code,Target token,Token ID,Client address,Details',
    )
    const records = recordsOf(csv)
    expect(records).toHaveLength(621)
    expect(records[0]).toContain(',Revealed credentials,token.reveal,Other,')
    expect(records.at(-1)).toContain(',Created a token,token.create,Other,')

    const watched = recordsOf(
      await (
        await f.call('GET', `/api/audit-events?format=csv&tokenId=${watchedId}`, { session: admin })
      ).text(),
    )
    expect(watched).toHaveLength(2)
    expect(watched[0]).toContain(`,Disabled a token,token.disable,'=SUM(1+1) 报表,${watchedId},`)
  })

  it('writes the CSV header and action names in the user’s language', async () => {
    const impl = await f.signIn(f.a.impl)
    await f.call('PATCH', '/api/session', { session: impl, json: { locale: 'zh-CN' } })
    const csv = await (
      await f.call('GET', `/api/audit-events?format=csv&action=token.disable`, { session: impl })
    ).text()
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe(
      '时间（UTC）,操作者,操作者 ID,操作,操作代码,目标令牌,令牌 ID,客户端地址,详情',
    )
    expect(recordsOf(csv)[0]).toContain(',禁用令牌,token.disable,')
  })

  it('names a legacy credential in the language of the export, as the audit page does', async () => {
    const impl = await f.signIn(f.a.impl)
    await f.call('PATCH', '/api/session', { session: impl, json: { locale: 'zh-CN' } })
    expect((await f.call('POST', '/api/legacy-tokens/enable', { session: admin })).status).toBe(200)
    expect((await f.call('POST', '/api/legacy-tokens/read-only/reset', { session: admin })).status).toBe(200)
    const csv = await (
      await f.call('GET', `/api/audit-events?format=csv&action=legacy.reset`, { session: impl })
    ).text()
    const [record] = recordsOf(csv)
    expect(record).toContain(',重置旧版令牌,legacy.reset,只读,')
    expect(record).not.toContain('Read-Only')
  })

  it('shows another account nothing of this one, filter or no filter, list or file', async () => {
    const b = await f.signIn(f.b.admin)
    expect((await list(`tokenId=${watchedId}`, b)).items).toEqual([])
    const csv = await (
      await f.call('GET', `/api/audit-events?format=csv&tokenId=${otherId}`, { session: b })
    ).text()
    expect(recordsOf(csv)).toEqual([])
    const all = await (await f.call('GET', '/api/audit-events?format=csv', { session: b })).text()
    expect(all).not.toContain(watchedId)
    expect(all).not.toContain(otherId)
  })

  it('documents the filters and the CSV answer in the OpenAPI document', async () => {
    const doc = await bodyOf<{
      paths: Record<
        string,
        { get: { parameters: { name: string }[]; responses: Record<string, { content: object }> } }
      >
    }>(await f.call('GET', '/api/openapi.json'))
    const route = doc.paths['/api/audit-events']?.get
    expect(route?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['tokenId', 'actor', 'action', 'from', 'to', 'cursor', 'format']),
    )
    expect(Object.keys(route?.responses['200']?.content ?? {})).toEqual(['application/json', 'text/csv'])
  })
})
