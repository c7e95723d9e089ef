import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { CoreLogFields, CoreLogger, CoreLogLevel } from '../core-contract.js'
import {
  createTestToken,
  openTestAccountsClosedAfterEach,
  type TestCore,
} from '../test-support/open-test-core.js'
import { createKeyring } from '../crypto/keyring.js'
import { sealSecret, tokenBinding } from '../crypto/seal-secret.js'
import { tamperWithStoredSecret } from '../test-support/stored-credentials.js'

const openAccount = openTestAccountsClosedAfterEach()

function recordingLogger() {
  const entries: { level: CoreLogLevel; event: string; fields: CoreLogFields }[] = []
  const logger: CoreLogger = { log: (level, event, fields) => void entries.push({ level, event, fields }) }
  return { entries, logger }
}

async function tamperWith(test: TestCore, tokenId: string): Promise<string> {
  return (await tamperWithStoredSecret(await test.database(), tokenId)).before
}

describe('revealing a credential that no longer opens', () => {
  it('fails closed with CredentialUnavailable on tampered ciphertext and reports the row and reason, without any secret', async () => {
    const { entries, logger } = recordingLogger()
    const { account, ...test } = await openAccount('agency', { logger })
    const { token, credentials } = await createTestToken(test.core, account)
    const sealed = await tamperWith(test, token.id)
    await expect(test.core.tokens.reveal(account.admin, token.id)).rejects.toMatchObject({
      code: 'CredentialUnavailable',
    })

    const legacy = await test.core.legacy.enable(account.admin)
    if (!legacy.enabled) throw new Error('legacy not enabled')
    await tamperWith(test, legacy.readOnly.id)
    await expect(test.core.legacy.reveal(account.admin)).rejects.toMatchObject({
      code: 'CredentialUnavailable',
    })

    const reports = entries.filter((entry) => entry.event === 'credential.unavailable')
    expect(reports.map((r) => [r.level, r.fields.tokenId, r.fields.reason])).toEqual([
      ['error', token.id, 'not-authentic'],
      ['error', legacy.readOnly.id, 'not-authentic'],
    ])
    expect(reports[0]?.fields).toMatchObject({
      accountId: account.accountId,
      keyId: expect.stringMatching(/^[0-9a-f]{8}$/),
    })
    const logged = JSON.stringify(entries)
    for (const secret of [credentials.authToken, sealed, test.masterKey]) expect(logged).not.toContain(secret)
    const db = await test.database()
    const reveals = await db
      .selectFrom('audit_events')
      .select('id')
      .where('action', 'in', ['token.reveal', 'legacy.reveal'])
      .execute()
    expect(reveals).toEqual([])
  })

  it('fails closed on a credential sealed under a key it does not hold and reports that the key is unknown', async () => {
    const { account, ...test } = await openAccount('brand')
    // The core refuses to start with a key that opens none of the stored credentials (open-core),
    // so the unknown key is one row's: sealed under another master key, as a rotation that could
    // not open it leaves it.
    await createTestToken(test.core, account, { name: 'Readable' })
    const { token } = await createTestToken(test.core, account)
    await test.core.close()
    const { entries, logger } = recordingLogger()
    const other = createKeyring(randomBytes(32))
    const db = await test.database()
    await db
      .updateTable('tokens')
      .set({ sealed_secret: sealSecret(other, 'tcat_unknown', tokenBinding(token.id, token.accountSid)) })
      .where('id', '=', token.id)
      .execute()
    const wrong = await test.openSibling({ logger })
    await expect(wrong.core.tokens.reveal(account.admin, token.id)).rejects.toMatchObject({
      code: 'CredentialUnavailable',
    })
    expect(entries.find((e) => e.event === 'credential.unavailable')?.fields).toMatchObject({
      tokenId: token.id,
      reason: 'unknown-key',
    })
    expect(JSON.stringify(entries)).not.toContain(test.masterKey)
  })
})
