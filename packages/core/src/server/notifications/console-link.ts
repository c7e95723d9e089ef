import type { TokenKind } from '../../tokens/token-schemas.js'

/** The token whose page a link opens: its id and kind, neither of them a secret. */
export interface LinkedToken {
  id: string
  kind: TokenKind
}

/**
 * The address of a token's page in the console, for a reader who has only the e-mail: the SPA's
 * routes (apps/web/src/router/create-console-router.ts) give a scoped token a page of its own
 * and show an account's legacy credentials together on one page. `publicUrl` is the console's
 * public address (PUBLIC_URL), an http(s) origin (the SPA is served at its root); a trailing slash
 * is tolerated so a link never doubles one. Only the id goes into the link, never a secret.
 */
export function tokenConsoleLink(publicUrl: string, token: LinkedToken): string {
  const base = publicUrl.replace(/\/+$/, '')
  return token.kind === 'scoped'
    ? `${base}/settings/api/tokens/${encodeURIComponent(token.id)}`
    : `${base}/settings/api/legacy`
}
