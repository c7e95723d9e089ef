import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'
import { openApiFixture, type ApiFixture } from '../test-support/api-fixture.js'

describe('serving the built SPA', () => {
  let f: ApiFixture
  let dist: string
  let app: ReturnType<typeof createApp>
  beforeAll(async () => {
    f = await openApiFixture()
    dist = mkdtempSync(join(tmpdir(), 'token-console-web-'))
    mkdirSync(join(dist, 'assets'))
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html><title>SPA</title><script type="module" src="/assets/app-1.js"></script>',
    )
    writeFileSync(join(dist, 'assets', 'app-1.js'), 'console.log("app")')
    app = createApp({ core: f.core, webDist: dist, log: () => {} })
  })
  afterAll(async () => {
    rmSync(dist, { recursive: true, force: true })
    await f.close()
  })

  const get = (path: string) => app.request(`http://console.test${path}`)

  it('serves index.html at / and for deep links, not cached, under a strict CSP', async () => {
    for (const path of [
      '/',
      '/brand/settings/technical/api',
      '/agency/settings/technical/platform-rest-web-services?state=enabled',
    ]) {
      const res = await get(path)
      expect(res.status, path).toBe(200)
      expect(await res.text()).toContain('<title>SPA</title>')
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      expect(res.headers.get('content-security-policy')).not.toContain('unsafe')
    }
  })

  it('serves hashed assets with a long cache lifetime and 404 for missing files', async () => {
    const asset = await get('/assets/app-1.js')
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect((await get('/assets/missing.js')).status).toBe(404)
    expect((await get('/../package.json')).status).toBe(404)
  })

  it("keeps the API's own 404 problems for unknown API paths", async () => {
    for (const path of ['/api/nope', '/platform/Nope', '/verify']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
    }
    expect((await get('/healthz')).status).toBe(200)
  })

  it.each([
    '//api/tokens',
    '/api//tokens',
    '///api',
    '/%2Fapi/tokens',
    '/%2fplatform/Tokens',
    '//platform//Tokens',
    '//verify',
    '//secret-scanning/reports',
    '/secret-scanning/reports',
  ])(
    'answers %s, a server path however its slashes are written, with a 404 problem, never the SPA',
    async (path) => {
      const res = await get(path)
      expect(res.status).toBe(404)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(await res.text()).not.toContain('<title>SPA</title>')
    },
  )

  it.each([
    '/api-tokens',
    '/apis',
    '/verify-email',
    '/platforms/x',
    '/secret-scanning-guide',
    '/settings/api?tab=tokens',
    '/settings/api/tokens/tok_1',
    '/settings/api/new',
    '/settings/verify',
  ])('still serves the SPA at %s, a page whose path only looks like a server path', async (path) => {
    const res = await get(path)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>SPA</title>')
  })
})
