import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readServerConfig } from './server-config.js'

describe('server configuration', () => {
  it('uses the documented defaults', () => {
    const config = readServerConfig({ WEB_DIST: '/nonexistent' })
    expect(config).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      databaseUrl: undefined,
      masterKey: undefined,
      demoData: true,
      trustProxy: false,
      webDist: undefined,
      secretScanningKeys: undefined,
      smtpUrl: undefined,
      smtpFrom: undefined,
      webhooksAllowPrivate: false,
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

  it('reads every variable, and DEMO_DATA=false turns the demo seed off', () => {
    const config = readServerConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/tokens',
      DATABASE_URL: 'postgres://db/tokens',
      TOKENS_MASTER_KEY: 'a2V5',
      DEMO_DATA: 'false',
      TRUST_PROXY: 'true',
      SECRET_SCANNING_KEYS: '/etc/tokens/secret-scanning-keys.json',
    })
    expect(config).toMatchObject({
      secretScanningKeys: '/etc/tokens/secret-scanning-keys.json',
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/tokens',
      databaseUrl: 'postgres://db/tokens',
      masterKey: 'a2V5',
      demoData: false,
      trustProxy: true,
    })
  })

  it('refuses an invalid port, naming the variable but not echoing values', () => {
    expect(() => readServerConfig({ PORT: 'eighty', TOKENS_MASTER_KEY: 'secret-value' })).toThrow(/PORT/)
    expect(() => readServerConfig({ PORT: 'eighty', TOKENS_MASTER_KEY: 'secret-value' })).not.toThrow(
      /secret-value/,
    )
  })
})
