import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/** The environment of DESIGN.md "Running", read once at start. */
const Environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().min(1).optional(),
  TOKENS_MASTER_KEY: z.string().min(1).optional(),
  DEMO_DATA: z.string().optional(),
  TRUST_PROXY: z.string().optional(),
  WEB_DIST: z.string().min(1).optional(),
  SECRET_SCANNING_KEYS: z.string().min(1).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'smtp:// or smtps://')
    .optional(),
  SMTP_FROM: z.string().min(1).optional(),
  WEBHOOKS_ALLOW_PRIVATE: z.string().optional(),
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
}

/** apps/web/dist, seen from apps/api/src or apps/api/dist alike. */
const DEFAULT_WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'web', 'dist')

export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = Environment.safeParse(env)
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')
    throw new Error(`Invalid environment: ${names}`)
  }
  const e = parsed.data
  const webDist = resolve(e.WEB_DIST ?? DEFAULT_WEB_DIST)
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    masterKey: e.TOKENS_MASTER_KEY,
    demoData: e.DEMO_DATA?.trim().toLowerCase() !== 'false',
    trustProxy: e.TRUST_PROXY?.trim().toLowerCase() === 'true',
    webDist: existsSync(join(webDist, 'index.html')) ? webDist : undefined,
    secretScanningKeys: e.SECRET_SCANNING_KEYS,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    webhooksAllowPrivate: e.WEBHOOKS_ALLOW_PRIVATE?.trim().toLowerCase() === 'true',
  }
}
