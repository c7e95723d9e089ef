import { z } from 'zod'

/**
 * zod probes `new Function` (when the core's object schemas are built and parsed) to speed up
 * parsing; the console's Content-Security-Policy (script-src 'self') refuses eval, which would log
 * a violation on every load. Imported first by main.ts, before any schema exists.
 */
z.config({ jitless: true })
