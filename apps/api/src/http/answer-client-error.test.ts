import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { apiFixtureForSuite, nodeServerForSuite } from '../test-support/suite-fixture.js'
import { answerClientError } from './answer-client-error.js'

/** A Node server answering what its parser refuses as server.ts does; `open` counts its live sockets. */
async function refusingServer(): Promise<{ server: Server; port: number; open: () => number }> {
  const server = createServer((_request, response) => response.end('ok'))
  server.on('clientError', answerClientError)
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port, open: () => sockets.size }
}

describe('answers to requests Node refuses', () => {
  const servers: Server[] = []
  const clients: Socket[] = []
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await Promise.all(
      servers
        .splice(0)
        .map((server) => new Promise((resolve) => server.close(resolve).closeAllConnections())),
    )
  })

  it('releases the connection of a client that keeps it open after the refusal, instead of holding it for ever', async () => {
    const { server, port, open } = await refusingServer()
    servers.push(server)
    // A client that never closes its side: it reads the answer and ignores the server's end.
    const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true })
    clients.push(client)
    let received = ''
    client.setEncoding('utf8')
    client.on('data', (chunk: string) => (received += chunk))
    client.write('GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n')
    await expect.poll(() => received).toContain('"code":"MalformedRequest"')
    expect(received.startsWith('HTTP/1.1 400 ')).toBe(true)
    // Node's own answer destroys the connection; one left open would hold a socket (and a file
    // descriptor) past every request timeout, for as long as the client wants.
    await expect.poll(open, { timeout: 15_000, interval: 100 }).toBe(0)
  }, 30_000)

  it('leaves a client that closes after reading the refusal its answer whole', async () => {
    const { server, port, open } = await refusingServer()
    servers.push(server)
    const received = await new Promise<string>((resolve, reject) => {
      let text = ''
      const client = connect({ port, host: '127.0.0.1' }, () =>
        client.write(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`),
      )
      clients.push(client)
      client.setEncoding('utf8')
      client.on('data', (chunk: string) => (text += chunk))
      client.on('error', reject)
      client.on('close', () => resolve(text))
    })
    expect(received.startsWith('HTTP/1.1 431 ')).toBe(true)
    expect(JSON.parse(received.split('\r\n\r\n')[1] ?? '')).toMatchObject({ code: 'RequestHeadersTooLarge' })
    await expect.poll(open).toBe(0)
  })
})

describe('requests Node refuses once the app has them', () => {
  const f = apiFixtureForSuite()
  const served = nodeServerForSuite(f)
  const port = () => Number(new URL(served.base).port)
  /** The tests act once the app has their request (headers parsed), whatever the machine's load. */
  const reachedApp = async (before: number) =>
    expect.poll(() => served.requests, { timeout: 10_000 }).toBe(before + 1)
  /** The request's log line, written once the server has done with it, after the test's own exchange. */
  const requestLoggedAfter = async (from: number) => {
    const logged = () => f.logs.slice(from).find((entry) => entry.event === 'request')
    await expect.poll(logged, { timeout: 10_000 }).toBeDefined()
    return logged()
  }

  it('logs a client that closes its side before its body ends as a closed request (499), not as a malformed one', async () => {
    const from = f.logs.length
    const before = served.requests
    await new Promise<void>((resolve, reject) => {
      const client = connect({ port: port(), host: '127.0.0.1' }, () => {
        client.write(
          'POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"aut',
        )
        // The app has the request, reading its body, when the client ends its side of the connection.
        void reachedApp(before).then(() => client.end(), reject)
      })
      client.resume()
      client.on('error', reject)
      client.on('close', () => resolve())
    })
    expect(await requestLoggedAfter(from)).toMatchObject({
      path: '/verify',
      status: 499,
    })
  })

  it('logs a body Node cannot parse with the status it answered (400), not as a client that left (499)', async () => {
    const from = f.logs.length
    const before = served.requests
    const received = await new Promise<string>((resolve, reject) => {
      let text = ''
      const client = connect({ port: port(), host: '127.0.0.1' }, () => {
        client.write(
          'POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"aut\r\n',
        )
        // The app has the request, reading its body, when the next chunk's size turns out not to be one.
        void reachedApp(before).then(() => client.write('zz\r\n'), reject)
      })
      client.setEncoding('utf8')
      client.on('data', (chunk: string) => (text += chunk))
      client.on('error', reject)
      client.on('close', () => resolve(text))
    })
    expect(received.startsWith('HTTP/1.1 400 ')).toBe(true)
    expect(await requestLoggedAfter(from)).toMatchObject({
      path: '/verify',
      status: 400,
    })
  })
})
