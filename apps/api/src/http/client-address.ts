import { isIP } from 'node:net'
import type { Context } from 'hono'
import type { AppEnv } from './app-env.js'

/**
 * The address the request came from: the socket's peer, or behind a trusted reverse proxy the last
 * address of X-Forwarded-For, the one that proxy appended itself (earlier entries are whatever the
 * client chose to send). Null when neither is known.
 */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (forwarded && isIP(forwarded) !== 0) return forwarded
  }
  return c.env?.incoming?.socket.remoteAddress ?? null
}
