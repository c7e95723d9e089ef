import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openTestCore } from './test-support/open-test-core.js'
import { testDialect } from './test-support/test-postgres.js'

describe('a failure while the core opens names the setting of the step that failed', () => {
  it('marks an SMTP transport that cannot be made as smtpUrl, keeping its code', async () => {
    await expect(openTestCore({ smtpUrl: 'smtp://user:hunter2@[bad' })).rejects.toMatchObject({
      name: 'StartStepError',
      step: 'email',
      setting: 'smtpUrl',
      code: 'ERR_INVALID_URL',
    })
  })

  // On PostgreSQL nothing in DATA_DIR is needed at start (the server makes no key file there).
  it.skipIf(testDialect() === 'postgres')(
    'marks a DATA_DIR where the database file cannot be made as dataDir',
    async () => {
      const parent = mkdtempSync(join(tmpdir(), 'tokens-start-step-'))
      try {
        // A folder below a plain file: every mkdir in it fails (ENOTDIR), even for root.
        writeFileSync(join(parent, 'file'), '')
        const dataDir = join(parent, 'file', 'data')
        await expect(openTestCore({ dataDir, masterKey: '' })).rejects.toMatchObject({
          name: 'StartStepError',
          step: 'database',
          setting: 'dataDir',
          code: 'ENOTDIR',
        })
      } finally {
        rmSync(parent, { recursive: true, force: true })
      }
    },
  )
})
