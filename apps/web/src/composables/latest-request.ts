/**
 * Requests of which only the newest counts: `start` aborts the one before and hands out the new
 * one, whose answer is used only while `isLatest` says it is still the newest; `abort` stops it.
 * @example const mine = requests.start(); const answer = await fetch(mine.signal); if (!requests.isLatest(mine)) return
 */
export function latestRequest() {
  let latest: AbortController | null = null
  return {
    start(): AbortController {
      latest?.abort()
      latest = new AbortController()
      return latest
    },
    /** The newest request, or null before the first. */
    current: (): AbortController | null => latest,
    isLatest: (request: AbortController | null): boolean => request === latest,
    abort: (): void => latest?.abort(),
  }
}
