// The initial-load budget of issues 4 and 7: the first page a visitor opens ships at most 150 KB of
// JavaScript and CSS, gzip. Measured on the built SPA from Vite's manifest (apps/web/README.md,
// "Initial-load budget"): the entry with everything it imports statically, plus the chunks of the
// routes that first page renders and everything those import statically. run.mjs checks it before
// the browser tests; `node e2e/initial-load-budget.mjs` checks it alone.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'

/** KB as the README, the issues and `pnpm bench` count it. */
const KB = 1024
export const BUDGET_BYTES = 150 * KB

/**
 * The first pages a visitor can land on, as the router's lazily loaded route components. A deep
 * link to the API page renders the account's shell, the settings layout and the API page.
 */
export const INITIAL_LOADS = [
  { name: 'login page', modules: ['src/pages/login/LoginPage.vue'] },
  {
    name: 'deep link to the API page',
    modules: [
      'src/shells/AccountShell.vue',
      'src/pages/settings/SettingsLayout.vue',
      'src/pages/api/ApiPage.vue',
    ],
    // The core's schemas load with the pages that validate input (login, wizard, token page); on the
    // API page zod alone would take a fifth of the budget.
    withoutZod: true,
  },
]

/** A string only zod's schema classes carry; it survives minification. */
const ZOD_MARK = '"ZodObject"'

/**
 * @typedef {{ file: string, imports?: string[], css?: string[] }} ManifestChunk
 * @typedef {{ name: string, files: string[], gzipBytes: number, holdsZod: boolean, withoutZod: boolean }} InitialLoad
 */

/**
 * Each file gzip-compressed on its own (level 9, as a server that pre-compresses sends them).
 * @param {string} webDist the built SPA (apps/web/dist)
 * @returns {InitialLoad[]}
 */
export function measureInitialLoads(webDist) {
  const manifestPath = join(webDist, '.vite', 'manifest.json')
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: build the SPA first`)
  /** @type {Record<string, ManifestChunk>} */
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))

  return INITIAL_LOADS.map(({ name, modules, withoutZod = false }) => {
    /** @type {Set<string>} */
    const files = new Set()
    /** @param {string} key */
    const visit = (key) => {
      const chunk = manifest[key]
      if (!chunk) throw new Error(`the Vite manifest has no ${key}: update INITIAL_LOADS to the router`)
      if (files.has(chunk.file)) return
      files.add(chunk.file)
      for (const css of chunk.css ?? []) files.add(css)
      for (const imported of chunk.imports ?? []) visit(imported)
    }
    for (const key of ['index.html', ...modules]) visit(key)

    let gzipBytes = 0
    let holdsZod = false
    for (const file of files) {
      const content = readFileSync(join(webDist, file))
      gzipBytes += gzipSync(content, { level: 9 }).length
      if (file.endsWith('.js') && content.includes(ZOD_MARK)) holdsZod = true
    }
    return { name, files: [...files].sort(), gzipBytes, holdsZod, withoutZod }
  })
}

/**
 * Prints every initial load against the budget; false when one is over it or holds zod where it must not.
 * @param {string} webDist
 */
export function checkInitialLoadBudget(webDist) {
  let withinBudget = true
  for (const load of measureInitialLoads(webDist)) {
    const over = load.gzipBytes > BUDGET_BYTES
    const zodMisplaced = load.withoutZod && load.holdsZod
    if (over || zodMisplaced) withinBudget = false
    const verdict = over ? 'OVER BUDGET' : `${((BUDGET_BYTES - load.gzipBytes) / KB).toFixed(1)} KB to spare`
    console.log(
      `[budget] ${load.name}: ${(load.gzipBytes / KB).toFixed(1)} KB JS+CSS gzip in ${load.files.length} files ` +
        `(limit ${BUDGET_BYTES / KB} KB, ${verdict})`,
    )
    if (zodMisplaced)
      console.log(`[budget] ${load.name} loads zod at once; it must come with the pages that validate input`)
  }
  return withinBudget
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const webDist = join(dirname(dirname(fileURLToPath(import.meta.url))), 'dist')
  // `--json` prints the measured loads only: `pnpm bench` (apps/api/src/bench) reports them itself.
  if (process.argv.includes('--json')) console.log(JSON.stringify(measureInitialLoads(webDist)))
  else process.exit(checkInitialLoadBudget(webDist) ? 0 : 1)
}
