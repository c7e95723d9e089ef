import { isIP } from 'node:net'
import type { Context } from 'hono'
import type { AppEnv } from './app-env.js'

/**
 * The address the request came from: the socket's peer, or behind a trusted reverse proxy the
 * first address of X-Forwarded-For (what the proxy saw). Null when neither is known.
 */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded && isIP(forwarded) !== 0) return forwarded
  }
  return c.env?.incoming?.socket.remoteAddress ?? null
}
