/**
 * Code the browser could not download (offline) and is asked for again. Chromium remembers a
 * module it failed to fetch for the life of the page: every later import of it, and of any module
 * that imports it, fails at once without asking the network (so do the modulepreload links Vite
 * adds for a chunk's dependencies). Retrying the same import can therefore never succeed there;
 * what can is a fresh address for a module without dependencies, or loading the page again.
 */

/**
 * Whether the browser believes it is online: what every "offline" wording of the console asks, and
 * what loadPageAgain checks (a page loaded again offline would be the browser's error page).
 */
export function browserOnline(): boolean {
  return globalThis.navigator?.onLine !== false
}

let freshImports = 0

/**
 * Imports a module that has no imports of its own (a message catalog), and when that fails,
 * the same module once more under a fresh address, which no failure is remembered for. The address
 * comes from the browser's error (Chromium and Firefox name it); without one the failure stands.
 */
export async function importLeafModule<T>(
  load: () => Promise<T>,
  importAt: (href: string) => Promise<unknown> = (href) => import(/* @vite-ignore */ href),
): Promise<T> {
  try {
    return await load()
  } catch (error) {
    const url = error instanceof Error ? /\bhttps?:\/\/\S+/.exec(error.message)?.[0] : undefined
    if (url === undefined) throw error
    const fresh = new URL(url)
    fresh.searchParams.set('retry', String(++freshImports))
    return (await importAt(fresh.href)) as T
  }
}

/**
 * After a failed retry of a page's or a part's code: loads the page again at `href` (by default
 * where it is), which fetches every module anew. Not while offline, where the panel with Retry
 * stays. Answers whether the page is being loaded again.
 */
export function loadPageAgain(href?: string): boolean {
  if (!browserOnline()) return false
  if (href === undefined) globalThis.location.reload()
  else globalThis.location.assign(href)
  return true
}
