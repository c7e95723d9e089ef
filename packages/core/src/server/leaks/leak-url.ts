/**
 * The URL a leak report names, kept only when it is an http(s) URL that does not itself hold the
 * secret: it is shown to people as a link, so `javascript:` and the like never reach them.
 * The secret is looked for in what would be kept, the parsed URL with its percent-escapes read
 * back, not only in what was sent: the parser drops tabs and newlines, so a secret split by one
 * arrives whole, and a percent-encoded secret is the secret to anyone who follows the link.
 */
export function leakUrlOf(value: string | undefined, secret: string): string | null {
  if (value === undefined || value.length > 2_048 || value.includes(secret)) return null
  let href: string
  try {
    const url = new URL(value)
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null
    href = url.href
  } catch {
    return null
  }
  return href.includes(secret) || percentDecoded(href).includes(secret) ? null : href
}

/** Every `%XX` as the character of that code: enough to find an ASCII secret, and it never throws. */
function percentDecoded(href: string): string {
  return href.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}
