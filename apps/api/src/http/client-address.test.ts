import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from './app-env.js'
import { clientAddress } from './client-address.js'

function addressSeen(trustProxy: boolean, headers: Record<string, string>): Promise<string> {
  const app = new Hono<AppEnv>()
  app.get('/', (c) => c.text(String(clientAddress(c, trustProxy))))
  return Promise.resolve(app.request('/', { headers })).then((res) => res.text())
}

describe('client address', () => {
  it('ignores X-Forwarded-For unless the proxy is trusted', async () => {
    expect(await addressSeen(false, { 'x-forwarded-for': '203.0.113.9' })).toBe('null')
  })

  it('takes the address the trusted proxy appended, not one the client put first', async () => {
    expect(await addressSeen(true, { 'x-forwarded-for': '10.0.0.1, 203.0.113.9' })).toBe('203.0.113.9')
    expect(await addressSeen(true, { 'x-forwarded-for': 'not-an-address' })).toBe('null')
  })
})
