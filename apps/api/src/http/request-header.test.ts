import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppEnv } from './app-env.js'
import { requestHeader } from './request-header.js'

const NAMES = ['authorization', 'api-version', 'x-empty', 'x-missing']

/** Sends raw header lines (so nothing normalises them on the way) and answers what the server read. */
function readBack(
  port: number,
  headerLines: string[],
): Promise<Record<string, { fast?: string; fetch?: string }>> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        ['GET /headers HTTP/1.1', 'Host: localhost', ...headerLines, 'Connection: close', '', ''].join(
          '\r\n',
        ),
      )
    })
    let answer = ''
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('utf8')))
    socket.on('end', () => resolve(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as never))
    socket.on('error', reject)
  })
}

describe('reading a request header', () => {
  let server: Server
  let port: number
  beforeAll(async () => {
    const app = new Hono<AppEnv>()
    app.get('/headers', (c) =>
      c.json(
        Object.fromEntries(
          NAMES.map((name) => [name, { fast: requestHeader(c, name), fetch: c.req.header(name) }]),
        ),
      ),
    )
    server = await new Promise<Server>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(started as Server),
      ) as Server
    })
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it.each([
    ['one header each', ['Authorization: Basic YTpi', 'Api-Version: v14']],
    ['any case and surrounding whitespace', ['aUtHoRiZaTiOn:   Basic YTpi \t ', 'API-VERSION:\tv14 ']],
    [
      'repeated headers',
      ['Authorization: Basic YTpi', 'Authorization: Basic Yzpk', 'Api-Version: v13', 'api-version: v14'],
    ],
    ['empty values', ['Authorization:', 'X-Empty:  ']],
    ['none of them', ['Accept: */*']],
  ])('answers what the Fetch request answers under the Node server: %s', async (_name, lines) => {
    const read = await readBack(port, lines)
    for (const name of NAMES) expect(read[name]?.fast, name).toBe(read[name]?.fetch)
  })

  it('reads the Fetch request where there is no Node request (app.request in tests)', async () => {
    const app = new Hono<AppEnv>()
    app.get('/', (c) => c.text(requestHeader(c, 'api-version') ?? 'none'))
    expect(await (await app.request('/', { headers: { 'Api-Version': ' v12 ' } })).text()).toBe('v12')
  })
})
