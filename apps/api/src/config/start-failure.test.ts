import { StartStepError } from '@tokens/core/server'
import { describe, expect, it } from 'vitest'
import { readServerConfig } from './server-config.js'
import { startFailureLine } from './start-failure.js'

const withCode = (code: string) => Object.assign(new Error('secret-bearing message hunter2'), { code })

describe('the start-failure line', () => {
  const postgres = readServerConfig({
    DATABASE_URL: 'postgres://tokens:hunter2@db.example.test/tokens',
    DATA_DIR: '/srv/tokens',
  })
  const sqlite = readServerConfig({ DATA_DIR: '/srv/tokens' })

  it.each([
    // The repro: PostgreSQL with an unwritable DATA_DIR, where master.key is made.
    {
      what: 'the key file on PostgreSQL',
      config: postgres,
      error: new StartStepError('keyFile', 'dataDir', withCode('EACCES')),
      expected: 'DATA_DIR: cannot read or create the master key file in /srv/tokens (EACCES)',
    },
    {
      what: 'the database on PostgreSQL',
      config: postgres,
      error: new StartStepError('database', 'databaseUrl', withCode('ECONNREFUSED')),
      expected: 'DATABASE_URL: cannot use the database (connection refused)',
    },
    {
      what: 'the database on SQLite',
      config: sqlite,
      error: new StartStepError('database', 'dataDir', withCode('SQLITE_CANTOPEN')),
      expected: 'DATA_DIR: cannot open the database in /srv/tokens (SQLITE_CANTOPEN)',
    },
    // The repro: an SMTP_URL nodemailer cannot parse was blamed on DATA_DIR.
    {
      what: 'e-mail',
      config: sqlite,
      error: new StartStepError('email', 'smtpUrl', withCode('ERR_INVALID_URL')),
      expected: 'SMTP_URL: cannot set up sending e-mail (ERR_INVALID_URL)',
    },
  ])(
    'names the variable the failing step was marked with, without the error message: $what',
    ({ config, error, expected }) => {
      const line = startFailureLine(error, config)
      expect(line).toBe(expected)
      expect(line).not.toContain('hunter2')
    },
  )

  it('does not guess a variable from an error code of an unmarked failure', () => {
    expect(startFailureLine(withCode('EACCES'), postgres)).not.toMatch(/DATABASE_URL|DATA_DIR/)
  })
})
