import { STATUS_CODES, type ServerOptions } from 'node:http'
import type { Duplex } from 'node:stream'
import { DEFAULT_LOCALE } from '@tokens/core'
import { API_ANSWER_HEADERS } from './answer-headers.js'
import { ApiProblem, type EdgeErrorCode } from './api-problem.js'
import { PROBLEM_MEDIA_TYPE, problemBody, statusOf } from './problem-details.js'

/**
 * How long Node's server waits for a request to arrive: its headers, and the whole request (a body
 * is at most 1 MB, so 30 s still takes one at 35 KB/s). Node's defaults (60 s, 5 min) let a client
 * trickling its bytes hold a connection, and up to 1 MB of buffered body, for five minutes. Once
 * a request has arrived, its handler takes as long as it takes (a CSV export): these do not apply.
 * Expiry is checked every second (Node's default: every 30 s, so 30 s late).
 */
export const REQUEST_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 30_000,
  connectionsCheckingInterval: 1_000,
} as const satisfies ServerOptions

/**
 * How long a refused connection stays open once its answer is written, for the client to read it
 * and close: then it is destroyed. Ending it is not enough: a client that ignores the end would
 * hold the connection for ever (Node's timeouts no longer watch it), what the timeouts above are
 * there to prevent; destroying it at once could reset it before the client has read the answer.
 */
export const REFUSED_CONNECTION_LINGER_MS = 2_000

const CLIENT_LEFT = new Set(['ECONNRESET', 'HPE_INVALID_EOF_STATE'])

/** The status answered on each connection refused here, for the app's log of its request. */
const refusedWith = new WeakMap<object, number>()

/**
 * The status answered (400, 408, 431) on a connection whose request Node refused while the app was
 * reading its body: the app then sees the body end early and logs the request with this status,
 * not as a client that went away (499). Undefined when nothing was answered.
 */
export function refusedStatusOf(socket: object | null | undefined): number | undefined {
  return socket ? refusedWith.get(socket) : undefined
}

/** What Node's parser reports (its error codes), as the problem answered. */
function codeOf(error: NodeJS.ErrnoException): EdgeErrorCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'RequestHeadersTooLarge'
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'RequestTimeout'
  return 'MalformedRequest'
}

/**
 * Node's `clientError`: a request its parser refused (malformed, headers over the limit) or that did
 * not arrive in time, before the app could see it. Node would write a bare status line; this writes
 * the problem+json answer every other refusal gets (in the default locale: the headers, and so
 * Accept-Language, may be what is malformed), then closes the connection, at the latest
 * REFUSED_CONNECTION_LINGER_MS later. Nothing is written when the client is gone or an answer has
 * started on this connection.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  // ECONNRESET, or the client's end of its side mid-request (HPE_INVALID_EOF_STATE): a client that
  // left, logged as such (499), not a malformed request to answer.
  if (CLIENT_LEFT.has(error.code ?? '') || !socket.writable || answering?.headersSent) {
    socket.destroy()
    return
  }
  const code = codeOf(error)
  const status = statusOf(code)
  const body = JSON.stringify(problemBody(new ApiProblem(code), DEFAULT_LOCALE))
  const headers = {
    ...API_ANSWER_HEADERS,
    'content-type': PROBLEM_MEDIA_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  }
  refusedWith.set(socket, status)
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`
  for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`
  socket.end(`${head}\r\n${body}`)
  const linger = setTimeout(() => socket.destroy(), REFUSED_CONNECTION_LINGER_MS).unref()
  socket.once('close', () => clearTimeout(linger))
}
