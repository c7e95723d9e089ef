/**
 * The URL a leak report names, kept only when it is an http(s) URL that does not itself hold the
 * secret: it is shown to people as a link, so `javascript:` and the like never reach them.
 */
export function leakUrlOf(value: string | undefined, secret: string): string | null {
  if (value === undefined || value.length > 2_048 || value.includes(secret)) return null
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}
