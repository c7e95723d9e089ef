#!/usr/bin/env node
// `pnpm run test:e2e`: makes sure Chromium and CJK fonts are there, checks the built SPA against its
// initial-load budget, then runs the Playwright suite against the built API and SPA. Extra arguments
// go to `playwright test` (e.g. --project=zh-CN-agency).
import { existsSync, rmSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureChromium } from './ensure-chromium.mjs'
import { checkInitialLoadBudget } from './initial-load-budget.mjs'

const e2eDir = dirname(fileURLToPath(import.meta.url))
const webDir = dirname(e2eDir)
const repoDir = join(webDir, '..', '..')

let chromiumPath
try {
  chromiumPath = ensureChromium()
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
}

const builtFiles = [join(repoDir, 'apps/api/dist/server.js'), join(webDir, 'dist/index.html')]
const unbuilt = builtFiles.filter((file) => !existsSync(file))
if (unbuilt.length > 0) {
  console.error(
    `[e2e] not built yet: ${unbuilt.join(', ')}\nRun \`npx -y pnpm@10 run build\` at the repository root first.`,
  )
  process.exit(1)
}

// Checked first and reported, but the browser tests still run: one run shows every failure.
const withinBudget = checkInitialLoadBudget(join(webDir, 'dist'))

const runId = `${Date.now()}-${process.pid}`
const outputDir = join(e2eDir, '.output', runId)

const require = createRequire(import.meta.url)
const cli = require.resolve('@playwright/test/cli')
const result = spawnSync(
  process.execPath,
  [cli, 'test', '--config', join(e2eDir, 'playwright.config.ts'), ...process.argv.slice(2)],
  {
    cwd: webDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      CHROMIUM_PATH: chromiumPath,
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
      E2E_RUN_ID: runId,
    },
  },
)
// Traces and failure screenshots are kept only when something failed.
if (result.status === 0) rmSync(outputDir, { recursive: true, force: true })
else console.error(`[e2e] traces and failure screenshots: ${outputDir}`)
if (!withinBudget) console.error('[e2e] the SPA is over its initial-load budget (see [budget] above)')
process.exit(withinBudget ? (result.status ?? 1) : 1)
