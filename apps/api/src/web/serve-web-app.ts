import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { ApiApp } from '../http/api-app.js'

/**
 * Paths the SPA never owns: an unknown one there is a 404 problem, not the app's index page. Judged
 * on the path as a proxy or client may normalise it (`//api/tokens`, `/%2Fapi`), so that no
 * spelling of an API path is answered with the page and 200.
 */
function isServerPath(path: string): boolean {
  const normalised = normalisedPath(path)
  return ['/api', '/platform', '/verify', '/secret-scanning', '/healthz', '/readyz', '/metrics'].some(
    (prefix) => normalised === prefix || normalised.startsWith(`${prefix}/`),
  )
}

/** `path` with encoded or back slashes as slashes, and empty and dot segments resolved. */
function normalisedPath(path: string): string {
  const segments: string[] = []
  for (const segment of path.replace(/%2f|%5c|\\/gi, '/').split('/')) {
    if (segment === '..') segments.pop()
    else if (segment !== '' && segment !== '.') segments.push(segment)
  }
  return `/${segments.join('/')}`
}

/** The last path segment has a file extension: a missing asset, not a client-side route. */
function looksLikeFile(path: string): boolean {
  return /\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/') + 1))
}

/**
 * Serves the built SPA (`apps/web/dist`): its files as they are (hashed assets cached for a year),
 * and index.html for every other GET outside the API, so deep links work.
 */
export function serveWebApp(app: ApiApp, webDist: string): void {
  const files = serveStatic({ root: webDist })
  const index = serveStatic({ path: join(webDist, 'index.html') })
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    if (isServerPath(c.req.path)) return next()
    const served = await files(c, async () => {})
    if (served) {
      // Vite names assets by content hash: a changed file is a new name.
      const hashed = c.req.path.startsWith('/assets/')
      served.headers.set('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      return served
    }
    if (looksLikeFile(c.req.path)) return next()
    const page = await index(c, async () => {})
    if (!page) return next()
    page.headers.set('Cache-Control', 'no-cache')
    return page
  })
}
