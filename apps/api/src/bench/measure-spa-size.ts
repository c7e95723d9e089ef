import { execFile } from 'node:child_process'
import { join } from 'node:path'

/** One initial load as apps/web/e2e/initial-load-budget.mjs measures it (the fields read here). */
export interface SpaLoad {
  name: string
  files: string[]
  gzipBytes: number
}

export interface SpaSizeFigures {
  /** The larger of the initial loads: what the budget is held to. */
  largest: SpaLoad
  loads: SpaLoad[]
}

/**
 * The SPA's initial JavaScript and CSS, gzip, measured by the web app's own budget check (the
 * entry's static imports plus the first route's chunks, from the Vite manifest of the built SPA;
 * see apps/web/README.md), run in its own process so the two packages share no code path.
 */
export function measureSpaSize(repositoryRoot: string): Promise<SpaSizeFigures> {
  const script = join(repositoryRoot, 'apps', 'web', 'e2e', 'initial-load-budget.mjs')
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, '--json'], (error, stdout, stderr) => {
      if (error) return reject(new Error(`measuring the SPA failed: ${stderr.trim() || error.message}`))
      const loads = JSON.parse(stdout) as SpaLoad[]
      const largest = loads.reduce<SpaLoad | undefined>(
        (a, b) => (!a || b.gzipBytes > a.gzipBytes ? b : a),
        undefined,
      )
      if (!largest) return reject(new Error('the SPA budget check measured no initial load'))
      resolve({ largest, loads })
    })
  })
}
