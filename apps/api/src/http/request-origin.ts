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

/**
 * An origin (`scheme://host[:port]`, nothing more) as browsers serialize it: lower case, without
 * the scheme's default port (`http://a:80` is `http://a`); undefined for anything else (`null`, a
 * path, credentials, a malformed host).
 */
export function serializedOrigin(text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return undefined
  }
  return url.origin !== 'null' && url.href === `${url.origin}/` ? url.origin : undefined
}

/**
 * The origin this request was addressed to, as a browser on our own pages would send it in Origin:
 * serialized alike, so a Host or X-Forwarded-Host that spells out the default port (a proxy
 * forwarding `$host:$server_port`) still names the origin the browser sends without it.
 */
export function requestOrigin(c: Context<AppEnv>, trustProxy: boolean): string {
  const url = new URL(c.req.url)
  const forwardedHost = trustProxy ? c.req.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined
  const host = forwardedHost || c.req.header('host') || url.host
  const addressed = `${cameOverTls(c, trustProxy) ? 'https' : 'http'}://${host.toLowerCase()}`
  // A Host that is no host at all names no origin a browser could send.
  return serializedOrigin(addressed) ?? addressed
}
