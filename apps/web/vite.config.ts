import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  resolve: { conditions: ['source', 'module', 'browser', 'development|production'] },
  define: {
    // Compile-time flags of Vue and vue-i18n: no Options API, no legacy i18n API, no devtools
    // hooks in production. Keeps the entry inside the 150 KB (gzip) initial-load budget.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  // The manifest lets the bundle budget be measured per route; every supported browser has modulepreload.
  build: {
    manifest: true,
    modulePreload: { polyfill: false },
    rollupOptions: {
      output: {
        // zod, the core's schemas and the switch that keeps zod from probing eval share one chunk,
        // so the switch runs before any schema is built (order holds only within a chunk).
        manualChunks(id) {
          if (/[\\/]zod[\\/]|[\\/]packages[\\/]core[\\/]|zod-without-eval/.test(id)) return 'schemas'
          return undefined
        },
      },
    },
  },
  server: {
    // The API compares Origin with the Host it was addressed to (CSRF defence): keep the browser's Host.
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
      '/healthz': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    // Tests in the node environment resolve packages as Node does, where the 'source' condition
    // is not set: point them at the core's sources so a fresh clone needs no build first.
    alias: [{ find: /^@tokens\/core$/, replacement: fileURLToPath(new URL('../../packages/core/src/index.ts', import.meta.url)) }],
    // Component tests mount whole pages; the first one of a file also pays for transforming the app,
    // which took over 20 s on a loaded 2-core machine.
    testTimeout: 60_000,
  },
})
