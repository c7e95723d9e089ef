import type { TLSSocket } from 'node:tls'
import type { Context } from 'hono'
import type { AppEnv } from './app-env.js'

/** Whether the request reached us over TLS (directly, or at a trusted proxy that says so). */
export function cameOverTls(c: Context<AppEnv>, trustProxy: boolean): boolean {
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase()
    if (proto) return proto === 'https'
  }
  if ((c.env?.incoming?.socket as TLSSocket | undefined)?.encrypted) return true
  return new URL(c.req.url).protocol === 'https:'
}

/** The origin this request was addressed to, as a browser on our own pages would send it in Origin. */
export function requestOrigin(c: Context<AppEnv>, trustProxy: boolean): string {
  const url = new URL(c.req.url)
  const forwardedHost = trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined
  const host = forwardedHost || c.req.header('host') || url.host
  return `${cameOverTls(c, trustProxy) ? 'https' : 'http'}://${host.toLowerCase()}`
}
