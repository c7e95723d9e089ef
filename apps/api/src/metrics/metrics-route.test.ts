import { afterEach, describe, expect, it, vi } from 'vitest'
import { basic, openApiFixture, type ApiFixture } from '../test-support/api-fixture.js'

const METRICS_TOKEN = 'scrape-'.repeat(6)
const ADDRESS = '198.51.100.23'

interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

/** The Prometheus text format, strictly: every line a comment (# HELP/# TYPE) or one sample (NaN in any case, as Prometheus reads it). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    if (line.startsWith('#')) {
      expect(line).toMatch(/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/)
      continue
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn]a[Nn]|[+-]Inf)$/.exec(line)
    expect(match, line).not.toBeNull()
    const labels: Record<string, string> = {}
    for (const pair of (match?.[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g))
      labels[pair[1] as string] = pair[2] as string
    samples.push({ name: match?.[1] as string, labels, value: Number(match?.[3]) })
  }
  return samples
}

function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0)
}

describe('GET /metrics', () => {
  let f: ApiFixture | undefined
  afterEach(async () => {
    await f?.close()
    f = undefined
  })

  const scrape = async (fixture: ApiFixture) => {
    const res = await fixture.call('GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    return { text: await res.text() }
  }

  it('is not there without METRICS_TOKEN, and refuses a missing or wrong bearer token', async () => {
    f = await openApiFixture()
    expect((await f.call('GET', '/metrics')).status).toBe(404)
    await f.close()
    f = await openApiFixture({ metricsToken: METRICS_TOKEN })
    const missing = await f.call('GET', '/metrics')
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toContain('Bearer')
    const wrong = await f.call('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })
    expect(wrong.status).toBe(401)
  })

  it('exposes parseable metrics that move with traffic, labelled by route template and never by token, SID or address', async () => {
    f = await openApiFixture({ metricsToken: METRICS_TOKEN })
    const { token, credentials } = await f.createToken(f.a, { scopes: ['GET /Account'] })
    const before = parseExposition((await scrape(f)).text)

    const platform = (authorization: string) =>
      f?.call('GET', '/platform/Account', { headers: { authorization, 'x-forwarded-for': ADDRESS } })
    expect((await platform(basic(credentials.accountSid, credentials.authToken)))?.status).toBe(200)
    expect((await platform(basic(credentials.accountSid, credentials.authToken)))?.status).toBe(200)
    expect((await platform(basic(credentials.accountSid, 'wrong')))?.status).toBe(401)
    expect((await f.call('GET', `/api/tokens/${token.id}`)).status).toBe(401)

    const { text } = await scrape(f)
    const after = parseExposition(text)
    const moved = (name: string, labels: Record<string, string> = {}) =>
      valueOf(after, name, labels) - valueOf(before, name, labels)

    expect(
      moved('tokens_http_requests_total', { route: '/platform/Account', method: 'GET', status: '200' }),
    ).toBe(2)
    expect(moved('tokens_http_requests_total', { route: '/platform/Account', status: '401' })).toBe(1)
    expect(moved('tokens_http_requests_total', { route: '/api/tokens/:id', status: '401' })).toBe(1)
    expect(moved('tokens_platform_verifications_total', { outcome: 'ok' })).toBe(2)
    expect(moved('tokens_platform_verifications_total', { outcome: '401' })).toBe(1)
    expect(moved('tokens_platform_request_duration_seconds_count')).toBe(3)
    expect(moved('tokens_verification_cache_lookups_total')).toBeGreaterThanOrEqual(3)
    expect(moved('tokens_verification_cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(1)
    expect(valueOf(after, 'tokens_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)
    expect(after.some((s) => s.name === 'tokens_nodejs_eventloop_lag_seconds')).toBe(true)
    expect(after.some((s) => s.name === 'tokens_database_pool_connections')).toBe(
      f.testCore.dialect === 'postgres',
    )

    expect(after.some((s) => s.name === 'tokens_change_feed_notifications_total')).toBe(
      f.testCore.dialect === 'postgres',
    )
    expect(valueOf(after, 'tokens_notification_outbox_pending', { channel: 'email' })).toBe(0)
    expect(valueOf(after, 'tokens_notification_outbox_oldest_pending_seconds')).toBe(0)

    const allowed = new Set([
      'route',
      'method',
      'status',
      'outcome',
      'result',
      'state',
      'channel',
      'le',
      'quantile',
    ])
    for (const sample of after.filter(
      (s) => s.name.startsWith('tokens_') && !s.name.startsWith('tokens_nodejs'),
    )) {
      for (const name of Object.keys(sample.labels)) expect(allowed, `${sample.name} ${name}`).toContain(name)
    }
    for (const secretOrId of [token.id, credentials.accountSid, credentials.authToken, ADDRESS])
      expect(text).not.toContain(secretOrId)
  })

  it('shows the notification outbox filling while nothing can be sent', async () => {
    f = await openApiFixture({ metricsToken: METRICS_TOKEN })
    const { token } = await f.createToken(f.a, { scopes: ['GET /Account'] })
    // No SMTP server in the fixture: the rotation's e-mail stays in the outbox.
    await f.core.lifecycle.rotate(f.a.admin.context, token.id, {})
    const samples = parseExposition((await scrape(f)).text)
    expect(valueOf(samples, 'tokens_notification_outbox_pending', { channel: 'email' })).toBe(1)
    expect(valueOf(samples, 'tokens_notification_outbox_pending', { channel: 'webhook' })).toBe(0)
    expect(valueOf(samples, 'tokens_notification_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0)
  })

  const outboxNeverAnswers = () => new Promise<never>(() => {})
  it.each([
    { what: 'fails', outbox: () => Promise.reject(new Error('database closed')) },
    { what: 'never answers (a saturated pool)', outbox: outboxNeverAnswers },
  ])(
    'answers every other figure when the outbox read $what, the outbox gauges as NaN (not known)',
    async ({ outbox }) => {
      f = await openApiFixture({ metricsToken: METRICS_TOKEN })
      await f.call('GET', '/healthz')
      vi.spyOn(f.core.operations, 'outbox').mockImplementation(outbox)
      const samples = parseExposition((await scrape(f)).text)
      expect(valueOf(samples, 'tokens_http_requests_total')).toBeGreaterThan(0)
      expect(samples.some((s) => s.name === 'tokens_nodejs_eventloop_lag_seconds')).toBe(true)
      const outboxFigures = samples.filter((s) => s.name.startsWith('tokens_notification_outbox'))
      expect(outboxFigures).toHaveLength(3)
      for (const figure of outboxFigures) expect(figure.value).toBeNaN()
      // A read still running is waited for again, not joined by another query at each scrape.
      await scrape(f)
      expect(vi.mocked(f.core.operations.outbox)).toHaveBeenCalledTimes(outbox === outboxNeverAnswers ? 1 : 2)
    },
    10_000,
  )
})
