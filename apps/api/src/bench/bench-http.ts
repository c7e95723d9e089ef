import { Agent, request } from 'node:http'

export interface BenchAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * A plain HTTP/1.1 client on one kept-alive connection, so a measured request costs the server's
 * work and a loopback round trip, not a connection set-up or a fetch implementation's overhead.
 */
export class BenchHttpClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 })

  constructor(readonly baseUrl: string) {}

  send(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; json?: unknown } = {},
  ): Promise<BenchAnswer> {
    const body = options.json === undefined ? undefined : JSON.stringify(options.json)
    const headers = {
      ...options.headers,
      ...(body === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
    }
    return new Promise((resolve, reject) => {
      const outgoing = request(
        new URL(path, this.baseUrl),
        { method, headers, agent: this.#agent },
        (incoming) => {
          const chunks: Buffer[] = []
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          )
          incoming.on('error', reject)
        },
      )
      outgoing.on('error', reject)
      outgoing.end(body)
    })
  }

  close(): void {
    this.#agent.destroy()
  }
}
