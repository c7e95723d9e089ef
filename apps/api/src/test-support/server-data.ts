import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AccountKind } from '@tokens/core'
import { openTestCore, type TestCore } from '@tokens/core/testing'

export interface ServerData {
  /** DATA_DIR, TOKENS_MASTER_KEY and DEMO_DATA=false, for startServerProcess. */
  env: Record<string, string>
  dataDir: string
  masterKey: string
  email: string
  password: string
  adminUserId: string
  /** A core on the same SQLite file, for arranging rows: close it before the test ends. */
  setup: TestCore
}

/**
 * A fresh DATA_DIR (SQLite) and master key holding one account and its Account Administrator, for
 * a server process to start on. The caller removes `dataDir`.
 */
export async function prepareServerData(kind: AccountKind, label: string): Promise<ServerData> {
  const dataDir = mkdtempSync(join(tmpdir(), `token-console-${label}-`))
  const masterKey = randomBytes(32).toString('base64')
  const setup = await openTestCore({ dataDir, masterKey })
  const account = await setup.core.provisioning.createAccount({ kind, name: `${label} ${kind}` })
  const email = `admin@${label}.test`
  const password = `${label} password`
  const admin = await setup.core.provisioning.createUser({
    accountId: account.id,
    email,
    name: 'Administrator',
    role: 'account_administrator',
    password,
  })
  return {
    env: { DATA_DIR: dataDir, TOKENS_MASTER_KEY: masterKey, DEMO_DATA: 'false' },
    dataDir,
    masterKey,
    email,
    password,
    adminUserId: admin.id,
    setup,
  }
}
