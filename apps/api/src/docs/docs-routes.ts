import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createRoute, z } from '@hono/zod-openapi'
import { negotiateLocale } from '@tokens/core'
import { html } from 'hono/html'
import type { ApiApp } from '../http/api-app.js'
import { localisedMessage } from '../http/localised-messages.js'
import { DOCS_PATH } from '../http/answer-headers.js'
import { OPENAPI_PATH, openApiDocument } from './openapi-document.js'

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

/**
 * The bundled Swagger UI files the page needs: served from node_modules, never from a CDN. A Map,
 * not an object, so a path such as `constructor` or `__proto__` finds nothing.
 */
const ASSETS = new Map<string, { file: string; type: string }>([
  ['swagger-ui.css', { file: 'swagger-ui.css', type: 'text/css; charset=utf-8' }],
  ['swagger-ui-bundle.js', { file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' }],
  ['favicon-32x32.png', { file: 'favicon-32x32.png', type: 'image/png' }],
])

/** A file, not an inline script, so the page's CSP can stay `script-src 'self'`. */
const INITIALISER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis],
  })
})
`

export function registerDocsRoutes(app: ApiApp): void {
  const cache = new Map<string, Promise<Buffer>>()
  let document: string | undefined
  const asset = (file: string) => {
    let loaded = cache.get(file)
    if (!loaded) {
      loaded = readFile(join(swaggerUiDir, file))
      cache.set(file, loaded)
    }
    return loaded
  }

  // Documented through the registry but served as prepared text: the document describes itself.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: OPENAPI_PATH,
      tags: ['Operations'],
      summary: 'This OpenAPI 3.1 document',
      security: [],
      responses: {
        200: { description: 'The document.', content: { 'application/json': { schema: z.looseObject({}) } } },
      },
    }),
  )
  app.get(OPENAPI_PATH, (c) => {
    // Built on first request, when every route is registered; the routes never change afterwards.
    document ??= JSON.stringify(openApiDocument(app))
    return c.body(document, 200, { 'Content-Type': 'application/json' })
  })
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: DOCS_PATH,
      tags: ['Operations'],
      summary: 'This interactive reference (HTML)',
      security: [],
      responses: { 200: { description: 'The page.', content: { 'text/html': { schema: z.string() } } } },
    }),
  )

  app.get(DOCS_PATH, (c) => {
    const locale = negotiateLocale(c.req.header('accept-language'))
    const title = localisedMessage(locale, 'api.docs.title')
    return c.html(
      html`<!doctype html>
        <html lang="${locale}">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>${title}</title>
            <link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" />
            <link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css" />
          </head>
          <body>
            <div id="swagger-ui"></div>
            <script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
            <script src="${DOCS_PATH}/swagger-initializer.js"></script>
          </body>
        </html>`,
    )
  })

  // One route for every file of the page, the initialiser included: a fixed path beside `:file` is
  // a shape Hono's RegExpRouter refuses, and that sent every request of the application through
  // the slower TrieRouter (a few µs per request; app.test.ts checks which router serves).
  app.get(`${DOCS_PATH}/:file`, async (c, next) => {
    const file = c.req.param('file')
    if (file === 'swagger-initializer.js')
      return c.body(INITIALISER, 200, {
        'Content-Type': 'text/javascript; charset=utf-8',
        'Cache-Control': 'no-cache',
      })
    const found = ASSETS.get(file)
    if (!found) return next()
    const body = await asset(found.file)
    return c.body(new Uint8Array(body), 200, {
      'Content-Type': found.type,
      'Cache-Control': 'public, max-age=86400',
    })
  })
}
