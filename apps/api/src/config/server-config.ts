import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseMasterKey } from '@tokens/core/server'
import { z } from 'zod'
import { isKeysUrl, keysLoadReason, readPublicKeysFile } from '../secret-scanning/scanner-public-keys.js'

/** An unset variable and an empty one mean the same: the default (`PORT=` is not port 0). */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional())

const flag = (name: string) =>
  optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((value) => ['true', 'false', '1', '0'].includes(value), {
        error: `${name} must be true or false`,
      })
      .transform((value) => value === 'true' || value === '1'),
  )

const masterKey = z.string().refine(
  (value) => {
    try {
      parseMasterKey(value, 'TOKENS_MASTER_KEY')
      return true
    } catch {
      return false
    }
  },
  { error: 'TOKENS_MASTER_KEY must be the base64 encoding of exactly 32 bytes (openssl rand -base64 32)' },
)

/**
 * A URL nodemailer takes for an SMTP server: it parses the value as a URL (WHATWG), and only smtp:
 * and smtps: are an SMTP server. Checked at start, so a mistyped one (`smtp://user:pass@[bad`) is
 * refused naming SMTP_URL instead of failing later as something else.
 */
function isSmtpUrl(value: string): boolean {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== ''
}

/**
 * PUBLIC_URL as the e-mails' links use it: an http(s) origin, without credentials (every e-mail
 * would carry them), path, query or fragment. No path: the SPA is built for the root of its address
 * (its router and assets have no base), so a link under a prefix would open a page that does not
 * load. A trailing slash is the root and is dropped. Not a URL of that shape: undefined.
 */
