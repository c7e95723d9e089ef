import { performance } from 'node:perf_hooks'
import type { BenchHttpClient } from './bench-http.js'

export interface LatencyFigures {
  requests: number
  p50: number
  p95: number
  p99: number
  max: number
}

export interface ListLatencyFigures {
  /** Name + state + created filters, first pages of 50 rows, over several search terms and ranges. */
  filtered: LatencyFigures & { queries: string[]; smallestPage: number }
  /** A name that matches nothing: the search walks every index entry of the created range. */
  noMatch: LatencyFigures & { query: string }
}

/**
 * Search terms of the seeded names (see BENCH_NAME_STEMS): cased, accented, Chinese and fullwidth
 * names, each found by a lower-case or differently-formed term, each filling 50-row pages.
 */
const TERMS = ['SYNC', '报表', 'cafe\u0301', 'größen', 'fullwidth', 'import']
const RANGES = ['last30', 'older30']
const NO_MATCH = '?name=no-such-token-name&state=enabled&created=older30&limit=50'

/** Nearest-rank percentile of sorted milliseconds. */
function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0
}

export function figuresOf(samples: number[]): LatencyFigures {
  const sorted = Float64Array.from(samples).sort()
  return {
    requests: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
  }
}

/** Signs an administrator in and answers the session cookie and its CSRF token. */
export async function signIn(
  client: BenchHttpClient,
  email: string,
  password: string,
): Promise<{ cookie: string; csrfToken: string }> {
  const answer = await client.send('POST', '/api/session', { json: { email, password } })
  const cookie = [answer.headers['set-cookie'] ?? []]
    .flat()
    .find((value) => /^(?:__Host-)?tc_session=/.test(value))
  if (answer.status !== 200 || !cookie)
    throw new Error(`signing in answered ${answer.status}: ${answer.body}`)
  const { csrfToken } = JSON.parse(answer.body) as { csrfToken: string }
  return { cookie: cookie.split(';', 1)[0] as string, csrfToken }
}

/**
 * Latency of GET /api/tokens as the API page asks for it, one request at a time on one kept-alive
 * connection (the page never has two list requests in flight), measured at the client: session
 * check, query, scopes and e-mails of the page, JSON, loopback. With 100,000 tokens every page
 * is full; the smallest page is reported so a smaller seed's figures are not mistaken for it.
 */
export async function measureListLatency(
  client: BenchHttpClient,
  cookie: string,
  settings: { requests: number },
): Promise<ListLatencyFigures> {
  const queries = TERMS.flatMap((term) =>
    RANGES.map((created) => `?name=${encodeURIComponent(term)}&state=enabled&created=${created}&limit=50`),
  )
  let smallestPage = Infinity
  const timed = async (query: string): Promise<number> => {
    const started = performance.now()
    const answer = await client.send('GET', `/api/tokens${query}`, { headers: { cookie } })
    const ms = performance.now() - started
    if (answer.status !== 200) throw new Error(`GET /api/tokens${query} answered ${answer.status}`)
    smallestPage = Math.min(smallestPage, (JSON.parse(answer.body) as { items: unknown[] }).items.length)
    return ms
  }

  for (let i = 0; i < Math.min(60, settings.requests); i++) await timed(queries[i % queries.length] as string)
  const filtered: number[] = []
  for (let i = 0; i < settings.requests; i++)
    filtered.push(await timed(queries[i % queries.length] as string))
  const filteredSmallestPage = smallestPage
  const noMatch: number[] = []
  for (let i = 0; i < Math.max(20, Math.round(settings.requests / 4)); i++)
    noMatch.push(await timed(NO_MATCH))
  return {
    filtered: { ...figuresOf(filtered), queries, smallestPage: filteredSmallestPage },
    noMatch: { ...figuresOf(noMatch), query: NO_MATCH },
  }
}
