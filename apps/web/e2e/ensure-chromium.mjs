#!/usr/bin/env node
// Makes sure the browser tests can run on this machine: Debian's Chromium (Playwright's own browser
// download cannot work on a closed network) and CJK fonts (the zh-CN screenshots must show Chinese,
// not boxes). Installs both with apt-get when missing and running as root, as .ci/run does on a
// fresh machine; anywhere else it stops and says what to install.
import { accessSync, constants } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'

const DEFAULT_CHROMIUM = '/usr/bin/chromium'
const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }

/** @param {string} path */
function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** @param {string} name */
function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

function hasChineseFonts() {
  if (commandExists('fc-list')) {
    const result = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' })
    if (result.status === 0 && result.stdout.trim() !== '') return true
  }
  if (commandExists('dpkg-query')) {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', 'fonts-noto-cjk'], { encoding: 'utf8' })
    return result.status === 0 && result.stdout.includes('install ok installed')
  }
  return false
}

/** @param {string[]} packages */
function aptInstall(packages) {
  const install = () =>
    spawnSync('apt-get', ['install', '-y', ...packages], { stdio: 'inherit', env: APT_ENV }).status === 0
  if (install()) return true
  // A fresh machine often has stale or empty package lists.
  console.error('[e2e] apt-get install failed; running apt-get update and retrying')
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env: APT_ENV })
  return install()
}

function canInstall() {
  return typeof process.getuid === 'function' && process.getuid() === 0 && commandExists('apt-get')
}

/** Returns the Chromium executable to drive; throws with an actionable message when it cannot. */
export function ensureChromium() {
  const explicitPath = process.env.CHROMIUM_PATH
  const chromiumPath = explicitPath || DEFAULT_CHROMIUM
  /** @type {string[]} */
  const missing = []
  if (!isExecutable(chromiumPath)) {
    if (explicitPath && explicitPath !== DEFAULT_CHROMIUM) {
      throw new Error(
        `[e2e] CHROMIUM_PATH=${explicitPath} is not an executable file. Point it at a Chromium binary.`,
      )
    }
    missing.push('chromium')
  }
  if (!hasChineseFonts()) missing.push('fonts-noto-cjk')
  if (missing.length === 0) return chromiumPath

  if (!canInstall()) {
    throw new Error(
      `[e2e] Missing: ${missing.join(', ')}. Install them with\n` +
        `  sudo apt-get install -y ${missing.join(' ')}\n` +
        'or set CHROMIUM_PATH to a Chromium binary (CJK fonts are still needed for the zh-CN pages).',
    )
  }
  console.error(`[e2e] installing ${missing.join(' ')} from the Debian package repository`)
  if (!aptInstall(missing)) throw new Error(`[e2e] apt-get install -y ${missing.join(' ')} failed`)
  if (!isExecutable(chromiumPath))
    throw new Error(`[e2e] ${chromiumPath} is still missing after installing chromium`)
  if (!hasChineseFonts())
    throw new Error('[e2e] no Chinese font found (fc-list :lang=zh) after installing fonts-noto-cjk')
  return chromiumPath
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(ensureChromium())
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  }
}