function publicUrlOf(value: string): string | undefined {
  if (/[?#\s]/.test(value)) return undefined
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  if (url.hostname === '' || url.username !== '' || url.password !== '') return undefined
  if (url.pathname !== '/') return undefined
  return url.origin
}

const PUBLIC_URL_ERROR =
  "PUBLIC_URL must be the console's http:// or https:// origin (scheme, host and optional port; no path, credentials, query or fragment; unset: e-mails carry no link)"

/**
 * A whole number from `min` to `max`, written in decimal digits only; each way of missing it is
 * refused with `error`. Not Number(): that takes ' ' (0: PORT=' ' listened on a random port),
 * '0x1136', '1e3', ' 80', '+80'. Empty is unset (`optional`); anything else but digits is refused.
 */
function wholeNumber(min: number, max: number, error: string) {
  return z
    .string({ error })
    .regex(/^\d+$/, { error })
    .transform(Number)
    .pipe(z.number().int({ error }).min(min, { error }).max(max, { error }))
}

/**
 * The environment of the README's table ("Environment"), read once at start. Each
 * refusal names its variable and what is allowed, never the value (it may be a secret).
 */
const Environment = z.object({
  PORT: optional(wholeNumber(0, 65_535, 'PORT must be a whole number from 0 to 65535')).transform(
    (value) => value ?? 3000,
  ),
  HOST: optional(
    z.string().trim().min(1, { error: 'HOST must be a host name or address to listen on' }),
  ).transform((value) => value ?? '127.0.0.1'),
  DATA_DIR: optional(z.string()).transform((value) => value ?? './data'),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/i, {
      error: 'DATABASE_URL must be a postgres:// or postgresql:// URL (unset: SQLite in DATA_DIR)',
    }),
  ),
  TOKENS_MASTER_KEY: optional(masterKey),
  DEMO_DATA: flag('DEMO_DATA'),
  TRUST_PROXY: flag('TRUST_PROXY'),
  WEB_DIST: optional(
    z.string().refine((value) => existsSync(join(resolve(value), 'index.html')), {
      error: 'WEB_DIST must be a folder holding the built SPA (its index.html)',
    }),
  ),
  SECRET_SCANNING_KEYS: optional(
    z
      .string()
      .refine((value) => !/^http:\/\//i.test(value), {
        error: 'SECRET_SCANNING_KEYS must be a file path or an https:// URL',
      })
      .superRefine((value, context) => {
        // A file is read and parsed now: a missing or malformed one stops the server here rather
        // than failing every report later. A URL is fetched on first use (its failures are logged).
        if (isKeysUrl(value)) return
        try {
          readPublicKeysFile(value)
        } catch (error) {
          context.addIssue({
            code: 'custom',
            message: `SECRET_SCANNING_KEYS must be a readable file of public keys in GitHub's format, or an https:// URL (the file: ${keysLoadReason(error)})`,
          })
        }
      }),
  ),
  SHUTDOWN_DELAY_MS: optional(
    wholeNumber(0, 60_000, 'SHUTDOWN_DELAY_MS must be a whole number of milliseconds from 0 to 60000'),
  ).transform((value) => value ?? 0),
  METRICS_TOKEN: optional(
    z.string().regex(/^[\x21-\x7e]{32,}$/, {
      error: 'METRICS_TOKEN must be at least 32 printable characters without spaces (openssl rand -hex 32)',
    }),
  ),
  SMTP_URL: optional(
    z.string().refine(isSmtpUrl, {
      error: 'SMTP_URL must be an smtp:// or smtps:// URL with a host (unset: e-mails stay queued)',
    }),
  ),
  SMTP_FROM: optional(
    z.string().trim().min(1, { error: 'SMTP_FROM must be an e-mail address, optionally "Name <address>"' }),
  ),
  WEBHOOKS_ALLOW_PRIVATE: flag('WEBHOOKS_ALLOW_PRIVATE'),
  PUBLIC_URL: optional(
    z.string().transform((value, context) => {
      const url = publicUrlOf(value)
      if (url === undefined) context.addIssue({ code: 'custom', message: PUBLIC_URL_ERROR })
      return url ?? z.NEVER
    }),
  ),
})

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  masterKey: string | undefined
  demoData: boolean
  trustProxy: boolean
  /** The built SPA, when there is one. */
  webDist: string | undefined
  /** A path to, or an https URL of, the secret scanner's public-keys document; unset: the endpoint is off. */
  secretScanningKeys: string | undefined
  /** SMTP server for notification e-mails; unset: e-mails stay queued and the settings screen says so. */
  smtpUrl: string | undefined
  /** The notification e-mails' From address. */
  smtpFrom: string | undefined
  /** Webhooks may use http:// and private addresses: local development and tests only. */
  webhooksAllowPrivate: boolean
  /** The console's public address, without a trailing slash: e-mails link to tokens there; unset: no link. */
  publicUrl: string | undefined
  /**
   * After SIGTERM, how long to keep serving with /readyz at 503 before no longer accepting: the
   * time a load balancer needs to notice and stop sending (0: stop accepting at once).
   */
  shutdownDelayMs: number
  /** The bearer token GET /metrics requires; unset: /metrics answers 404. */
  metricsToken: string | undefined
}

/** A refused environment: its message is the one line the server prints before it exits. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/** apps/web/dist, seen from apps/api/src or apps/api/dist alike. */
const DEFAULT_WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist')

/** A zod message of our own is a sentence naming the variable; zod's own (wrong type) is not. */
function sentenceOf(issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join('.')
  return issue.message.startsWith(`${name} `) ? issue.message : `${name} is not valid (${issue.code})`
}

export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = Environment.safeParse(env)
  if (!parsed.success) {
    throw new ConfigError(`Invalid environment: ${parsed.error.issues.map(sentenceOf).join('; ')}`)
  }
  const e = parsed.data
  const webDist = resolve(e.WEB_DIST ?? DEFAULT_WEB_DIST)
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    masterKey: e.TOKENS_MASTER_KEY,
    demoData: e.DEMO_DATA ?? true,
    trustProxy: e.TRUST_PROXY ?? false,
    webDist: existsSync(join(webDist, 'index.html')) ? webDist : undefined,
    secretScanningKeys: e.SECRET_SCANNING_KEYS,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    webhooksAllowPrivate: e.WEBHOOKS_ALLOW_PRIVATE ?? false,
    publicUrl: e.PUBLIC_URL,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    metricsToken: e.METRICS_TOKEN,
  }
}
