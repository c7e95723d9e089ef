import type { IncomingMessage } from 'node:http'
import type { HonoRequest } from 'hono'

/** What reading a request's body from Node's stream gave: its bytes, or that it exceeds the limit. */
export type NodeBody = { bytes: Uint8Array } | { tooLarge: true }

const TOO_LARGE: NodeBody = { tooLarge: true }

/**
 * The client went away (closed or reset its connection) before its body ended: nothing can be
 * answered, and nothing failed on our side. The error handler logs it as such (status 499), not as
 * a server failure.
 */
export class RequestBodyAborted extends Error {
  constructor(options?: ErrorOptions) {
    super('the request closed before its body ended', options)
    this.name = 'RequestBodyAborted'
  }
}

/**
 * Reads a request's body straight from Node's stream, once, refusing it past `maxBytes`: by its
 * declared Content-Length before reading anything, otherwise by counting as the chunks arrive
 * (chunked uploads). The node-server adapter would otherwise build a Fetch Request around a web
 * stream for the first reader and a Response for the next; this costs neither.
 * The bytes are an exact ArrayBuffer of their own (never a view of Node's shared buffer pool).
 */
export function readNodeBody(incoming: IncomingMessage, maxBytes: number): Promise<NodeBody> {
  const declared = incoming.headers['content-length']
  if (
    declared !== undefined &&
    incoming.headers['transfer-encoding'] === undefined &&
    Number(declared) > maxBytes
  )
    return Promise.resolve(TOO_LARGE)
  // Already read to its end (nothing here reads twice, but waiting for an `end` that came would hang).
  if (incoming.readableEnded) return Promise.resolve({ bytes: new Uint8Array(0) })
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
      incoming.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        stop()
        resolve(TOO_LARGE)
      } else chunks.push(chunk)
    }
    const onEnd = () => {
      stop()
      const bytes = new Uint8Array(size)
      let offset = 0
      for (const chunk of chunks) {
        bytes.set(chunk, offset)
        offset += chunk.length
      }
      resolve({ bytes })
    }
    // Node reports a connection reset mid-body as an error ("aborted", ECONNRESET), a close as a close.
    const onError = (error: Error) => {
      stop()
      reject(new RequestBodyAborted({ cause: error }))
    }
    const onClose = () => {
      stop()
      reject(new RequestBodyAborted())
    }
    incoming.on('data', onData)
    incoming.once('end', onEnd)
    incoming.once('error', onError)
    incoming.once('close', onClose)
  })
}

/**
 * Hands a body already read to every later reader of the request (`c.req.arrayBuffer()`, `text()`,
 * and `json()`, which parses the cached text). Hono keeps promises in its body cache at run time,
 * though its type names the values.
 */
export function cacheRequestBody(
  request: HonoRequest,
  body: { arrayBuffer: ArrayBuffer } | { text: string },
): void {
  const cache = request.bodyCache as Record<string, Promise<unknown>>
  for (const [key, value] of Object.entries(body)) cache[key] = Promise.resolve(value)
}
