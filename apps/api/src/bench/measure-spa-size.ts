import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

/** One chunk of Vite's build manifest (apps/web/dist/.vite/manifest.json), the fields read here. */
interface ManifestChunk {
  file: string
  imports?: string[]
  css?: string[]
}

export interface SpaLoad {
  name: string
  files: string[]
  gzipBytes: number
}

export interface SpaSizeFigures {
  /** The larger of the initial loads below: what the budget is held to. */
  largest: SpaLoad
  loads: SpaLoad[]
}

/**
 * The initial loads the web README's budget names, as route components the router loads lazily:
 * the entry's static imports plus these modules' chunks and everything they import statically.
 */
const INITIAL_LOADS: { name: string; modules: string[] }[] = [
  { name: 'login page', modules: ['src/pages/login/LoginPage.vue'] },
  {
    name: 'deep link to the API page',
    modules: [
      'src/shells/AccountShell.vue',
      'src/pages/settings/SettingsLayout.vue',
      'src/pages/api/ApiPage.vue',
    ],
  },
]

export function manifestPath(webDist: string): string {
  return join(webDist, '.vite', 'manifest.json')
}

/**
 * The SPA's initial JavaScript and CSS, gzip-compressed file by file (level 9, as a server that
 * pre-compresses would send them), measured from the Vite manifest as the web README describes.
 */
export function measureSpaSize(webDist: string): SpaSizeFigures {
  const path = manifestPath(webDist)
  if (!existsSync(path)) throw new Error(`${path} is missing: build the SPA first (pnpm bench builds it)`)
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, ManifestChunk>
  const entryKey = Object.keys(manifest).find((key) => key === 'index.html')
  if (!entryKey) throw new Error('the Vite manifest has no index.html entry')

  const loads = INITIAL_LOADS.map(({ name, modules }) => {
    const files = new Set<string>()
    const visit = (key: string) => {
      const chunk = manifest[key]
      if (!chunk) throw new Error(`the Vite manifest has no ${key}: update INITIAL_LOADS to the router`)
      if (files.has(chunk.file)) return
      files.add(chunk.file)
      for (const css of chunk.css ?? []) files.add(css)
      for (const imported of chunk.imports ?? []) visit(imported)
    }
    for (const key of [entryKey, ...modules]) visit(key)
    const gzipBytes = [...files].reduce(
      (sum, file) => sum + gzipSync(readFileSync(join(webDist, file)), { level: 9 }).length,
      0,
    )
    return { name, files: [...files].sort(), gzipBytes }
  })
  const largest = loads.reduce((a, b) => (b.gzipBytes > a.gzipBytes ? b : a))
  return { largest, loads }
}
