import { Hono, type Context } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { AppEnv } from './app-env.js'

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>

const COMMON = {
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  crossOriginResourcePolicy: 'same-origin',
  crossOriginOpenerPolicy: 'same-origin',
  permissionsPolicy: { camera: false, microphone: false, geolocation: false, payment: false, usb: false },
} satisfies SecureHeadersOptions

/** The SPA and every API answer: only our own scripts, styles, images and API, never framed. */
const STRICT: SecureHeadersOptions = {
  ...COMMON,
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    manifestSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
  },
}

/** The API reference page: Swagger UI sets inline styles and draws icons from data: URIs. */
const DOCS: SecureHeadersOptions = {
  ...COMMON,
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    objectSrc: ["'none'"],
  },
}

type HeaderSet = Readonly<Record<string, string>>

/**
 * The header values Hono's secureHeaders writes for these options, taken once at start-up from an
 * answer of its own: the library decides the values, and no request pays for deciding them again.
 */
async function secureHeaderSet(options: SecureHeadersOptions): Promise<HeaderSet> {
  const probe = new Hono()
  probe.use(secureHeaders(options))
  probe.get('/', (c) => c.body(null, 204))
  const answer = await probe.request('/')
  const set: Record<string, string> = {}
  answer.headers.forEach((value, name) => {
    set[name] = value
  })
  return Object.freeze(set)
}

/** API answers are private and some carry secrets (credentials, the CSRF token): no cache may keep any of them. */
const NO_STORE: HeaderSet = { 'cache-control': 'no-store', pragma: 'no-cache' }

const strictSet = await secureHeaderSet(STRICT)
const docsSet = await secureHeaderSet(DOCS)
const strictNoStoreSet: HeaderSet = Object.freeze({ ...strictSet, ...NO_STORE })

/** The headers of an API answer (security and no-store), for answers written without the app (answer-client-error.ts). */
export const API_ANSWER_HEADERS: HeaderSet = strictNoStoreSet

export const DOCS_PATH = '/api/docs'
const NO_STORE_PREFIXES = ['/api/', '/platform/', '/secret-scanning/'] as const
const NO_STORE_PATHS = new Set(['/verify', '/healthz', '/readyz', '/metrics'])

function isDocsPath(path: string): boolean {
  return path === DOCS_PATH || path.startsWith(`${DOCS_PATH}/`)
}

function isNoStorePath(path: string): boolean {
  return NO_STORE_PATHS.has(path) || NO_STORE_PREFIXES.some((prefix) => path.startsWith(prefix))
}

/**
 * Every answer's security headers, its request id and, on API paths, no-store: one precomputed set
 * per kind of path, applied once. Called by the request log's middleware (log-requests.ts) around
 * the handler, so that the two cost one middleware layer, not two.
 *
 * Served by Node (the server and the benchmark), the set goes onto Node's own response before the
 * handler runs; Node merges it with the answer's headers when it writes them, the answer's own
 * taking precedence. Building them into the Fetch answer instead would cost a Headers object and a
 * validated `set` per header on every request. Without Node's response (tests' `app.request`), and
 * for the documentation, whose static files choose their own Cache-Control (so neither no-store nor
 * Pragma), the set is written onto the answer after the handler (`finishAnswerHeaders`): this
 * answers whether that is still to do. `answer-headers.test.ts` proves both ways give the same headers.
 */
export function startAnswerHeaders(c: Context<AppEnv>, requestId: string): boolean {
  const outgoing = c.env?.outgoing
  if (outgoing === undefined) return true
  const path = c.req.path
  if (isDocsPath(path)) return true
  const set = isNoStorePath(path) ? strictNoStoreSet : strictSet
  for (const name in set) outgoing.setHeader(name, set[name] as string)
  outgoing.setHeader('x-request-id', requestId)
  return false
}

/** The same headers written onto the answer once it exists, where `startAnswerHeaders` could not put them on Node's response. */
export function finishAnswerHeaders(c: Context<AppEnv>, requestId: string): void {
  const path = c.req.path
  // On the answer's own headers: c.header() after the answer exists would rebuild the answer, body included.
  const headers = c.res.headers
  const security = isDocsPath(path) ? docsSet : strictSet
  for (const name in security) headers.set(name, security[name] as string)
  // Only a route that chose its own policy (the documentation's static files) keeps it.
  if ((isDocsPath(path) || isNoStorePath(path)) && !headers.has('cache-control'))
    for (const name in NO_STORE) headers.set(name, NO_STORE[name] as string)
  headers.set('x-request-id', requestId)
}

type HeaderList = readonly (readonly [name: string, value: string])[]

/**
 * Headers a guard adds to the answer once it exists (the RateLimit-* headers, after the handler).
 * Served by Node they go onto Node's response, like the set above: on the Fetch answer, the first
 * one would make the adapter's light answer build a `Headers` object, and the adapter copy it back
 * into a plain object, on every request. Without Node's response they are set on the answer.
 */
export function addAnswerHeaders(c: Context<AppEnv>, headers: HeaderList): void {
  const outgoing = c.env?.outgoing
  if (outgoing !== undefined) for (const [name, value] of headers) outgoing.setHeader(name, value)
  else for (const [name, value] of headers) c.res.headers.set(name, value)
}

/**
 * The same for a handler about to answer: served by Node, the headers go onto Node's response now
 * and nothing is left to pass; otherwise they come back for `c.json(body, status, headers)`.
 */
export function headersOfAnswer(c: Context<AppEnv>, headers: HeaderList): Record<string, string> | undefined {
  const outgoing = c.env?.outgoing
  if (outgoing === undefined) return Object.fromEntries(headers)
  for (const [name, value] of headers) outgoing.setHeader(name, value)
  return undefined
}
