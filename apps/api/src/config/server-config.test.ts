import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ConfigError, readServerConfig } from './server-config.js'

const MASTER_KEY = Buffer.alloc(32, 7).toString('base64')
const METRICS_TOKEN = 'm'.repeat(40)

/** A folder of keys files: a valid document (GitHub's format), a malformed one; one that is missing. */
const keysDir = mkdtempSync(join(tmpdir(), 'token-console-config-keys-'))
const KEYS_FILE = join(keysDir, 'secret-scanning-keys.json')
const MALFORMED_KEYS_FILE = join(keysDir, 'malformed-keys.json')
const MISSING_KEYS_FILE = join(keysDir, 'missing-keys.json')
writeFileSync(
  KEYS_FILE,
  JSON.stringify({
    public_keys: [
      {
        key_identifier: 'one',
        key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
          .publicKey.export({ type: 'spki', format: 'pem' })
          .toString(),
        is_current: true,
      },
    ],
  }),
)
writeFileSync(MALFORMED_KEYS_FILE, '<html>not the keys</html>')

describe('server configuration', () => {
  afterAll(() => rmSync(keysDir, { recursive: true, force: true }))

  it('uses the documented defaults', () => {
    const config = readServerConfig({})
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      databaseUrl: undefined,
      masterKey: undefined,
      demoData: true,
      trustProxy: false,
      secretScanningKeys: undefined,
      smtpUrl: undefined,
      smtpFrom: undefined,
      webhooksAllowPrivate: false,
      shutdownDelayMs: 0,
      metricsToken: undefined,
      publicUrl: undefined,
    })
  })

  it('reads the notification variables, and refuses an SMTP_URL that is not smtp(s)://', () => {
    expect(
      readServerConfig({
        SMTP_URL: 'smtps://user:pass@mail.example.test:465',
        SMTP_FROM: 'Token Console <console@example.test>',
        WEBHOOKS_ALLOW_PRIVATE: 'true',
      }),
    ).toMatchObject({
      smtpUrl: 'smtps://user:pass@mail.example.test:465',
      smtpFrom: 'Token Console <console@example.test>',
      webhooksAllowPrivate: true,
    })
    expect(() => readServerConfig({ SMTP_URL: 'http://user:hunter2@mail.example.test' })).toThrow(/SMTP_URL/)
    expect(() => readServerConfig({ SMTP_URL: 'http://user:hunter2@mail.example.test' })).not.toThrow(
      /hunter2/,
    )
  })

  it.each([
    ['https://tokens.example.com', 'https://tokens.example.com'],
    ['http://localhost:5173', 'http://localhost:5173'],
    // The e-mail links append a path: the root's slash is dropped so it never doubles.
    ['https://tokens.example.com/', 'https://tokens.example.com'],
    ['HTTPS://Tokens.Example.COM:8443', 'https://tokens.example.com:8443'],
  ])('reads PUBLIC_URL=%s as the console’s address %s', (value, publicUrl) => {
    expect(readServerConfig({ PUBLIC_URL: value }).publicUrl).toBe(publicUrl)
  })

  it('refuses a PUBLIC_URL with credentials without showing them: every e-mail would carry them', () => {
    expect(() => readServerConfig({ PUBLIC_URL: 'https://admin:hunter2@tokens.example.com' })).toThrow(
      /PUBLIC_URL/,
    )
    expect(() => readServerConfig({ PUBLIC_URL: 'https://admin:hunter2@tokens.example.com' })).not.toThrow(
      /hunter2/,
    )
  })

  it('reads every variable, and DEMO_DATA=false turns the demo seed off', () => {
    const config = readServerConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/tokens',
      DATABASE_URL: 'postgres://db/tokens',
      TOKENS_MASTER_KEY: MASTER_KEY,
      DEMO_DATA: 'false',
      TRUST_PROXY: 'true',
      SECRET_SCANNING_KEYS: KEYS_FILE,
      SHUTDOWN_DELAY_MS: '5000',
      METRICS_TOKEN: METRICS_TOKEN,
    })
    expect(config).toMatchObject({
      secretScanningKeys: KEYS_FILE,
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/tokens',
      databaseUrl: 'postgres://db/tokens',
      masterKey: MASTER_KEY,
      demoData: false,
      trustProxy: true,
      shutdownDelayMs: 5000,
      metricsToken: METRICS_TOKEN,
    })
  })

  it('treats an empty variable as unset (PORT= is the default port, not port 0)', () => {
    expect(
      readServerConfig({ PORT: '', DEMO_DATA: '', WEB_DIST: '', SHUTDOWN_DELAY_MS: '', PUBLIC_URL: '' }),
    ).toMatchObject({
      port: 3000,
      demoData: true,
      shutdownDelayMs: 0,
      publicUrl: undefined,
    })
  })

  it('reads whole numbers written in decimal digits, leading zeros and the bounds included', () => {
    expect(readServerConfig({ PORT: '0', SHUTDOWN_DELAY_MS: '60000' })).toMatchObject({
      port: 0,
      shutdownDelayMs: 60_000,
    })
    expect(readServerConfig({ PORT: '08080', SHUTDOWN_DELAY_MS: '0' })).toMatchObject({
      port: 8080,
      shutdownDelayMs: 0,
    })
    expect(readServerConfig({ PORT: '65535' }).port).toBe(65_535)
  })

  it.each([
    ['PORT', 'abc', 'PORT must be a whole number from 0 to 65535'],
    ['PORT', '70000', 'PORT must be a whole number from 0 to 65535'],
    ['PORT', '80.5', 'PORT must be a whole number from 0 to 65535'],
    // Decimal digits only: Number() would take each of these (' ' as 0, a random port).
    ['PORT', ' ', 'PORT must be a whole number from 0 to 65535'],
    ['PORT', '0x1136', 'PORT must be a whole number from 0 to 65535'],
    ['PORT', '1e3', 'PORT must be a whole number from 0 to 65535'],
    ['PORT', ' 8080', 'PORT must be a whole number from 0 to 65535'],
    ['PORT', '+8080', 'PORT must be a whole number from 0 to 65535'],
    ['PORT', '99999999999999999999', 'PORT must be a whole number from 0 to 65535'],
    ['SHUTDOWN_DELAY_MS', ' ', 'SHUTDOWN_DELAY_MS must be a whole number of milliseconds from 0 to 60000'],
    ['SHUTDOWN_DELAY_MS', '1e3', 'SHUTDOWN_DELAY_MS must be a whole number of milliseconds from 0 to 60000'],
    ['SHUTDOWN_DELAY_MS', '0x10', 'SHUTDOWN_DELAY_MS must be a whole number of milliseconds from 0 to 60000'],
    ['HOST', '  ', 'HOST must be a host name or address to listen on'],
    ['DATABASE_URL', 'mysql://db/tokens', 'DATABASE_URL must be a postgres:// or postgresql:// URL'],
    [
      'TOKENS_MASTER_KEY',
      Buffer.alloc(16).toString('base64'),
      'TOKENS_MASTER_KEY must be the base64 encoding of exactly 32 bytes',
    ],
    ['DEMO_DATA', 'maybe', 'DEMO_DATA must be true or false'],
    ['TRUST_PROXY', 'yes', 'TRUST_PROXY must be true or false'],
    ['WEB_DIST', '/nonexistent/web', 'WEB_DIST must be a folder holding the built SPA'],
    [
      'SECRET_SCANNING_KEYS',
      'http://keys.test/keys.json',
      'SECRET_SCANNING_KEYS must be a file path or an https:// URL',
    ],
    // Not a URL (new URL() refuses it, as nodemailer would): refused at start, the password not shown.
    ['SMTP_URL', 'smtp://user:hunter2@[bad', 'SMTP_URL must be an smtp:// or smtps:// URL'],
    ['SMTP_URL', 'smtp:///no-host', 'SMTP_URL must be an smtp:// or smtps:// URL'],
    // A keys file is read and parsed at start: a missing or malformed one is refused, saying why.
    [
      'SECRET_SCANNING_KEYS',
      MISSING_KEYS_FILE,
      "SECRET_SCANNING_KEYS must be a readable file of public keys in GitHub's format, or an https:// URL (the file: ENOENT)",
    ],
    [
      'SECRET_SCANNING_KEYS',
      MALFORMED_KEYS_FILE,
      "SECRET_SCANNING_KEYS must be a readable file of public keys in GitHub's format, or an https:// URL (the file: not a public-keys document)",
    ],
    ['SHUTDOWN_DELAY_MS', '-1', 'SHUTDOWN_DELAY_MS must be a whole number of milliseconds from 0 to 60000'],
    ['METRICS_TOKEN', 'short', 'METRICS_TOKEN must be at least 32 printable characters'],
    ['PUBLIC_URL', 'tokens.example.com', 'PUBLIC_URL must be the console'],
    ['PUBLIC_URL', 'ftp://tokens.example.com', 'PUBLIC_URL must be the console'],
    ['PUBLIC_URL', 'javascript:alert(1)', 'PUBLIC_URL must be the console'],
    ['PUBLIC_URL', 'https://tokens.example.com/?next=1', 'PUBLIC_URL must be the console'],
    ['PUBLIC_URL', 'https://tokens.example.com/#top', 'PUBLIC_URL must be the console'],
    ['PUBLIC_URL', 'https://tokens.example.com/?', 'PUBLIC_URL must be the console'],
    ['PUBLIC_URL', 'https://tokens .example.com', 'PUBLIC_URL must be the console'],
    // The SPA is built for the root of its address: a link under a prefix would not load.
    ['PUBLIC_URL', 'https://example.com/console', 'PUBLIC_URL must be the console'],
    ['PUBLIC_URL', 'https://example.com/console/', 'PUBLIC_URL must be the console'],
    ['PUBLIC_URL', 'https://example.com//', 'PUBLIC_URL must be the console'],
  ])('refuses %s=%s in one line naming the variable and what is allowed', (name, value, expected) => {
    let message = ''
    try {
      readServerConfig({ [name]: value })
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError)
      message = (error as Error).message
    }
    expect(message).toContain(expected)
    expect(message).not.toContain('\n')
    if (value.length > 6) expect(message).not.toContain(value)
  })

  it('refuses an invalid port, naming the variable but not echoing values', () => {
    expect(() => readServerConfig({ PORT: 'eighty', TOKENS_MASTER_KEY: 'secret-value' })).toThrow(/PORT/)
    expect(() => readServerConfig({ PORT: 'eighty', TOKENS_MASTER_KEY: 'secret-value' })).not.toThrow(
      /secret-value/,
    )
  })
})
