import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import vueI18n from '@intlify/unplugin-vue-i18n/vite'
import type { Plugin } from 'vite'
import { catalogPart, type CatalogPart } from './src/i18n/catalog-parts'

const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url))
/** An import of a part of a catalog (src/i18n/catalog-parts.ts): `@tokens/locales/<locale>.json?part=first|later`. */
const CATALOG_PART_IMPORT = /^@tokens\/locales\/([\w-]+)\.json\?part=(first|later)$/
/** What such an import resolves to: a file of the locales folder's that only this plugin serves. */
const CATALOG_PART_ID = /[\\/]locales[\\/]([\w-]+)\.(first|later)-part\.json$/

/**
 * Cuts a catalog into the part asked for, served as `locales/<locale>.<part>-part.json`, which
 * vue-i18n's plugin then compiles like any catalog of that folder.
 */
function catalogParts(): Plugin {
  return {
    name: 'console:catalog-parts',
    enforce: 'pre',
    resolveId(source) {
      const [, locale, part] = CATALOG_PART_IMPORT.exec(source) ?? []
      return locale && part ? join(LOCALES_DIR, `${locale}.${part}-part.json`) : null
    },
    async load(id) {
      const [, locale, part] = CATALOG_PART_ID.exec(id) ?? []
      if (!locale || !part) return null
      const file = join(LOCALES_DIR, `${locale}.json`)
      this.addWatchFile(file)
      const catalog = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
      return JSON.stringify(catalogPart(catalog, part as CatalogPart))
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    catalogParts(),
    // The catalogs are compiled to message ASTs at build time, so the runtime-only vue-i18n ships
    // without its message compiler; the runtime walks the ASTs (no eval, fine under the CSP).
    // Composition API only, no global components or directive: the same flags as `define` below.
    vueI18n({
      // The catalogs, and the parts of each that catalogParts serves.
      include: [fileURLToPath(new URL('../../locales/*.json', import.meta.url))],
      runtimeOnly: true,
      dropMessageCompiler: true,
      compositionOnly: true,
      fullInstall: false,
    }),
  ],
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  define: {
    // Compile-time flags of Vue and vue-i18n (the i18n plugin sets the others): no Options API, no
    // devtools hooks in production. Keeps the initial load inside the 150 KB (gzip) budget.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  // The manifest lets the bundle budget be measured per route; every supported browser has modulepreload.
  build: {
    manifest: true,
    modulePreload: { polyfill: false },
  },
  server: {
    // The API compares Origin with the Host it was addressed to (CSRF defence): keep the browser's Host.
    // API_URL: where the API serves in development (another PORT than 3000, another machine).
    proxy: Object.fromEntries(
      ['/api', '/healthz', '/readyz'].map((path) => [
        path,
        { target: process.env['API_URL'] || 'http://127.0.0.1:3000', changeOrigin: false },
      ]),
    ),
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-support/testing-library-timeouts.ts'],
    // Tests in the node environment resolve packages as Node does, where the 'source' condition
    // is not set: point them at the core's sources so a fresh clone needs no build first.
    alias: [
      {
        find: /^@tokens\/core$/,
        replacement: fileURLToPath(new URL('../../packages/core/src/index.ts', import.meta.url)),
      },
    ],
    // Component tests mount whole pages; the first one of a file also pays for transforming the app,
    // which took over 20 s on a loaded 2-core machine.
    testTimeout: 60_000,
  },
})
