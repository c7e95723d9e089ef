import { createHmac } from 'node:crypto'
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import type { DeliveryError } from '../../notifications/notification-schemas.js'
import { isRefusedAddress } from './private-address-guard.js'

export const WEBHOOK_TIMEOUT_MS_DEFAULT = 10_000

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the base64-decoded `whsec_` secret (Standard Webhooks). */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64')}`
}

export type WebhookResult =
  { ok: true; status: number } | { ok: false; error: DeliveryError; status: number | null }

class RefusedAddress extends Error {
  readonly code = 'ADDRESS_REFUSED'
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void

/**
 * Resolves like the default lookup and refuses a private address: the check runs on the address
 * the socket then connects to, so a name that resolves to a public address when saved and to a
 * private one at send time (DNS rebinding) is refused too.
 */
function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, [])
    const list = addresses as LookupAddress[]
    if (list.length === 0 || list.some((entry) => isRefusedAddress(entry.address))) {
      return callback(new RefusedAddress('refused address'), [])
    }
    if (options.all) return callback(null, list)
    const first = list[0] as LookupAddress
    return callback(null, first.address, first.family)
  })
}

function errorCodeOf(error: unknown): DeliveryError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  if (code === 'ADDRESS_REFUSED') return 'address_refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL' || code === 'EAI_NODATA')
    return 'dns_failed'
  if (code === 'TIMEOUT') return 'timeout'
  if (
    /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH)/.test(code) ||
    code === 'EPROTO'
  )
    return 'tls_failed'
  return 'connection_failed'
}

/**
 * POSTs a signed event to a webhook. HTTPS only and never a loopback, private, link-local or
 * metadata address (checked on the resolved address), unless `allowPrivate` (local development and
 * tests); redirects are not followed (a 3xx is a failure); the whole exchange is bounded by
 * `timeoutMs`; the answer's body is read and dropped.
 */
export function postWebhook(options: {
  url: string
  headers: Record<string, string>
  body: string
  allowPrivate: boolean
  timeoutMs: number
}): Promise<WebhookResult> {
  const { body, allowPrivate, timeoutMs } = options
  const url = new URL(options.url)
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) {
    return Promise.resolve({ ok: false, error: 'not_https', status: null })
  }
  const host = url.hostname.replace(/^\[|\]$/g, '')
  // An address literal never goes through the lookup: check it here.
  if (!allowPrivate && isIP(host) !== 0 && isRefusedAddress(host)) {
    return Promise.resolve({ ok: false, error: 'address_refused', status: null })
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<WebhookResult>((resolve) => {
    let settled = false
    const finish = (result: WebhookResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
    }
    const request = send(
      url,
      {
        method: 'POST',
        headers: {
          ...options.headers,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'TokenConsole-Webhooks/1',
        },
        ...(allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0
        response.resume()
        response.on('end', () =>
          finish(
            status >= 200 && status < 300
              ? { ok: true, status }
              : { ok: false, error: 'http_status', status },
          ),
        )
        response.on('error', (error) => finish({ ok: false, error: errorCodeOf(error), status }))
      },
    )
    const timer = setTimeout(() => {
      finish({ ok: false, error: 'timeout', status: null })
      request.destroy()
    }, timeoutMs)
    request.on('error', (error) => finish({ ok: false, error: errorCodeOf(error), status: null }))
    request.end(body)
  })
}
