import type { $ZodConfig } from 'zod/v4/core'

/**
 * zod probes `new Function` (when the core's object schemas are built and parsed) to speed up
 * parsing; the console's Content-Security-Policy (script-src 'self') refuses eval, which would log
 * a violation on every load. zod takes its configuration from `globalThis.__zod_globalConfig`,
 * which it documents as settable before zod loads, so nothing of zod has to be imported here:
 * main.ts runs this first, and zod only arrives with the pages that build schemas.
 */
const shared = globalThis as { __zod_globalConfig?: $ZodConfig }
// Mutated, not replaced: a zod that has already loaded keeps reading the object it found.
;(shared.__zod_globalConfig ??= {}).jitless = true
