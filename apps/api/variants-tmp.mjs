import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { randomUUID } from 'node:crypto'
const body = { sid: 'AC123', name: 'Acme', kind: 'brand' }
const SEC = { 'strict-transport-security': 'max-age=31536000; includeSubDomains', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer', 'cross-origin-resource-policy': 'same-origin', 'cross-origin-opener-policy': 'same-origin', 'permissions-policy': 'camera=(), microphone=()', 'content-security-policy': "default-src 'none'", 'x-content-type-options': 'nosniff', 'cache-control': 'no-store', pragma: 'no-cache' }
const name = process.argv[2]
const apps = {
  bare: () => { const a = new Hono(); a.get('/x', (c) => c.json(body)); return a },
  reqid_res: () => { const a = new Hono(); a.use(async (c, n) => { const id = randomUUID(); await n(); c.res.headers.set('X-Request-Id', id) }); a.get('/x', (c) => c.json(body)); return a },
  secure: () => { const a = new Hono(); a.use(secureHeaders()); a.get('/x', (c) => c.json(body)); return a },
  secure_res: () => { const a = new Hono(); a.use(async (c, n) => { await n(); const h = c.res.headers; for (const k in SEC) h.set(k, SEC[k]); h.set('x-request-id', randomUUID()) }); a.get('/x', (c) => c.json(body)); return a },
  outgoing: () => { const a = new Hono(); a.use(async (c, n) => { const o = c.env.outgoing; for (const k in SEC) o.setHeader(k, SEC[k]); o.setHeader('x-request-id', randomUUID()); await n() }); a.get('/x', (c) => c.json(body)); return a },
  prepared: () => { const a = new Hono(); a.use(async (c, n) => { for (const k in SEC) c.header(k, SEC[k]); c.header('x-request-id', randomUUID()); await n() }); a.get('/x', (c) => c.json(body)); return a },
}
const app = apps[name]()
const server = await new Promise((r) => { const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => r(s)) })
const port = server.address().port
const cpu0 = process.cpuUsage()
const out = await promisify(execFile)('node_modules/.bin/autocannon', ['-j', '-c', '32', '-d', '4', `http://127.0.0.1:${port}/x`], { encoding: 'utf8' })
const cpu = process.cpuUsage(cpu0)
const res = JSON.parse(out.stdout)
console.log(name.padEnd(10), Math.round(res.requests.average), 'req/s', ((cpu.user + cpu.system) / res.requests.total).toFixed(1), 'µs/req')
server.close()
